"""The 党员 page's search over the filtered member rows, within one frame a keystroke at 100,000 members.

`SearchIndex(rows)` is made once per filter (the rows of member_cache_rows that the village/grid/status filters
left, in their order). A keystroke then is:
- `find(text)`: the positions of the rows whose search text holds the text — a few bytes.find calls over one
  UTF-8 string when few rows match, one C-level pass (map/compress, no Python per row) when many do;
- `narrow(positions, text)`: a longer text filters the previous, shorter result;
- `ranked(positions, text)`: those rows best match first, exactly models.members.rank_matches' order (0 the exact
  name, 1 the full pinyin or initials exactly, 2 one of them begins with the text, 3 the rest; stable), from a
  per-row "head" `|name|full pinyin|initials|` tested in C: "|text" in the head is rank ≤ 2, "|text|" rank ≤ 1,
  a head beginning with "|text|" rank 0.
Both give exactly what filter_cached and rank_matches give (tests/ui/test_member_search_index.py).
"""
from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate, compress, repeat
from operator import contains, itemgetter, methodcaller, not_
from typing import Any

from models.members import CACHE_COLUMNS

SEARCH_COLUMN = CACHE_COLUMNS.index("search_text")
_HEAD_FIELDS = itemgetter(slice(0, 3))  # name, full pinyin, initials: the fields a better rank needs


class SearchIndex:
    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self.rows = rows
        self.texts: list[str] = list(map(itemgetter(SEARCH_COLUMN), rows))
        encoded = list(map(str.encode, self.texts))
        self.starts: list[int] = list(accumulate(map(len, encoded), lambda a, n: a + n + 1, initial=0))
        self.joined = b"\n".join(encoded)  # no search text holds a newline; UTF-8 matches whole characters
        self.heads: list[str] = list(map("|{}|".format, map("|".join, map(
            _HEAD_FIELDS, map(methodcaller("split", "|", 3), self.texts)))))

    def find(self, text: str) -> list[int]:
        """Positions (ascending) of the rows whose search text holds `text` (lower-cased, stripped)."""
        texts, starts, find = self.texts, self.starts, self.joined.find
        n, out, needle = len(texts), [], text.encode()
        pos = find(needle)
        while pos >= 0:
            k = bisect_right(starts, pos) - 1
            out.append(k)
            if k + 1 >= n:
                break
            if len(out) >= 64 and len(out) * 48 > k:  # many rows match: one C-level pass over the rest
                out += compress(range(k + 1, n), map(contains, texts[k + 1:], repeat(text)))
                break
            pos = find(needle, starts[k + 1])
        return out

    def narrow(self, positions: list[int], text: str) -> list[int]:
        """Those of `positions` whose search text holds the (longer) text."""
        return list(compress(positions, map(contains, map(self.texts.__getitem__, positions), repeat(text))))

    def rows_at(self, positions: list[int]) -> list[tuple[Any, ...]]:
        if len(positions) == len(self.rows):  # ascending and distinct: every row (a digit every number holds)
            return list(self.rows)
        return list(map(self.rows.__getitem__, positions))

    def ranked(self, positions: list[int], text: str) -> list[tuple[Any, ...]]:
        """The rows at `positions` (a find/narrow result for `text`) in rank_matches' order."""
        text = text.strip().lower()
        if not text or not positions or "|" in text or any(ch.isdigit() for ch in text):
            return self.rows_at(positions)  # names and their pinyin hold no digits (nor a "|"): nothing ranks
        heads = list(map(self.heads.__getitem__, positions))
        probe = "|" + text
        better = list(map(contains, heads, repeat(probe)))  # rank ≤ 2
        ahead = list(compress(range(len(positions)), better))
        if not ahead:
            return self.rows_at(positions)
        exact = probe + "|"
        ahead_heads = list(map(heads.__getitem__, ahead))
        exactly = list(compress(ahead, map(contains, ahead_heads, repeat(exact))))  # rank ≤ 1
        if exactly:
            first = list(compress(ahead, map(methodcaller("startswith", exact), ahead_heads)))  # rank 0
            taken0, taken1 = set(first), set(exactly)
            ahead = first + [i for i in exactly if i not in taken0] + [i for i in ahead if i not in taken1]
        rows = self.rows_at(positions)
        return list(map(rows.__getitem__, ahead)) + list(compress(rows, map(not_, better)))
