"""Versioned, named schema migrations, discovered from ``mNNNN_name.py`` modules here.

Each module defines ``migrate(db)``; modules run in file-name order and each name is
recorded in ``schema_migrations`` once applied, so re-running is a no-op and a migration
added later with a lower number still runs on databases that lack it. Every migration is
written to be idempotent on its own (``CREATE ... IF NOT EXISTS``, column checks) so a
crash between its work and its record is harmless. ``PRAGMA user_version`` mirrors the
count of applied migrations for tools that only look there.

Number ranges keep parallel work apart: 0001-0099 foundation, 0100 surveys,
0200 sentiment, 0300 recognition, 0400 insights, 0500 accounts, 0600 performance, 0800 at rest,
0820 workload, 0850 links that keep working, 0860 personal codes, 0900 actions,
0910 shared results, 0950 sessions, 0960 sentiment engine, 0970 start-up,
0980 replies to comments, 0981 programme activities, 0982 driver weights,
0990 sealed open rounds.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from storage.connection import StorageError

Migration = tuple[str, Callable[[sqlite_utils.Database], None]]


class SchemaTooNewError(StorageError):
    """The database was written by a newer Vitals; we never migrate downwards."""


def known_migrations() -> list[Migration]:
    """Every migration this code knows, in the order they apply."""
    folder = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(folder)]) if m.name.startswith("m"))
    return [(name, importlib.import_module(f"{__name__}.{name}").migrate) for name in names]


def _ensure_ledger(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )


def applied_migrations(db: sqlite_utils.Database) -> list[str]:
    """Names recorded as applied, in the order they were applied."""
    if "schema_migrations" not in db.table_names():
        return []
    return [r[0] for r in db.execute("SELECT name FROM schema_migrations ORDER BY rowid")]


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply what is missing and return the names applied now.

    Refuses, changing nothing, when the file holds migrations this code does not know.
    """
    known = known_migrations()
    applied = set(applied_migrations(db))
    unknown = sorted(applied - {name for name, _ in known})
    if unknown:
        raise SchemaTooNewError(
            f"Database {db.conn.execute('PRAGMA database_list').fetchone()[2]} has schema "
            f"version(s) {', '.join(unknown)} from a newer Vitals; upgrade the code "
            "(it never migrates downwards)."
        )
    _ensure_ledger(db)
    done: list[str] = []
    for name, step in known:
        if name in applied:
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            step(db)
            db.execute(
                "INSERT OR IGNORE INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                [name, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")],
            )
            db.execute("COMMIT")
        except BaseException:
            db.rollback()
            raise
        done.append(name)
    count = db.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
    db.execute(f"PRAGMA user_version = {int(count)}")
    return done
