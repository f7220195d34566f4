"""Key-driver importance in a release: computed at publication for the organisation and each
department with enough full-survey responses, stored once, read by the Team page."""

import numpy as np
import pytest

from insights import releases, views
from insights.dominance import min_respondents
from org.tree import ROOT
from surveys.bank import DRIVERS
from tests.insights.builders import add_people, add_round, add_team, answer
from tests.insights.fixtures import ADMIN

WEEK = 2  # closed on the tests' today


def ask(db, round_id: int, question_ids) -> None:
    db["round_questions"].insert_all(
        {"round_id": round_id, "question_id": q, "position": i} for i, q in enumerate(question_ids)
    )


def driver_questions(db) -> dict[str, str]:
    rows = db.execute(
        "SELECT driver, min(id) FROM questions WHERE construct = 'driver' GROUP BY driver"
    )
    return {d: q for d, q in rows if d in DRIVERS}


@pytest.fixture
def full_survey(db):
    """A department of three teams, 60 people each, all answering every driver. Engagement
    follows workload strongly and recognition weakly; the rest is a shared general factor."""
    dept = add_team(db, "Revenue Cycle")
    teams = [add_team(db, name, dept) for name in ("Billing", "Coding", "Denials")]
    drivers = driver_questions(db) if db["questions"].count else None
    round_id = add_round(db, WEEK, questions=())
    drivers = driver_questions(db)
    engagement = [
        q for (q,) in db.execute("SELECT id FROM questions WHERE construct = 'engagement'")
    ]
    for position, qid in enumerate([*drivers.values(), *engagement]):
        db["round_questions"].insert(
            {"round_id": round_id, "question_id": qid, "position": position}
        )
    rng = np.random.default_rng(11)
    for team in teams:
        for person in add_people(db, team, 60):
            general = rng.normal()
            values = {}
            for qid in drivers.values():
                values[qid] = int(np.clip(round(3 + general * 0.6 + rng.normal() * 0.9), 1, 5))
            workload, recognition = values[drivers["workload"]], values[drivers["recognition"]]
            mood = 0.8 * workload + 0.25 * recognition + rng.normal() * 0.7
            for qid in engagement:
                values[qid] = int(np.clip(round(mood - 0.2 + rng.normal() * 0.3), 1, 5))
            answer(db, round_id, person, values)
    return dept, teams, round_id


def test_publication_stores_the_organisations_and_the_departments_weights(db, full_survey):
    dept, teams, round_id = full_survey
    tv = views.team_view(db, ADMIN, teams[0], *views.date_bounds(db))
    stored = db.execute(
        "SELECT group_id, count(*), min(respondents), round(sum(share), 6) "
        "FROM release_driver_weights WHERE round_id = ? GROUP BY 1 ORDER BY 1",
        [round_id],
    ).fetchall()
    assert stored == [(ROOT, len(DRIVERS), 180, 100.0), (dept, len(DRIVERS), 180, 100.0)]
    weights = releases.driver_weights(db, [round_id], [dept, ROOT])
    ranked = sorted(weights.shares, key=lambda d: -weights.shares[d][0])
    assert ranked[0] == "workload" and weights.shares["workload"][1] > 100 / len(DRIVERS)
    above = tv.drivers.set_index("key")["importance above"]
    assert above["workload"] == pytest.approx(weights.shares["workload"][0])
    assert tv.drivers["importance above"].notna().all()
    assert "Revenue Cycle" in tv.importance_note and "180 people" in tv.importance_note


def test_teams_take_importance_from_the_nearest_level_above(db, full_survey):
    dept, teams, round_id = full_survey
    views.team_view(db, ADMIN, teams[0], *views.date_bounds(db))  # publishes
    assert releases.driver_weights(db, [round_id], [dept, ROOT]).group == dept
    assert releases.driver_weights(db, [round_id], [ROOT]).group == ROOT
    assert releases.driver_weights(db, [], [ROOT]) is None


def test_too_few_full_responses_release_no_weights(db):
    dept = add_team(db, "Small")
    team = add_team(db, "Desk", dept)
    round_id = add_round(db, WEEK, questions=())
    drivers = driver_questions(db)
    for position, qid in enumerate([*drivers.values(), "eng_pride"]):
        db["round_questions"].insert(
            {"round_id": round_id, "question_id": qid, "position": position}
        )
    for person in add_people(db, team, min_respondents(len(DRIVERS)) - 1):
        answer(db, round_id, person, {**{q: 3 for q in drivers.values()}, "eng_pride": 4})
    views.team_view(db, ADMIN, team, *views.date_bounds(db))
    assert db["release_driver_weights"].count == 0


def test_a_driver_asked_by_several_items_counts_their_mean(db):
    """The quarterly survey asks two or three items per driver: importance reads their mean,
    and a response that skipped every item of one driver is not complete."""
    from insights import source

    team = add_team(db, "Billing")
    round_id = add_round(db, WEEK, questions=())
    items: dict[str, list[str]] = {}
    for qid, driver in db.execute(
        "SELECT id, driver FROM questions WHERE construct = 'driver' ORDER BY rowid"
    ):
        items.setdefault(driver, []).append(qid)
    two = next(d for d in DRIVERS if len(items[d]) >= 2)
    values = {qids[0]: 3 for d, qids in items.items() if d in DRIVERS}
    values[items[two][0]], values[items[two][1]] = 2, 5
    first, second = add_people(db, team, 2)
    answer(db, round_id, first, {**values, "eng_pride": 4, "eng_stay": 5})
    skipped = {q: v for q, v in values.items() if q not in items["workload"]}
    answer(db, round_id, second, {**skipped, "eng_pride": 4})
    teams, answers, outcome = source.full_driver_answers(db, round_id, list(DRIVERS))
    assert teams == [team] and outcome == [4.5]
    (row,) = answers
    assert row[list(DRIVERS).index(two)] == 3.5
    assert all(v == 3 for d, v in zip(DRIVERS, row, strict=True) if d != two)
