"""Shared helpers for the surveys tests: personal links into the demo's open pulse."""

from __future__ import annotations

import sqlite_utils

from surveys.links import reissue_token
from tests.sealed import stored_counts


def open_pulse_round(db: sqlite_utils.Database) -> int:
    """The demo's latest weekly pulse (open on DEMO_TODAY)."""
    return db.execute(
        "SELECT r.id FROM rounds r JOIN templates t ON t.id = r.template_id "
        "WHERE t.kind = 'pulse' ORDER BY r.opens_on DESC LIMIT 1"
    ).fetchone()[0]


def fresh_tokens(db: sqlite_utils.Database, count: int = 1, round_id: int | None = None) -> list:
    """New tokens for ``count`` unused invitations of the open pulse."""
    round_id = round_id or open_pulse_round(db)
    rows = db.execute(
        "SELECT id FROM invitations WHERE round_id = ? AND used = 0 ORDER BY id LIMIT ?",
        [round_id, count],
    ).fetchall()
    return [reissue_token(db, r[0]) for r in rows]


def counts(db: sqlite_utils.Database) -> tuple[int, int, int, int]:
    """(responses, answers, comments, used invitations); an open round's responses count
    whether sealed or published (tests/sealed.py)."""
    used = db.execute("SELECT count(*) FROM invitations WHERE used = 1").fetchone()[0]
    return (*stored_counts(db), used)


def small_org(db: sqlite_utils.Database) -> dict[str, int]:
    """Two teams under one department, six people; returns template ids by name."""
    from surveys.templates import ensure_builtin_templates

    db["teams"].insert_all(
        [
            {"id": 1, "name": "Revenue Cycle", "parent_id": None},
            {"id": 2, "name": "Billing", "parent_id": 1},
            {"id": 3, "name": "Coding", "parent_id": 1},
        ]
    )
    db["employees"].insert_all(
        [
            {
                "id": 1,
                "name": "Ann",
                "email": "ann@x.example",
                "team_id": 2,
                "job_family": "Staff",
                "start_date": "2020-01-06",
            },
            {
                "id": 2,
                "name": "Bo",
                "email": "bo@x.example",
                "team_id": 2,
                "job_family": "Staff",
                "start_date": "2026-10-20",
            },
            {
                "id": 3,
                "name": "Cy",
                "email": "cy@x.example",
                "team_id": 3,
                "job_family": "Senior",
                "start_date": "2024-05-01",
            },
            {
                "id": 4,
                "name": "Di",
                "email": "di@x.example",
                "team_id": 3,
                "job_family": "Staff",
                "start_date": "2026-08-27",
            },
            {
                "id": 5,
                "name": "Ed",
                "email": "ed@x.example",
                "team_id": 1,
                "job_family": "Lead",
                "start_date": "2019-03-01",
            },
            {
                "id": 6,
                "name": "Flo",
                "email": "flo@x.example",
                "team_id": 2,
                "job_family": "Staff",
                "start_date": "2026-12-01",
            },
        ]
    )
    db.execute("UPDATE employees SET status = 'left', left_date = '2026-11-01' WHERE id = 5")
    return ensure_builtin_templates(db)
