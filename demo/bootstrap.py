"""Seeding the fictional organisation where a demo is wanted, then the production start-up.

Only ``python -m demo`` (``make run``, ``make link``, ``make demo``) comes here; the app never
imports ``demo/``. The demo goes into the default database (``data/vitals.db``, what the
README's ``make run`` serves) or wherever ``VITALS_DEMO_DATA=1`` asks for it, and only while
that database has no roster and no account: an account (``make admin``) marks a real
deployment, whose empty roster the administrator fills.
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlite_utils

from accounts.demo import create_demo_accounts
from demo.generate import generate_demo
from startup import prepare_database
from storage import connect, database_path, migrate
from storage.connection import DEFAULT_DB

DEMO_DATA_ENV = "VITALS_DEMO_DATA"


def is_empty(db: sqlite_utils.Database) -> bool:
    """No roster and no accounts: a first run."""
    no_roster = not db["employees"].exists() or db["employees"].count == 0
    no_accounts = not db["accounts"].exists() or db["accounts"].count == 0
    return no_roster and no_accounts


def demo_wanted(path: Path) -> bool:
    """The default database of ``make run``, or any database when ``VITALS_DEMO_DATA=1``."""
    return os.environ.get(DEMO_DATA_ENV) == "1" or path.resolve() == DEFAULT_DB.resolve()


def prepare_demo(path: Path | str | None = None) -> Path:
    """Start-up for ``make run``: the demo organisation on a first run where it is wanted."""
    path = Path(path) if path is not None else database_path()
    if demo_wanted(path):
        db = connect(path)
        try:
            migrate(db)
            if is_empty(db):
                generate_demo(db)
                create_demo_accounts(db)  # documented demo sign-ins, one per role
        finally:
            db.close()
    return prepare_database(path)


def reset_demo(path: Path | str | None = None, **size: int) -> Path:
    """Replace whatever is at ``path`` with a freshly generated demo organisation."""
    path = Path(path) if path is not None else database_path()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = connect(path)
    try:
        migrate(db)
        generate_demo(db, **size)
        create_demo_accounts(db)
    finally:
        db.close()
    return path
