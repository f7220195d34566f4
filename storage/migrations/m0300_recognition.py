"""Recognition: teams recorded on each nomination, monthly award shortlists and awards.

People move between teams, so a nomination keeps the nominator's and nominee's team *as of
the day it was made*; cross-team recognition and per-team counts use these. A trigger fills
them for any insert that leaves them empty (the demo generator, older code), and existing rows
are back-filled from the current roster, the best that is known about them.

``awards`` holds at most one award per team per month (``UNIQUE (team_id, month)``);
``award_shortlist`` is the leaders' working list for that month. Both follow their nomination
when it is deleted (for instance when the nominee is removed from the roster).
"""

import sqlite_utils

TABLES = """
CREATE TABLE IF NOT EXISTS award_shortlist (
    team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    nomination_id INTEGER NOT NULL REFERENCES nominations(id) ON DELETE CASCADE,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (team_id, month, nomination_id)
);
CREATE TABLE IF NOT EXISTS awards (
    id INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    nomination_id INTEGER NOT NULL REFERENCES nominations(id) ON DELETE CASCADE,
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    UNIQUE (team_id, month)
);
CREATE INDEX IF NOT EXISTS idx_awards_nomination ON awards(nomination_id);
CREATE INDEX IF NOT EXISTS idx_nominations_created ON nominations(created_at);
CREATE INDEX IF NOT EXISTS idx_nominations_pair ON nominations(nominator_id, nominee_id);
CREATE INDEX IF NOT EXISTS idx_nominations_nominee_team ON nominations(nominee_team_id, created_at);
CREATE TRIGGER IF NOT EXISTS nominations_fill_teams AFTER INSERT ON nominations
WHEN new.nominator_team_id IS NULL OR new.nominee_team_id IS NULL
BEGIN
    UPDATE nominations SET
        nominator_team_id = coalesce(new.nominator_team_id,
            (SELECT team_id FROM employees WHERE id = new.nominator_id)),
        nominee_team_id = coalesce(new.nominee_team_id,
            (SELECT team_id FROM employees WHERE id = new.nominee_id))
    WHERE id = new.id;
END
"""

BACKFILL = """
UPDATE nominations SET
    nominator_team_id = coalesce(nominator_team_id,
        (SELECT team_id FROM employees WHERE id = nominations.nominator_id)),
    nominee_team_id = coalesce(nominee_team_id,
        (SELECT team_id FROM employees WHERE id = nominations.nominee_id))
WHERE nominator_team_id IS NULL OR nominee_team_id IS NULL
"""


def migrate(db: sqlite_utils.Database) -> None:
    columns = {c.name for c in db["nominations"].columns}
    for column in ("nominator_team_id", "nominee_team_id"):
        if column not in columns:
            db.execute(f"ALTER TABLE nominations ADD COLUMN {column} INTEGER REFERENCES teams(id)")
    # One statement at a time, as written in 2026 (sqlite-utils 4.x `executescript` keeps the
    # runner's transaction open too). Frozen: a migration is never rewritten. The trigger body
    # holds semicolons, so it is the last statement and runs whole.
    head, trigger = TABLES.split("CREATE TRIGGER", 1)
    for statement in head.split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute("CREATE TRIGGER" + trigger)
    db.execute(BACKFILL)
