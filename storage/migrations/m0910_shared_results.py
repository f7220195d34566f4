"""Shared results (issue 16): a leader shares a closed round's released results with their
team, who read them on their home page. Only which round and group were shared, by whom and
when: the figures are read from the release itself, so nothing hidden can be shared."""

import sqlite_utils


def migrate(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS shared_results ("
        " round_id INTEGER NOT NULL REFERENCES rounds(id),"
        " team_id INTEGER NOT NULL REFERENCES teams(id),"
        " shared_by TEXT NOT NULL,"
        " shared_on TEXT NOT NULL,"
        " PRIMARY KEY (round_id, team_id)"
        ")"
    )
