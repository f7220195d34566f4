"""Covering indexes for the privacy guard's reads of invitations (insights/source.py):
per round and team counts of invitations and used links, and who answered two rounds."""

import sqlite_utils


def migrate(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_invitations_round_team_used "
        "ON invitations(round_id, team_id, used)"
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_invitations_round_used_employee "
        "ON invitations(round_id, used, employee_id, team_id)"
    )
