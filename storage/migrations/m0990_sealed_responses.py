"""Open rounds' responses sealed with a key held outside the data folder (storage/seal.py).

``sealed_responses`` holds one AES-GCM blob per response of a round not yet published: team,
bands, day, answers and comment, opened only to publish the round. WITHOUT ROWID and keyed by
the random response id, so no rowid counts submissions.

``open_red_flags`` is the duty-of-care copy of a flagged comment of such a round: the text, its
categories and the day, nothing else (no response id, no round, no team). The sealed response
names its flag, so publishing carries the review over to ``red_flags`` and drops this row.
"""

import sqlite_utils


def migrate(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS sealed_responses ("
        " id TEXT PRIMARY KEY,"
        " round_id INTEGER NOT NULL REFERENCES rounds(id),"
        " blob BLOB NOT NULL"
        ") WITHOUT ROWID"
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_sealed_responses_round ON sealed_responses(round_id)"
    )
    db.execute(
        "CREATE TABLE IF NOT EXISTS open_red_flags ("
        " id TEXT PRIMARY KEY,"
        " text TEXT NOT NULL,"
        " categories TEXT NOT NULL,"
        " flagged_on TEXT NOT NULL,"
        " reviewed INTEGER NOT NULL DEFAULT 0 CHECK (reviewed IN (0, 1)),"
        " note TEXT NOT NULL DEFAULT '',"
        " notified INTEGER NOT NULL DEFAULT 0 CHECK (notified IN (0, 1))"
        ") WITHOUT ROWID"
    )
