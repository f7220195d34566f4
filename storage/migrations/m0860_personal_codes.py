"""Personal codes (issue 15): staff without a work email or a desk of their own answer on a
shared screen with a short code printed for them. Only the code's SHA-256 is kept; one code
per person, replaced when reissued."""

import sqlite_utils


def migrate(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS personal_codes ("
        " employee_id INTEGER PRIMARY KEY REFERENCES employees(id) ON DELETE CASCADE,"
        " code_hash TEXT NOT NULL UNIQUE"
        ")"
    )
