"""Reply codes for sealed responses: a code is issued right after a submission, when an open
round's comment is still sealed (no ``comments`` row), so ``reply_codes`` no longer references
``comments``. A trigger deletes a code with its comment, as the cascade did; publishing deletes
the codes of sealed responses whose comment does not survive it (insights/releases.py)."""

import sqlite_utils


def migrate(db: sqlite_utils.Database) -> None:
    fks = db.execute("PRAGMA foreign_key_list(reply_codes)").fetchall()
    if fks:
        db.execute(
            "CREATE TABLE reply_codes_new ("
            " code_hash TEXT PRIMARY KEY,"
            " response_id TEXT NOT NULL UNIQUE"
            ") WITHOUT ROWID"
        )
        db.execute("INSERT INTO reply_codes_new SELECT code_hash, response_id FROM reply_codes")
        db.execute("DROP TABLE reply_codes")
        db.execute("ALTER TABLE reply_codes_new RENAME TO reply_codes")
    db.execute(
        "CREATE TRIGGER IF NOT EXISTS reply_codes_follow_comment AFTER DELETE ON comments "
        "BEGIN DELETE FROM reply_codes WHERE response_id = old.response_id; END"
    )
