"""Sessions that survive a reload (accounts/session.py): one row per signed-in browser.

Only the SHA-256 of the cookie's token is kept (``token_hash``), so a copy of the database
cannot be used to sign in. ``created_at`` bounds a session's whole life (absolute expiry) and
``last_seen`` its idle time. Deleted with the account.
"""

import sqlite_utils

from storage.connection import run_script

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_seen TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS idx_sessions_account ON sessions(account_id);
"""


def migrate(db: sqlite_utils.Database) -> None:
    run_script(db, SCHEMA)
