"""Getting a database ready to serve: migrate, then seed the demo if it is empty."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from accounts.demo import create_demo_accounts
from demo.generate import generate_demo
from insights.releases import publish_due
from storage import connect, database_path, migrate
from surveys.cadence import run_cadence_on_start
from surveys.templates import ensure_builtin_templates


def is_empty(db: sqlite_utils.Database) -> bool:
    """No roster and no accounts: a first run. An account (``make admin``) marks a real
    deployment, whose empty roster the administrator fills; the demo never lands there."""
    no_roster = not db["employees"].exists() or db["employees"].count == 0
    no_accounts = not db["accounts"].exists() or db["accounts"].count == 0
    return no_roster and no_accounts


def prepare_database(path: Path | str | None = None, seed_demo: bool = True) -> Path:
    """Migrate the database at ``path`` and add the demo organisation on first run."""
    path = Path(path) if path is not None else database_path()
    db = connect(path)
    try:
        migrate(db)
        if seed_demo and is_empty(db):
            generate_demo(db)
            create_demo_accounts(db)  # documented demo sign-ins, one per role
        ensure_builtin_templates(db)  # surveys: built-in templates and cadences
        run_cadence_on_start(db)  # surveys: create the rounds due today (idempotent, cheap)
        publish_due(db)  # insights: release rounds that closed since the last start
    finally:
        db.close()
    return path


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
