"""Regressions of the fifth red-team review (redteam/README.md, "Fifth round"): key-driver
importance, the organisation benchmark and quarterly rounds beside weekly pulses."""

from __future__ import annotations

import datetime as dt
import os

import numpy as np

from insights import releases, source
from surveys.answering import submit_as_employee
from surveys.rounds import create_round
from surveys.templates import QUARTERLY, ensure_builtin_templates
from tests.insights.builders import add_people, add_team

OPENS, CLOSES, LATER = dt.date(2026, 11, 2), dt.date(2026, 11, 15), dt.date(2026, 11, 25)


def full_answers(db, round_id: int, rng, skip: float = 0.0) -> dict[str, int]:
    """Every rating question of the round, answered around one general factor; each driver
    left out with chance ``skip``."""
    rows = db.execute(
        "SELECT q.id, q.construct, coalesce(q.driver, ''), q.scale FROM round_questions rq "
        "JOIN questions q ON q.id = rq.question_id WHERE rq.round_id = ? "
        "AND q.construct <> 'open'",
        [round_id],
    ).fetchall()
    general = rng.normal()
    skipped = {d for d in sorted({r[2] for r in rows if r[2]}) if rng.random() < skip}
    out = {}
    for qid, construct, driver, _scale in rows:
        if driver in skipped:
            continue
        if construct == "enps":
            out[qid] = int(np.clip(round(6 + 2 * general + rng.normal()), 0, 10))
        else:
            out[qid] = int(np.clip(round(3 + general + rng.normal() * 0.8), 1, 5))
    return out


def quarterly(db, structure: dict, skip: float = 0.0, seed: int = 3) -> tuple[dict, int]:
    """``structure``: department ("" for none) -> {team: size}; everyone answers the built-in
    quarterly survey through the product (sealed while open). Returns (ids, round id)."""
    templates = ensure_builtin_templates(db)
    ids = {}
    for dept, teams in structure.items():
        parent = add_team(db, dept) if dept else None
        ids[dept or None] = parent
        for team, size in teams.items():
            ids[team] = add_team(db, team, parent)
            add_people(db, ids[team], size)
    round_id = create_round(db, templates[QUARTERLY], OPENS, CLOSES, actor="admin")
    rng = np.random.default_rng(seed)
    for (person,) in db.execute("SELECT id FROM employees ORDER BY id").fetchall():
        answers = full_answers(db, round_id, rng, skip)
        submit_as_employee(db, person, round_id, answers, today=OPENS + dt.timedelta(days=1))
    return ids, round_id


LARGE = {
    "Revenue Cycle": {"Billing": 50, "Coding": 50, "Denials": 45},
    "Patient Access": {"Scheduling": 50, "Call Centre": 50, "Front Desk": 45},
    "Health Information": {"Medical Records": 14, "Release of Information": 4},
}


def test_publishing_a_full_survey_writes_nothing_to_the_wal_before_it_commits(
    db, isolated_database, monkeypatch
):
    """A copy taken during publication read uncoarsened response rows (real team, bands)
    from pages the transaction spilled into the WAL: 308 of 308 in the red-team script."""
    _, round_id = quarterly(db, LARGE)
    wal = f"{isolated_database}-wal"
    seen = []
    real_decide = releases.decide

    def decide(*args, **kwargs):  # the moment after the blobs were opened
        seen.append(os.path.getsize(wal) if os.path.exists(wal) else 0)
        return real_decide(*args, **kwargs)

    monkeypatch.setattr(releases, "decide", decide)
    round_ = source.closed_unpublished(db, LATER)[0]
    assert releases.publish(db, round_, LATER)
    assert db.execute("SELECT count(*) FROM responses WHERE round_id = ?", [round_id]).fetchone()[
        0
    ] == sum(sum(t.values()) for t in LARGE.values())
    assert seen == [0]
    assert db.execute("PRAGMA cache_spill").fetchone()[0]  # the connection spills again after
