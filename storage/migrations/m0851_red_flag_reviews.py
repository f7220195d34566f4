"""The red-flag queue's review notes (issue 15): what the administrator did about a flagged
comment. Keyed by response id and deleted with the comment, like the flags; no reviewer and
no time (the audit log says who reviewed when, never the note)."""

import sqlite_utils


def migrate(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS red_flag_reviews ("
        " response_id TEXT PRIMARY KEY REFERENCES comments(response_id) ON DELETE CASCADE,"
        " note TEXT NOT NULL DEFAULT ''"
        ") WITHOUT ROWID"
    )
