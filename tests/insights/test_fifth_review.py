"""Regressions of the fifth red-team review (redteam/README.md, "Fifth round"): key-driver
importance, the organisation benchmark and quarterly rounds beside weekly pulses."""

from __future__ import annotations

import datetime as dt
import os

import numpy as np

from insights import releases, source, views
from insights.guard import maximal_shown_below
from org.settings import anonymity_threshold, set_anonymity_threshold
from org.tree import ROOT, load_tree
from surveys.answering import submit_as_employee
from surveys.rounds import create_round
from surveys.templates import QUARTERLY, ensure_builtin_templates
from tests.insights.builders import add_people, add_team
from tests.insights.fixtures import ADMIN

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


def quarterly(
    db, structure: dict, skip: float = 0.0, seed: int = 3, skip_in: dict | None = None
) -> tuple[dict, int]:
    """``structure``: department ("" for none) -> {team: size}; everyone answers the built-in
    quarterly survey through the product (sealed while open), leaving out each driver with
    chance ``skip`` (``skip_in``: per team name). Returns (ids, round id)."""
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
    skip_of = {ids[t]: p for t, p in (skip_in or {}).items()}
    for person, team in db.execute("SELECT id, team_id FROM employees ORDER BY id").fetchall():
        answers = full_answers(db, round_id, rng, skip_of.get(team, skip))
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


TWO_DEPARTMENTS = {
    "Revenue Cycle": {"Billing": 60, "Coding": 60, "Denials": 50},
    "Patient Access": {"Scheduling": 60, "Call Centre": 60, "Front Desk": 50},
    "": {"Quality": 7},
}


def test_weighted_groups_differ_by_none_or_at_least_k_complete_responses(db):
    """The organisation's count of responses that answered every driver less its
    departments' was Quality's 4 (of 7 respondents): the Team pages' "N people" gave it, and
    the organisation's weights differed from the departments' by those 4 answer vectors."""
    _, round_id = quarterly(db, TWO_DEPARTMENTS, skip=0.01, seed=5, skip_in={"Quality": 0.07})
    releases.publish_due(db, LATER)
    k = anonymity_threshold(db)
    counts = dict(
        db.execute(
            "SELECT group_id, respondents FROM release_driver_weights WHERE round_id = ?",
            [round_id],
        ).fetchall()
    )
    assert ROOT in counts and len(counts) >= 2  # the organisation and a department
    kids = load_tree(db)[0].children()
    for group, n in counts.items():
        rest = n - sum(counts[c] for c in maximal_shown_below(group, kids, set(counts)))
        assert rest == 0 or rest >= k, (group, rest)
    respondents = db.execute(
        "SELECT count(*) FROM responses WHERE round_id = ?", [round_id]
    ).fetchone()[0]
    assert counts[ROOT] <= respondents


def test_weights_of_a_release_hidden_by_a_raised_threshold_are_hidden_too(db):
    ids, round_id = quarterly(db, LARGE)
    releases.publish_due(db, LATER)
    dept = ids["Revenue Cycle"]
    assert releases.driver_weights(db, [round_id], [dept, ROOT]).group == dept
    set_anonymity_threshold(db, anonymity_threshold(db) + 1)
    assert releases.driver_weights(db, [round_id], [dept, ROOT]) is None
    view = views.team_view(db, ADMIN, ids["Billing"], OPENS, LATER)
    assert view.drivers["importance above"].isna().all()
    assert "needs a full survey" in view.importance_note
