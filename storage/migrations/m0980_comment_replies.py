"""Anonymous replies to comments (issue 16): a leader answers a released comment, and only
whoever holds the comment's reply code (shown once, on the thank-you page) can read it.

``reply_codes`` keeps a hash of the code and the comment it opens, nothing else: no person,
no time, and no row order (WITHOUT ROWID, keyed by the hash). ``comment_replies`` holds the
conversation: a leader's messages carry the leader's name (leaders are not anonymous), the
author's carry none, and every message keeps only its day. Both go with the comment when a
release deletes it.
"""

import sqlite_utils


def migrate(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS reply_codes ("
        " code_hash TEXT PRIMARY KEY,"
        " response_id TEXT NOT NULL UNIQUE"
        "  REFERENCES comments(response_id) ON DELETE CASCADE"
        ") WITHOUT ROWID"
    )
    db.execute(
        "CREATE TABLE IF NOT EXISTS comment_replies ("
        " id INTEGER PRIMARY KEY,"
        " response_id TEXT NOT NULL REFERENCES comments(response_id) ON DELETE CASCADE,"
        " from_author INTEGER NOT NULL CHECK (from_author IN (0, 1)),"
        " leader TEXT CHECK ((from_author = 1) = (leader IS NULL)),"
        " body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 1000),"
        " posted_on TEXT NOT NULL"
        ")"
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_comment_replies_response "
        "ON comment_replies(response_id, id)"
    )
