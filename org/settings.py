"""Organisation-wide settings kept in the ``settings`` table, with typed accessors."""

from __future__ import annotations

import sqlite_utils

DEFAULT_THRESHOLD = 5
MIN_THRESHOLD = 3


def get_setting(db: sqlite_utils.Database, key: str, default: str | None = None) -> str | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_setting(db: sqlite_utils.Database, key: str, value: str) -> None:
    db["settings"].upsert({"key": key, "value": value}, pk="key")


def org_name(db: sqlite_utils.Database) -> str:
    return get_setting(db, "org_name", "Your organisation") or "Your organisation"


def anonymity_threshold(db: sqlite_utils.Database) -> int:
    """The minimum group size shown anywhere; never below 3 whatever the table says."""
    raw = get_setting(db, "anonymity_threshold", str(DEFAULT_THRESHOLD))
    try:
        value = int(raw or DEFAULT_THRESHOLD)
    except ValueError:
        value = DEFAULT_THRESHOLD
    return max(MIN_THRESHOLD, value)


def set_anonymity_threshold(db: sqlite_utils.Database, value: int) -> None:
    if not isinstance(value, int) or value < MIN_THRESHOLD:
        raise ValueError(
            f"The anonymity threshold must be a whole number of at least {MIN_THRESHOLD}."
        )
    set_setting(db, "anonymity_threshold", str(value))
