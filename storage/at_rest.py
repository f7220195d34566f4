"""At rest: a copy of the data folder must not pair a response with a person, nor order them.

Two leaks close the gap between "no key joins a response to an invitation" and a real copy:

1. **The WAL.** A submission commits the invitation page (``used`` 0 -> 1, beside the
   employee id) and the response page in one commit, so any WAL frames still on disk pair
   them. ``connect`` sets ``journal_size_limit = 0`` and ``secure_delete = ON``, and
   ``checkpoint_and_truncate`` (run after every submission, mix, seal and erasure) copies the
   WAL into the database and cuts the file to zero bytes.
2. **Where cells sit.** SQLite puts a new cell just below the previous one in its page, so
   byte offsets in the response pages (and in the invitation index pages that hold
   ``used``) give the order of submissions, which the audit log's sign-in times turn into
   names. ``mix_round`` deletes and re-inserts a round's used invitations and its responses
   (with everything keyed on them; for an open round, its sealed blobs, reply codes and the
   red flags waiting apart) in a random order, with ``secure_delete`` zeroing the old bytes.
   The data is the same afterwards: triggers are set aside while rows move, so the
   rollups and the per-round change counters do not see a change.

When it runs (docs/SURVEYS.md, "At rest"): after a submission when the round was last mixed
``MIX_MINUTES`` or more ago (responses of the days since then), and ``seal_closed_rounds``
for every round that has closed (the whole round, once) from the cadence job, ``make backup``
and the release publisher.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sqlite3
import threading
import time
from collections.abc import Iterator

import sqlite_utils

from storage.connection import BUSY_TIMEOUT_MS, write_transaction

MIX_MINUTES = float(os.environ.get("VITALS_MIX_MINUTES", "10"))
CHECKPOINT_WAIT_MS = 2_000
RETRY_SECONDS = 1.0  # a checkpoint a reader kept back is retried this often ...
RETRY_FOR_SECONDS = 15 * 60  # ... for this long (then the next write's checkpoint does it)
_retrying: set[str] = set()
_retrying_lock = threading.Lock()
_random = random.SystemRandom()


def checkpoint_and_truncate(db: sqlite_utils.Database, wait_ms: int | None = None) -> bool:
    """Copy every WAL frame into the database and truncate the WAL to zero bytes.

    Waits at most ``wait_ms`` (``CHECKPOINT_WAIT_MS``) for readers of older snapshots; returns
    False when it could not finish. Then a thread retries it with its own connection until it
    does: "the next call" used to be the next write, and after the evening's last submission
    the WAL paired it with its invitation all night (a long page or a backup's VACUUM INTO
    was reading; redteam/attack_wal_checkpoint_behind_reader.py). A no-op inside a
    transaction or in memory.
    """
    path = _path(db)
    if db.conn.in_transaction or path == "":
        return False
    wait_ms = CHECKPOINT_WAIT_MS if wait_ms is None else wait_ms
    db.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
    try:
        busy, _, _ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if busy:
        _retry_later(path)
    return busy == 0


def _retry_later(path: str) -> None:
    """One retrying thread per database file at a time."""
    with _retrying_lock:
        if path in _retrying:
            return
        _retrying.add(path)
    threading.Thread(
        target=_retry, args=(path,), name="vitals-checkpoint-retry", daemon=True
    ).start()


def _retry(path: str) -> None:
    try:
        deadline = time.monotonic() + RETRY_FOR_SECONDS
        while time.monotonic() < deadline:
            time.sleep(RETRY_SECONDS)
            try:
                # mode=rw: a database that is gone (a test's temp folder) is not made afresh
                conn = sqlite3.connect(
                    f"file:{path}?mode=rw", uri=True, timeout=CHECKPOINT_WAIT_MS / 1000
                )
                try:
                    busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                finally:
                    conn.close()
            except sqlite3.OperationalError as error:
                if "locked" in str(error) or "busy" in str(error):
                    continue
                return
            if not busy:
                return
    finally:
        with _retrying_lock:
            _retrying.discard(path)


def after_submission(
    db: sqlite_utils.Database,
    round_id: int,
    today: dt.date,
    now: dt.datetime | None = None,
) -> None:
    """Run right after a submission commits: mix the round if due, then empty the WAL.

    ``today`` is the survey day the submission was stored under. A copy taken while a round
    is open can then order only submissions made within ``MIX_MINUTES`` of each other, and
    pair only a submission still between its commit and the checkpoint a few milliseconds
    later.
    """
    now = now or dt.datetime.now(dt.UTC)
    row = db.execute(
        "SELECT mixed_at, mixed_on FROM round_at_rest WHERE round_id = ?", [round_id]
    ).fetchone()
    last = dt.datetime.fromisoformat(row[0]) if row and row[0] else None
    if last is None or now - last >= dt.timedelta(minutes=MIX_MINUTES):
        since = dt.date.fromisoformat(row[1]) if row and row[1] else None
        mix_round(db, round_id, since=since, today=today, now=now)
    checkpoint_and_truncate(db)


def seal_closed_rounds(db: sqlite_utils.Database, today: dt.date) -> list[int]:
    """Mix every round that closed before ``today`` and is not sealed yet; returns their ids.

    The hook for "a round has closed": call it from the cadence job, before a backup, and
    right after publishing a round's release. Idempotent and cheap when nothing is due.
    """
    due = [
        r[0]
        for r in db.execute(
            "SELECT r.id FROM rounds r LEFT JOIN round_at_rest s ON s.round_id = r.id "
            "WHERE r.closes_on < ? AND coalesce(s.sealed, 0) = 0 ORDER BY r.id",
            [today.isoformat()],
        )
    ]
    for round_id in due:
        mix_round(db, round_id, seal=True)
    if due:
        checkpoint_and_truncate(db)
    return due


def mix_round(
    db: sqlite_utils.Database,
    round_id: int,
    *,
    since: dt.date | None = None,
    seal: bool = False,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Re-insert a round's used invitations and its responses in a random order.

    ``since`` limits the responses to those submitted on or after that day (an open round's
    recent ones; ``today`` is recorded as the next mix's ``since``); invitations carry no
    day, so all used ones move. One write transaction; returns how many responses moved.
    """
    now = now or dt.datetime.now(dt.UTC)
    with write_transaction(db):
        where = "round_id = ?" + (" AND submitted_on >= ?" if since else "")
        params: list = [round_id, since.isoformat()] if since else [round_id]
        ids = [r[0] for r in db.execute(f"SELECT id FROM responses WHERE {where}", params)]
        chain = list(_response_tables(db))
        tables = ["invitations", *(t for t, _ in chain)]
        triggers = db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN "
            f"({', '.join('?' * len(tables))})",
            tables,
        ).fetchall()
        for name, _ in triggers:
            db.execute(f'DROP TRIGGER "{name}"')
        _rewrite(db, "invitations", "round_id = ? AND used = 1", [round_id])
        # An open round's responses are sealed blobs (storage/seal.py): all of them move, with
        # the reply codes of the round's comments and the flags waiting apart from them.
        _rewrite(db, "sealed_responses", "round_id = ?", [round_id])
        _rewrite(
            db,
            "reply_codes",
            "response_id IN (SELECT id FROM sealed_responses WHERE round_id = ?1 "
            "UNION ALL SELECT id FROM responses WHERE round_id = ?1)",
            [round_id],
        )
        shuffle_rows(db, "open_red_flags")
        if ids:
            db.execute("CREATE TEMP TABLE IF NOT EXISTS _mixing (id TEXT PRIMARY KEY)")
            db.execute("DELETE FROM temp._mixing")
            db.conn.executemany("INSERT INTO temp._mixing VALUES (?)", [(i,) for i in ids])
            saved = {
                table: _rows(db, table, f"{column} IN (SELECT id FROM temp._mixing)")
                for table, column in chain
            }
            for table, column in reversed(chain):
                db.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT id FROM temp._mixing)")
            db.execute("DELETE FROM temp._mixing")
            order = {response_id: _random.random() for response_id in ids}
            for table, column in chain:
                columns, rows = saved[table]
                index = columns.index(column)
                rows.sort(key=lambda r: order[r[index]])
                _insert(db, table, columns, rows)
        for _, sql in triggers:
            db.execute(sql)
        db.execute(
            "INSERT INTO round_at_rest (round_id, sealed, mixed_at, mixed_on) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (round_id) DO UPDATE SET "
            "sealed = max(sealed, excluded.sealed), mixed_at = excluded.mixed_at, "
            "mixed_on = coalesce(excluded.mixed_on, mixed_on)",
            [
                round_id,
                int(seal),
                now.isoformat(timespec="seconds"),
                today.isoformat() if today else None,
            ],
        )
    return len(ids)


def shuffle_rows(db: sqlite_utils.Database, table: str) -> None:
    """Re-insert every row of ``table`` in a random order (inside the caller's transaction),
    so where a row's cell sits in the file says nothing about when it was written. For small
    tables whose newest row must not be placed among the others by time (an author's answer
    among leaders' audited replies)."""
    _rewrite(db, table, "1", [])


def _response_tables(db: sqlite_utils.Database) -> Iterator[tuple[str, str]]:
    """``responses`` and every table keyed on a response id through foreign keys, parents
    first, each with its response-id column (answers, comments, comment scores, ...)."""
    key = {"responses": "id"}
    yield "responses", "id"
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    changed = True
    while changed:
        changed = False
        for table in tables:
            if table in key:
                continue
            for fk in db.execute(f'PRAGMA foreign_key_list("{table}")').fetchall():
                parent, column, target = fk[2], fk[3], fk[4]
                if parent in key and (target or "id") == key[parent]:
                    key[table] = column
                    changed = True
                    yield table, column
                    break


def _rows(db: sqlite_utils.Database, table: str, where: str, params: list | None = None):
    cursor = db.execute(f"SELECT * FROM {table} WHERE {where}", params or [])
    return [d[0] for d in cursor.description], [tuple(r) for r in cursor.fetchall()]


def _insert(db: sqlite_utils.Database, table: str, columns: list[str], rows: list[tuple]) -> None:
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" * len(columns))
    db.conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def _rewrite(db: sqlite_utils.Database, table: str, where: str, params: list) -> None:
    columns, rows = _rows(db, table, where, params)
    if not rows:
        return
    _random.shuffle(rows)
    db.execute(f"DELETE FROM {table} WHERE {where}", params)
    _insert(db, table, columns, rows)


def _path(db: sqlite_utils.Database) -> str:
    return db.conn.execute("PRAGMA database_list").fetchone()[2] or ""
