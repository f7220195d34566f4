"""Links that keep working (issue 15): every link issued for an invitation stays valid.

``invitations.token_hash`` keeps the hash made with the invitation; each later link (email,
reminder, links CSV, ``make link``) adds its hash here instead of replacing it, so an earlier
email still opens the pulse. ``invitations.used`` still makes any of them single-use.
The foreign key is deferred without an action: the at-rest mix deletes and re-inserts used
invitations with the same ids inside one transaction, and their links must survive it.
"""

import sqlite_utils


def migrate(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS invitation_tokens ("
        " token_hash TEXT PRIMARY KEY,"
        " invitation_id INTEGER NOT NULL"
        "  REFERENCES invitations(id) DEFERRABLE INITIALLY DEFERRED"
        ") WITHOUT ROWID"
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_invitation_tokens_invitation "
        "ON invitation_tokens(invitation_id)"
    )
