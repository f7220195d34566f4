"""Survey cadences and mailings.

``survey_cadences`` says when rounds of a template are created automatically: ``weekly``
(opens on ``weekday``, stays open ``open_days``), ``quarterly`` (opens on the first
``weekday`` of the quarter) or ``onboarding`` (weekly, inviting the people whose start date
plus ``offset_days`` falls in that week). ``UNIQUE (template_id, period)`` on ``rounds`` keeps
a cadence that runs twice from creating a duplicate.

``survey_mailings`` records that a round's invitations or its one reminder went out; the
primary key makes "one reminder" hold even when two administrators click at once.
"""

import sqlite_utils

from storage.connection import run_script

SCHEMA = """
CREATE TABLE IF NOT EXISTS survey_cadences (
    id INTEGER PRIMARY KEY,
    template_id INTEGER NOT NULL REFERENCES templates(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('weekly', 'quarterly', 'onboarding')),
    weekday INTEGER NOT NULL DEFAULT 0 CHECK (weekday BETWEEN 0 AND 6),
    open_days INTEGER NOT NULL DEFAULT 5 CHECK (open_days BETWEEN 1 AND 60),
    offset_days INTEGER NOT NULL DEFAULT 0 CHECK (offset_days >= 0),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    UNIQUE (template_id, kind, offset_days)
);
CREATE TABLE IF NOT EXISTS survey_mailings (
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('invitation', 'reminder')),
    sent_at TEXT NOT NULL,
    sent_count INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, kind)
);
"""


def migrate(db: sqlite_utils.Database) -> None:
    run_script(db, SCHEMA)
