"""The 党员 page's search over the filtered member rows, within one frame a keystroke at 100,000 members.

`SearchIndex(rows)` is made once per filter (the rows of member_cache_rows that the village/grid/status filters
left, in their order). A keystroke then is:
- `find(text)`: the positions of the rows whose search text holds the text — NumPy over the joined UTF-8 bytes
  (no Python per row); typing on, only where the shorter text was found is tested;
- `ranked(positions, text)`: those rows best match first, exactly models.members.rank_matches' order (0 the exact
  name, 1 the full pinyin or initials exactly, 2 one of them begins with the text, 3 the rest; stable), from a
  per-row "head" `|name|full pinyin|initials|` tested in C: "|text" in the head is rank ≤ 2, "|text|" rank ≤ 1,
  a head beginning with "|text|" rank 0. The rank-2 rows of a text of one or two characters (the first
  keystrokes, which match tens of thousands of rows) come from a dictionary: the rows by the first one and two
  characters of each field.
Both give exactly what filter_cached and rank_matches give (tests/ui/test_member_search_index.py).
"""
from __future__ import annotations

from collections.abc import Iterable
from itertools import accumulate, compress, filterfalse, repeat
from operator import contains, itemgetter, methodcaller
from typing import Any

from models.members import CACHE_COLUMNS

SEARCH_COLUMN = CACHE_COLUMNS.index("search_text")
_HEAD_FIELDS = itemgetter(slice(0, 3))  # name, full pinyin, initials: the fields a better rank needs
PREFIX_LEN = 2  # texts this short find their rows of rank 0, 1 and 2 in a dictionary
_NAME, _PINYIN = "\x00", "\x01"  # the keys of the rows whose name (rank 0) or pinyin or initials (1) is the text


class SearchIndex:
    def __init__(self, rows: list[tuple[Any, ...]], *, prefixes: bool = True) -> None:
        """prefixes=False: the prefix table is filled later, add_prefixes(n) rows at a time (the page does it
        between events, so typing never waits for it); until it is complete, ranked() tests the heads."""
        self.rows = rows
        texts = list(map(itemgetter(SEARCH_COLUMN), rows))
        encoded = list(map(str.encode, texts))
        starts = accumulate(map(len, encoded), lambda a, n: a + n + 1, initial=0)  # and one past the end
        joined = b"\n".join(encoded)  # no search text holds a newline; UTF-8 matches whole characters
        import numpy  # here, not at the window's start (0.1 s): the index is made after the page has painted
        self.np = np = numpy
        self._bytes = np.frombuffer(joined, dtype=np.uint8)
        self._starts = np.fromiter(starts, dtype=np.int64, count=len(rows) + 1)
        self._counts = np.bincount(self._bytes, minlength=256)  # how often each byte occurs: the rarest leads
        self._last: tuple[bytes, Any] | None = None  # the last needle found and its offsets
        self._fields: list[tuple[str, ...]] = list(map(_HEAD_FIELDS, map(methodcaller("split", "|", 3), texts)))
        self.heads: list[str] = list(map("|{}|".format, map("|".join, self._fields)))
        self.prefixes: dict[str, list[int]] | None = None  # complete: the rows (ascending) a key names
        self._table: dict[str, list[int]] = {}
        self._done = 0
        if prefixes:
            self.add_prefixes(len(rows))

    def add_prefixes(self, count: int) -> bool:
        """Put the next `count` rows into the prefix table; True once every row is in."""
        table, get, fields = self._table, self._table.get, self._fields
        start, stop = self._done, min(len(fields), self._done + count)
        for i in range(start, stop):
            head = fields[i]
            if len(head) < 3:  # a search text without the pinyin fields (not made by members.search_text)
                head = (*head, "", "")[:3]
            name, full, initials = head
            keys = {name[:1], name[:2], full[:1], full[:2], initials[:1], initials[:2]}  # a row once a key
            if len(name) <= PREFIX_LEN:
                keys.add(_NAME + name)
            if len(initials) <= PREFIX_LEN:
                keys.add(_PINYIN + initials)
                if len(full) <= PREFIX_LEN:
                    keys.add(_PINYIN + full)
            keys.discard("")
            for key in keys:
                found = get(key)
                if found is None:
                    table[key] = [i]
                else:
                    found.append(i)
        self._done = stop
        if stop == len(fields) and self.prefixes is None:
            self.prefixes, self._fields = table, []
        return self.prefixes is not None

    def find(self, text: str) -> list[int]:
        """Positions (ascending) of the rows whose search text holds `text` (lower-cased, stripped).

        NumPy over the joined UTF-8 bytes (a valid UTF-8 needle matches whole characters only): the offsets of
        the needle's rarest byte, kept where the other bytes follow; a text that extends the last one found
        (typing on) tests only the last one's offsets. Offsets → rows by the row starts."""
        needle = text.encode()
        if not needle:
            return list(range(len(self.rows)))
        if b"\n" in needle:  # no search text holds a newline
            return []
        np, a, size = self.np, self._bytes, len(self._bytes)
        last = self._last
        if last is not None and needle.startswith(last[0]):
            offsets, have = last[1], len(last[0])
            offsets = offsets[offsets <= size - len(needle)]
            todo: Iterable[int] = range(have, len(needle))
        else:
            pivot = min(range(len(needle)), key=lambda k: self._counts[needle[k]])
            offsets = np.flatnonzero(a == needle[pivot]) - pivot
            offsets = offsets[(offsets >= 0) & (offsets <= size - len(needle))]
            todo = (k for k in range(len(needle)) if k != pivot)
        for k in todo:
            offsets = offsets[a[offsets + k] == needle[k]]
        self._last = (needle, offsets)
        return self._rows_of(offsets)

    def _rows_of(self, offsets: Any) -> list[int]:
        if not len(offsets):
            return []
        np, starts = self.np, self._starts
        if len(offsets) * 4 > len(self.rows):  # many: for each row start, the first offset at or after it
            first = np.searchsorted(offsets, starts)
            return np.flatnonzero(first[1:] > first[:-1]).tolist()  # type: ignore[no-any-return]
        rows = np.searchsorted(starts, offsets, side="right") - 1
        if len(rows) > 1:  # a row that holds the text twice, once
            rows = rows[np.concatenate(([True], rows[1:] != rows[:-1]))]
        return rows.tolist()  # type: ignore[no-any-return]

    def rows_at(self, positions: list[int]) -> list[tuple[Any, ...]]:
        if len(positions) == len(self.rows):  # ascending and distinct: every row (a digit every number holds)
            return list(self.rows)
        return list(map(self.rows.__getitem__, positions))

    def ranked(self, positions: list[int], text: str) -> list[tuple[Any, ...]]:
        """The rows at `positions` (find's result for `text`: every row holding it) in rank_matches' order."""
        text = text.strip().lower()
        if not text or not positions or "|" in text or any(ch.isdigit() for ch in text):
            return self.rows_at(positions)  # names and their pinyin hold no digits (nor a "|"): nothing ranks
        probe = "|" + text
        table = self.prefixes
        if len(text) <= PREFIX_LEN and table is not None:  # ascending, each a row holding the text: in positions
            better = table.get(text, [])
            first, exactly = table.get(_NAME + text, []), table.get(_PINYIN + text, [])
        else:
            better = list(compress(positions, map(contains, map(self.heads.__getitem__, positions), repeat(probe))))
            exact = probe + "|"
            heads = list(map(self.heads.__getitem__, better))
            exactly = list(compress(better, map(contains, heads, repeat(exact))))  # rank ≤ 1
            first = list(compress(better, map(methodcaller("startswith", exact), heads))) if exactly else []
        if not better:
            return self.rows_at(positions)
        ahead = better
        if first or exactly:
            taken = set(first)
            exactly = [i for i in exactly if i not in taken]
            taken.update(exactly)
            ahead = first + exactly + list(filterfalse(taken.__contains__, better))
        rows = self.rows
        ahead_rows = list(map(rows.__getitem__, ahead))
        if len(better) == len(positions):
            return ahead_rows
        return ahead_rows + list(map(rows.__getitem__, filterfalse(set(better).__contains__, positions)))
