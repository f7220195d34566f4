"""Actions (issue 16): a team's action plan, its short updates, and the follow-up item a
done action adds to the team's next pulses. Nothing here refers to a response or answer:
an action belongs to a team; a follow-up item is a question asked of one team's invitations
over a span of days, answered and released like any other question."""

import sqlite_utils

from storage.connection import run_script

SCHEMA = """
CREATE TABLE IF NOT EXISTS actions (
    id INTEGER PRIMARY KEY,
    team_id INTEGER NOT NULL REFERENCES teams(id),
    title TEXT NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 120),
    measure TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('training', 'mentorship', 'staffing', 'automation',
        'recognition', 'communication', 'other')),
    owner TEXT NOT NULL DEFAULT '',
    due_on TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'planned'
        CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')),
    plan TEXT NOT NULL DEFAULT '',
    shared INTEGER NOT NULL DEFAULT 1 CHECK (shared IN (0, 1)),
    created_on TEXT NOT NULL,
    created_by TEXT NOT NULL,
    done_on TEXT,
    followup_question_id TEXT REFERENCES questions(id),
    CHECK ((status = 'done') = (done_on IS NOT NULL))
);
CREATE INDEX IF NOT EXISTS idx_actions_team ON actions(team_id, status);
CREATE TABLE IF NOT EXISTS action_updates (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    posted_on TEXT NOT NULL,
    author TEXT NOT NULL,
    text TEXT NOT NULL CHECK (length(trim(text)) BETWEEN 1 AND 280)
);
CREATE INDEX IF NOT EXISTS idx_action_updates_action ON action_updates(action_id);
CREATE TABLE IF NOT EXISTS team_questions (
    question_id TEXT PRIMARY KEY REFERENCES questions(id),
    team_id INTEGER NOT NULL REFERENCES teams(id),
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    CHECK (ends_on >= starts_on)
);
CREATE INDEX IF NOT EXISTS idx_team_questions_team ON team_questions(team_id, starts_on);
"""


def migrate(db: sqlite_utils.Database) -> None:
    run_script(db, SCHEMA)
