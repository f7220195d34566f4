"""Red-flag digests (issue 15): which flagged comments the named recipients have been told
about, so each daily digest counts only new ones. Nothing but the comment's key."""

import sqlite_utils


def migrate(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS red_flag_notices ("
        " response_id TEXT PRIMARY KEY REFERENCES comments(response_id) ON DELETE CASCADE"
        ") WITHOUT ROWID"
    )
