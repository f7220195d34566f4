"""At rest (storage/at_rest.py): per round, when its responses were last re-inserted in a
random order (clock time and survey day), and whether it was sealed after closing. Nothing
per response."""

import sqlite_utils


def migrate(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS round_at_rest ("
        " round_id INTEGER PRIMARY KEY REFERENCES rounds(id) ON DELETE CASCADE,"
        " sealed INTEGER NOT NULL DEFAULT 0 CHECK (sealed IN (0, 1)),"
        " mixed_at TEXT,"
        " mixed_on TEXT)"
    )
