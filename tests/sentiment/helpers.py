"""Small fixtures for sentiment tests: a round, teams of chosen sizes, comments."""

from __future__ import annotations

import itertools

_ids = itertools.count(1)


def make_round(db, title: str = "Pulse 2026-W47", period: str = "2026-W47") -> int:
    template = db.execute(
        "INSERT INTO templates (name, kind) VALUES (?, 'pulse')", [f"t-{period}-{next(_ids)}"]
    ).lastrowid
    return db.execute(
        "INSERT INTO rounds (template_id, title, period, opens_on, closes_on) "
        "VALUES (?, ?, ?, '2026-11-16', '2026-11-22')",
        [template, title, period],
    ).lastrowid


def make_team(db, name: str) -> int:
    return db.execute("INSERT INTO teams (name) VALUES (?)", [name]).lastrowid


def add_response(db, round_id: int, team_id: int | None, comment: str | None = None) -> str:
    response_id = f"r{next(_ids):06d}"
    db.execute(
        "INSERT INTO responses (id, round_id, team_id, submitted_on) "
        "VALUES (?, ?, ?, '2026-11-18')",
        [response_id, round_id, team_id],
    )
    db.execute(  # the used invitation (of an unnamed person) the guard counts respondents by
        "INSERT INTO invitations (round_id, team_id, token_hash, used) VALUES (?, ?, ?, 1)",
        [round_id, team_id, f"h-{response_id}"],
    )
    if comment is not None:
        db.execute("INSERT INTO comments (response_id, text) VALUES (?, ?)", [response_id, comment])
    return response_id
