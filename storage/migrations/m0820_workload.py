"""Workload (workload/): weekly operational figures per team, one row per team, week (its
Monday) and metric of the reviewed catalogue ``workload/metrics.csv``. Operational data, not
survey answers: nothing here is about a person."""

import sqlite_utils


def migrate(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS workload_figures ("
        " team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,"
        " week TEXT NOT NULL CHECK (date(week) = week AND strftime('%w', week) = '1'),"
        " metric TEXT NOT NULL CHECK (length(metric) BETWEEN 1 AND 40),"
        " value REAL NOT NULL CHECK (value >= 0),"
        " PRIMARY KEY (team_id, week, metric)"
        ") WITHOUT ROWID"
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS workload_figures_week ON workload_figures (week, team_id)"
    )
