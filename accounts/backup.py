"""Consistent copies of a live database with ``VACUUM INTO``, and restoring one.

``VACUUM INTO`` reads one snapshot (WAL readers and writers carry on) and writes every row
afresh into a new file: no free pages, no old bytes, no WAL, and rows in key order rather
than in the order they were written, so a backup pairs and orders no survey response.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from storage import StorageError, connect, migrate, seal_closed_rounds


def default_backup_path(source: Path) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return source.parent / "backups" / f"{source.stem}-{stamp}.db"


def backup_database(source: Path | str, target: Path | str, today: dt.date | None = None) -> Path:
    """Write a consistent copy of ``source`` to ``target`` (which must not exist yet).

    Rounds that closed before ``today`` are sealed first (``storage.seal_closed_rounds``).
    """
    source, target = Path(source), Path(target)
    if not source.exists():
        raise StorageError(f"No database to back up at {source}")
    if target.exists():
        raise StorageError(f"Backup target already exists: {target}")
    target.parent.mkdir(parents=True, exist_ok=True)
    db = connect(source)
    try:
        seal_closed_rounds(db, today or dt.date.today())
        # VACUUM INTO writes rows afresh in key order (random response ids), so the copy
        # keeps no submission order even for an open round, and it has no WAL to pair from.
        db.execute("VACUUM INTO ?", [str(target)])
    finally:
        db.close()
    dst = sqlite3.connect(str(target))
    try:
        dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    finally:
        dst.close()
    _check(target)
    return target


def restore_database(backup: Path | str, target: Path | str) -> Path:
    """Replace ``target`` with ``backup`` (stop the app first); the backup is checked first."""
    backup, target = Path(backup), Path(target)
    _check(backup)
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    src = sqlite3.connect(str(backup))
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    db = connect(target)
    try:
        migrate(db)  # a backup from an older Vitals is brought up to date
    finally:
        db.close()
    return target


def _check(path: Path) -> None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise StorageError(f"Not a usable database: {path} ({error})") from error
    finally:
        conn.close()
    if result != "ok":
        raise StorageError(f"Backup {path} failed its integrity check: {result}")
