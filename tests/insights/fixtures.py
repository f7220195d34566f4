"""Fixtures shared by the insights tests: the demo with its comments scored, viewers."""

from __future__ import annotations

import pytest

from org.access import Viewer, viewer_for_employee
from sentiment.store import score_pending
from storage import connect


def score_comments(path):
    """Score every comment of the database at ``path`` with the sentiment package."""
    database = connect(path)
    score_pending(database)
    database.close()
    return path


@pytest.fixture
def scored_demo_path(demo_db_path):
    """The demo database with every comment scored by the sentiment package."""
    return score_comments(demo_db_path)


@pytest.fixture
def scored_demo(scored_demo_path):
    database = connect(scored_demo_path)
    yield database
    database.close()


ADMIN = Viewer(None, "Test administrator", "admin")


def team_id(db, name: str) -> int:
    return db.execute("SELECT id FROM teams WHERE name = ?", [name]).fetchone()[0]


def leader_of(db, name: str) -> Viewer:
    """The viewer who leads the named team (the demo gives every team a leader)."""
    row = db.execute(
        "SELECT l.employee_id FROM team_leaders l JOIN teams t ON t.id = l.team_id "
        "WHERE t.name = ?",
        [name],
    ).fetchone()
    return viewer_for_employee(db, row[0])


def leader_label(db, name: str) -> str:
    """The demo identity picker's label for the leader of the named team."""
    viewer = leader_of(db, name)
    teams = db.execute(
        "SELECT group_concat(t.name, ', ') FROM team_leaders l JOIN teams t ON t.id = l.team_id "
        "WHERE l.employee_id = ?",
        [viewer.employee_id],
    ).fetchone()[0]
    return f"{viewer.name} (leads {teams})"
