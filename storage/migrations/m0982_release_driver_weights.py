"""Key-driver importance in a release (issue 14): per published round and group (the
organisation and departments) with enough responses that answered every driver, each
driver's share of the explained engagement variance by general dominance, with its 95 %
bootstrap interval. Written once at publication, like every release table."""

import sqlite_utils


def migrate(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS release_driver_weights ("
        " round_id INTEGER NOT NULL REFERENCES releases(round_id),"
        " group_id INTEGER NOT NULL,"
        " driver TEXT NOT NULL,"
        " share REAL NOT NULL,"
        " low REAL NOT NULL,"
        " high REAL NOT NULL,"
        " respondents INTEGER NOT NULL,"
        " r_squared REAL NOT NULL,"
        " PRIMARY KEY (round_id, group_id, driver)"
        ") WITHOUT ROWID"
    )
