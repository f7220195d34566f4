"""The foundation schema: organisation, surveys, confidential responses, recognition, audit.

Confidentiality is structural: ``responses`` has no employee id, no invitation id and only
the day of submission, and is stored WITHOUT ROWID under its random id so the physical order
of rows says nothing about the order of submission. ``invitations`` knows who was invited and
whether the link was used, never when. See docs/ARCHITECTURE.md for the meaning of every table.
"""

import sqlite_utils

from storage.connection import run_script

SCHEMA = """
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS teams (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    parent_id INTEGER REFERENCES teams(id),
    description TEXT NOT NULL DEFAULT '',
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))
);
CREATE TABLE IF NOT EXISTS employees (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    team_id INTEGER REFERENCES teams(id),
    job_role TEXT NOT NULL DEFAULT '',
    job_family TEXT NOT NULL DEFAULT '',
    start_date TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'left')),
    left_date TEXT,
    CHECK ((status = 'left') = (left_date IS NOT NULL))
);
CREATE INDEX IF NOT EXISTS idx_employees_team ON employees(team_id);
CREATE TABLE IF NOT EXISTS team_leaders (
    team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    employee_id INTEGER NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, employee_id)
);
CREATE TABLE IF NOT EXISTS questions (
    id TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    construct TEXT NOT NULL
        CHECK (construct IN ('engagement', 'enps', 'burnout', 'driver', 'open')),
    driver TEXT,
    scale TEXT NOT NULL CHECK (scale IN ('agree5', 'nps11', 'burnout5', 'text')),
    source TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS templates (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('pulse', 'quarterly', 'onboarding', 'exit', 'custom')),
    description TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS template_questions (
    template_id INTEGER NOT NULL REFERENCES templates(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL REFERENCES questions(id),
    position INTEGER NOT NULL,
    required INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (template_id, question_id)
);
CREATE TABLE IF NOT EXISTS rounds (
    id INTEGER PRIMARY KEY,
    template_id INTEGER NOT NULL REFERENCES templates(id),
    title TEXT NOT NULL,
    period TEXT NOT NULL,
    opens_on TEXT NOT NULL,
    closes_on TEXT NOT NULL,
    audience TEXT NOT NULL DEFAULT 'all' CHECK (audience IN ('all', 'teams', 'employees')),
    CHECK (closes_on >= opens_on),
    UNIQUE (template_id, period)
);
CREATE INDEX IF NOT EXISTS idx_rounds_opens ON rounds(opens_on);
CREATE TABLE IF NOT EXISTS round_teams (
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    team_id INTEGER NOT NULL REFERENCES teams(id),
    PRIMARY KEY (round_id, team_id)
);
CREATE TABLE IF NOT EXISTS round_questions (
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL REFERENCES questions(id),
    position INTEGER NOT NULL,
    required INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, question_id)
);
CREATE TABLE IF NOT EXISTS invitations (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    employee_id INTEGER REFERENCES employees(id) ON DELETE SET NULL,
    team_id INTEGER REFERENCES teams(id),
    token_hash TEXT NOT NULL UNIQUE,
    used INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1)),
    UNIQUE (round_id, employee_id)
);
CREATE INDEX IF NOT EXISTS idx_invitations_round_team ON invitations(round_id, team_id);
CREATE TABLE IF NOT EXISTS responses (
    id TEXT PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id),
    team_id INTEGER REFERENCES teams(id),
    tenure_band TEXT NOT NULL DEFAULT '',
    job_family TEXT NOT NULL DEFAULT '',
    submitted_on TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS idx_responses_round_team ON responses(round_id, team_id);
CREATE TABLE IF NOT EXISTS answers (
    response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL REFERENCES questions(id),
    value INTEGER NOT NULL,
    PRIMARY KEY (response_id, question_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS comments (
    response_id TEXT PRIMARY KEY REFERENCES responses(id) ON DELETE CASCADE,
    text TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS org_values (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS nominations (
    id INTEGER PRIMARY KEY,
    nominator_id INTEGER NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
    nominee_id INTEGER NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
    message TEXT NOT NULL,
    visibility TEXT NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'private')),
    created_at TEXT NOT NULL,
    CHECK (nominator_id <> nominee_id)
);
CREATE INDEX IF NOT EXISTS idx_nominations_nominee ON nominations(nominee_id);
CREATE TABLE IF NOT EXISTS nomination_values (
    nomination_id INTEGER NOT NULL REFERENCES nominations(id) ON DELETE CASCADE,
    value_id INTEGER NOT NULL REFERENCES org_values(id),
    PRIMARY KEY (nomination_id, value_id)
);
CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
"""


def migrate(db: sqlite_utils.Database) -> None:
    run_script(db, SCHEMA)
