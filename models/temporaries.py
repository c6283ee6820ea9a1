"""Temporaries that hold everyone's data, and their removal after a killed process.

A backup writes `.NAME.PID.part` beside its target (and, when encrypting, the plain copy beside the database),
`models.crypto` writes `.NAME.PID.part` beside what it writes, a restore `.NAME.restore-PID.tmp` beside the
database. A process killed meanwhile (kill -9, a pulled plug) leaves them: `clean_temporaries(folder)` removes
those whose process is gone or that are older than an hour. Every backup and restore calls it for the folders it
writes to, and the start-up backup for the database's folder; `clean_leftovers` does both folders at start.
"""
from __future__ import annotations

import os
import re
import time
from pathlib import Path

_PART = re.compile(r"^\..+\.(\d+)\.part(?:-journal|-wal|-shm)?$")           # a backup being written
_RESTORE_TMP = re.compile(r"^\..+\.restore-(\d+)\.tmp(?:-journal|-wal|-shm)?$")  # a restore's private copy
STALE_TEMPORARY = 3600  # seconds: no copy takes that long; older ones are left by a killed process


def clean_temporaries(folder: str | Path) -> list[Path]:
    """Remove the temporaries a killed backup (`.NAME.PID.part`) or restore (`.NAME.restore-PID.tmp`) left in
    folder — everyone's data in a hidden file — when their process is gone or they are older than an hour.
    Called by every backup and restore; call it at start for the database's folder and the backup folder."""
    from .lock import pid_alive  # models.lock imports models.backup, which imports this module
    removed = []
    try:
        children = list(Path(folder).iterdir())
    except OSError:
        return []
    for p in children:
        m = _PART.match(p.name) or _RESTORE_TMP.match(p.name)
        if not m or not p.is_file():
            continue
        try:
            old = time.time() - p.stat().st_mtime > STALE_TEMPORARY
        except OSError:
            continue
        if int(m[1]) != os.getpid() and (old or not pid_alive(int(m[1]))):
            try:
                p.unlink()
                removed.append(p)
            except OSError:
                pass
    return removed




def clean_leftovers(db_path: str | Path, backup_folder: str | Path) -> list[Path]:
    """At start: the temporaries beside the database and in its backup folder."""
    return clean_temporaries(Path(db_path).resolve().parent) + clean_temporaries(backup_folder)
