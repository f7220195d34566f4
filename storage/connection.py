"""Opening SQLite safely: one path setting, the pragmas we rely on, one connection per thread.

Streamlit runs every rerun in a fresh thread and ``sqlite3`` connections refuse to be shared
across threads, so ``get_db`` keeps a connection per (thread, path). WAL lets readers carry on
while a writer commits; the busy timeout makes concurrent writers queue instead of failing.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = PROJECT_ROOT / "data" / "vitals.db"
BUSY_TIMEOUT_MS = 10_000

_local = threading.local()


class StorageError(RuntimeError):
    """A database problem a person can fix (bad path, read-only folder, newer schema)."""


def database_path() -> Path:
    """The database file: ``$VITALS_DB`` if set, else ``data/vitals.db`` in the project."""
    configured = os.environ.get("VITALS_DB")
    return Path(configured).expanduser() if configured else DEFAULT_DB


def _check_writable(path: Path) -> None:
    folder = path.parent
    if not folder.is_dir():
        raise StorageError(f"Database folder does not exist: {folder} (for {path})")
    target = path if path.exists() else folder
    if not os.access(target, os.W_OK):
        raise StorageError(f"Database path is not writable: {path}")


def connect(path: Path | str | None = None) -> sqlite_utils.Database:
    """Open a new connection with WAL, foreign keys and a busy timeout.

    Raises ``StorageError`` with a one-line message naming the path when it cannot be used.
    """
    path = Path(path) if path is not None else database_path()
    _check_writable(path)
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
        db = sqlite_utils.Database(conn)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.enable_wal()
        db.execute("PRAGMA synchronous = NORMAL")
        # At rest (storage/at_rest.py): freed bytes are zeroed, and a checkpointed WAL shrinks
        # to nothing instead of keeping old frames that pair invitations with responses.
        db.execute("PRAGMA secure_delete = ON")
        db.execute("PRAGMA journal_size_limit = 0")
    except sqlite3.DatabaseError as error:
        raise StorageError(f"Cannot open database {path}: {error}") from error
    return db


def get_db(path: Path | str | None = None) -> sqlite_utils.Database:
    """This thread's connection to ``path`` (default: ``database_path()``), opened on first use."""
    key = str(Path(path) if path is not None else database_path())
    cache: dict[str, sqlite_utils.Database] = getattr(_local, "connections", None) or {}
    _local.connections = cache
    if key not in cache:
        cache[key] = connect(key)
    return cache[key]


def close_thread_connections() -> None:
    """Close this thread's cached connections (tests switch databases between cases)."""
    for db in getattr(_local, "connections", {}).values():
        db.close()
    _local.connections = {}


def run_script(db: sqlite_utils.Database, sql: str) -> None:
    """Run several statements inside the caller's transaction (a migration's).

    ``sqlite3``'s ``executescript`` commits first, and sqlite-utils' fallback finds statement
    ends by re-joining the text after every character (quadratic: 40 ms of a fresh database's
    migration went there). Splitting at each ``;`` and asking SQLite whether the text so far
    is a complete statement is linear and keeps triggers' inner ``;`` and quoted ones whole.
    Outside a transaction it is ``executescript``, as in sqlite-utils.
    """
    if not db.conn.in_transaction:
        db.conn.executescript(sql)
        return
    statement = ""
    for piece in sql.split(";"):
        statement += piece + ";"
        if sqlite3.complete_statement(statement):
            if statement.strip() != ";":
                db.conn.execute(statement)
            statement = ""
    if statement.strip(" \t\n;"):
        raise ValueError(f"incomplete SQL statement: {statement.strip()[:80]}")


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """All-or-nothing writes that take the write lock up front (``BEGIN IMMEDIATE``).

    Taking the lock at the start means two writers queue on the busy timeout instead of one
    failing with "database is locked" when it upgrades a read lock. Nested calls, and
    sqlite-utils' own ``atomic()`` inside, become savepoints of the outer transaction.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    with _writer_lock(db):
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.rollback()
            raise
        else:
            db.execute("COMMIT")


@contextlib.contextmanager
def _writer_lock(db: sqlite_utils.Database) -> Iterator[None]:
    """Queue writers (threads and processes alike) on an OS file lock beside the database.

    SQLite's own busy handler polls with sleeps of up to 100 ms, which turns a Monday-morning
    rush into long tail latencies; a blocking ``flock`` wakes the next writer the moment the
    previous one commits. The busy timeout stays as the safety net for other writers.

    ``flock`` is not fair: a writer that releases the lock and at once asks again usually wins
    it back before the woken waiters run, so under a rush some submissions starve (the 8-writer
    benchmark's p99 was 48-54 ms). Yielding the CPU after releasing hands the lock on in
    turn (p99 21-26 ms, see docs/PERFORMANCE.md).
    """
    handle = getattr(db, "_vitals_write_lock", None)
    if handle is None:
        path = db.conn.execute("PRAGMA database_list").fetchone()[2]
        if not path:  # in-memory database: one connection, nothing to queue
            yield
            return
        handle = open(f"{path}.writelock", "a+b")  # noqa: SIM115 - lives as long as db
        db._vitals_write_lock = handle  # type: ignore[attr-defined]
    fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        os.sched_yield()
