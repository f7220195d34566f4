"""Tiny hand-made organisations for the insights tests: exact counts, no randomness."""

from __future__ import annotations

import datetime as dt
import itertools

import sqlite_utils

from storage import write_transaction
from surveys.bank import sync_bank

_ids = itertools.count(1)
MONDAY = dt.date(2026, 9, 7)


def add_team(db: sqlite_utils.Database, name: str, parent: int | None = None) -> int:
    return db["teams"].insert({"name": name, "parent_id": parent}).last_pk


def add_people(db: sqlite_utils.Database, team_id: int, count: int, family="Specialist") -> list:
    ids = []
    for _ in range(count):
        n = next(_ids)
        ids.append(
            db["employees"]
            .insert(
                {
                    "name": f"Person {n}",
                    "email": f"p{n}@example.org",
                    "team_id": team_id,
                    "job_family": family,
                    "start_date": "2020-01-01",
                }
            )
            .last_pk
        )
    return ids


def add_round(
    db: sqlite_utils.Database,
    week: int,
    questions=("burnout", "enps", "eng_pride"),
    kind: str = "pulse",
):
    """A round of a template of ``kind`` (a weekly pulse unless told) ``week`` weeks after
    MONDAY asking ``questions``."""
    sync_bank(db)
    name = kind.capitalize()
    db.execute("INSERT OR IGNORE INTO templates (name, kind) VALUES (?, ?)", [name, kind])
    template_id = db.execute("SELECT id FROM templates WHERE name = ?", [name]).fetchone()[0]
    opens = MONDAY + dt.timedelta(weeks=week)
    round_id = (
        db["rounds"]
        .insert(
            {
                "template_id": template_id,
                "title": f"Week {week}",
                "period": f"W{week}",
                "opens_on": opens.isoformat(),
                "closes_on": (opens + dt.timedelta(days=4)).isoformat(),
            }
        )
        .last_pk
    )
    for position, qid in enumerate(questions):
        db["round_questions"].insert(
            {"round_id": round_id, "question_id": qid, "position": position}
        )
    return round_id


def answer(
    db: sqlite_utils.Database,
    round_id: int,
    employee_id: int,
    values: dict[str, int],
    band: str = "3+ years",
    comment: str | None = None,
) -> str:
    """One submission: the invitation marked used, an anonymous response and its answers."""
    team_id, family = db.execute(
        "SELECT team_id, job_family FROM employees WHERE id = ?", [employee_id]
    ).fetchone()
    response_id = f"r{next(_ids):08d}"
    day = db.execute("SELECT opens_on FROM rounds WHERE id = ?", [round_id]).fetchone()[0]
    with write_transaction(db):
        db.execute(  # team and bands frozen on the invitation, as surveys.rounds.invite does
            "INSERT INTO invitations (round_id, employee_id, team_id, tenure_band, job_family, "
            "token_hash, used) VALUES (?, ?, ?, ?, ?, ?, 1)",
            [round_id, employee_id, team_id, band, family, f"h{response_id}"],
        )
        db.execute(
            "INSERT INTO responses (id, round_id, team_id, tenure_band, job_family, "
            "submitted_on) VALUES (?, ?, ?, ?, ?, ?)",
            [response_id, round_id, team_id, band, family, day],
        )
        for qid, value in values.items():
            db.execute(
                "INSERT INTO answers (response_id, question_id, value) VALUES (?, ?, ?)",
                [response_id, qid, value],
            )
        if comment:
            db.execute(
                "INSERT INTO comments (response_id, text) VALUES (?, ?)", [response_id, comment]
            )
    return response_id


def invite_only(db: sqlite_utils.Database, round_id: int, employee_id: int) -> None:
    team_id = db.execute("SELECT team_id FROM employees WHERE id = ?", [employee_id]).fetchone()[0]
    db.execute(
        "INSERT INTO invitations (round_id, employee_id, team_id, token_hash, used) "
        "VALUES (?, ?, ?, ?, 0)",
        [round_id, employee_id, team_id, f"h-unused-{next(_ids)}"],
    )
