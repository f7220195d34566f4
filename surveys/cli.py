"""What ``python -m surveys`` and ``python -m insights`` share: ``--db``, ``--today`` and a
migrated database for the command's duration."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import sqlite_utils

from storage import connect, database_path, migrate
from surveys import clock


def command_parser(prog: str, description: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--db", help="database file (default: $VITALS_DB or data/vitals.db)")
    parser.add_argument("--today", type=dt.date.fromisoformat, help="pretend today is this day")
    return parser


def today(args: argparse.Namespace) -> dt.date:
    return args.today or clock.today()


@contextmanager
def migrated_database(args: argparse.Namespace) -> Iterator[sqlite_utils.Database]:
    db = connect(args.db or database_path())
    try:
        migrate(db)
        yield db
    finally:
        db.close()
