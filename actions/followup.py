"""The follow-up item of a done action: "Has <action> made a difference to your work?",
asked in the team's pulses for ``FOLLOWUP_DAYS`` after the action is done.

It is an ordinary question (agree5), so its answers are stored, counted and released exactly
like any measure: the question has construct ``driver`` and driver ``followup``, which makes
its measure key ``driver:followup`` (``storage.rollups.CATEGORY_COLUMNS``), and the release
guard decides it per team and round like every other key (insights/guard.py). It is inactive
in the bank, so no template or rotation ever picks it; ``surveys.answering.round_questions``
adds it to the team's invitations through ``team_questions``. A team holds one follow-up at a
time, so a team's ``driver:followup`` cell in a round belongs to exactly one action.
"""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from insights.measures import FOLLOWUP
from org.settings import anonymity_threshold

FOLLOWUP_DAYS = 42  # six weekly pulses: enough rounds for a released cell in a mid-size team
FOLLOWUP_MEASURE = FOLLOWUP
FOLLOWUP_SOURCE = "Action follow-up (issue 16): did a done action make a difference?"


def question_text(title: str) -> str:
    return f"Has “{title}” made a difference to your work?"


def team_headcount(db: sqlite_utils.Database, team_id: int) -> int:
    """Active people whose own team this is: who a follow-up item would reach."""
    return db.execute(
        "SELECT count(*) FROM employees WHERE team_id = ? AND status = 'active'", [team_id]
    ).fetchone()[0]


def schedule(db: sqlite_utils.Database, action_id: int, done_on: dt.date) -> str:
    """Inside the caller's transaction: add the follow-up item for the team's next pulses, or
    say why not. A team too small to release stores nothing: its answers could never be
    shown, so asking would only cost people time."""
    team_id, title, existing = db.execute(
        "SELECT team_id, title, followup_question_id FROM actions WHERE id = ?", [action_id]
    ).fetchone()
    if existing:
        return ""
    k = anonymity_threshold(db)
    if team_headcount(db, team_id) < k:
        return (
            f"No follow-up question: this team has fewer than {k} people, so its answers "
            "could never be released."
        )
    busy = db.execute(
        "SELECT max(ends_on) FROM team_questions WHERE team_id = ?", [team_id]
    ).fetchone()[0]
    starts = done_on + dt.timedelta(days=1)
    if busy and dt.date.fromisoformat(busy) >= starts:
        starts = dt.date.fromisoformat(busy) + dt.timedelta(days=1)  # one follow-up at a time
    ends = starts + dt.timedelta(days=FOLLOWUP_DAYS - 1)
    question_id = f"followup_a{action_id}"
    db.execute(
        "INSERT INTO questions (id, text, construct, driver, scale, source, active) "
        "VALUES (?, ?, 'driver', 'followup', 'agree5', ?, 0)",
        [question_id, question_text(title), FOLLOWUP_SOURCE],
    )
    db.execute(
        "INSERT INTO team_questions (question_id, team_id, starts_on, ends_on) VALUES (?, ?, ?, ?)",
        [question_id, team_id, starts.isoformat(), ends.isoformat()],
    )
    db.execute("UPDATE actions SET followup_question_id = ? WHERE id = ?", [question_id, action_id])
    return (
        f"The team's pulses from {starts:%d %b} to {ends:%d %b} ask: {question_text(title)} "
        "Answers are released like any result, for groups of at least "
        f"{k} people."
    )


def window(db: sqlite_utils.Database, question_id: str) -> tuple[dt.date, dt.date] | None:
    """The days whose pulses carry the follow-up item."""
    row = db.execute(
        "SELECT starts_on, ends_on FROM team_questions WHERE question_id = ?", [question_id]
    ).fetchone()
    return None if row is None else (dt.date.fromisoformat(row[0]), dt.date.fromisoformat(row[1]))
