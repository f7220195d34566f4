"""Accounts: who may sign in, with which role, and the state that locks an account.

Passwords are stored only as argon2 hashes (``password_hash``); a pure administrator has no
employee row (``employee_id`` NULL). ``failed_attempts``/``locked_until`` implement the lockout;
``must_change_password`` forces a one-time password to be replaced at first sign-in.
"""

import sqlite_utils

from storage.connection import run_script

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL UNIQUE COLLATE NOCASE,
    employee_id INTEGER UNIQUE REFERENCES employees(id) ON DELETE CASCADE,
    password_hash TEXT,
    is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    last_sign_in TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_audit_log_action ON audit_log(action);
"""


def migrate(db: sqlite_utils.Database) -> None:
    run_script(db, SCHEMA)
