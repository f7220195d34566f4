"""Programme activities (issue 16): training sessions and mentorship pairings recorded under an
action, so leaders see which teams got training or mentorship and what moved after.

Who took part is an administrator's record (``activity_participants``); nothing joins it to
answers, and leaders read counts only.
"""

import sqlite_utils


def migrate(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS action_activities ("
        " id INTEGER PRIMARY KEY,"
        " action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,"
        " kind TEXT NOT NULL CHECK (kind IN ('training', 'mentorship')),"
        " title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 120),"
        " held_on TEXT NOT NULL,"
        " recorded_by TEXT NOT NULL"
        ")"
    )
    db.execute(
        "CREATE TABLE IF NOT EXISTS activity_participants ("
        " activity_id INTEGER NOT NULL REFERENCES action_activities(id) ON DELETE CASCADE,"
        " employee_id INTEGER NOT NULL REFERENCES employees(id) ON DELETE CASCADE,"
        " PRIMARY KEY (activity_id, employee_id)"
        ") WITHOUT ROWID"
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_action_activities_action "
        "ON action_activities(action_id, held_on)"
    )
