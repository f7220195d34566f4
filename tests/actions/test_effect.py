"""Follow-up items and the before/after of an action, on a hand-made organisation whose
figures are worked out by hand (see the comments)."""

import datetime as dt

import pytest

from actions import effect, plans
from actions.followup import FOLLOWUP_MEASURE
from actions.stats import Share, difference
from insights import source
from insights.panel import build_panel
from surveys.answering import round_questions
from tests.actions.conftest import ADMIN
from tests.insights.builders import MONDAY, add_round, answer

CREATED = MONDAY + dt.timedelta(weeks=2)  # between the before (0, 1) and after (3, 4) weeks
TODAY = MONDAY + dt.timedelta(weeks=5)  # every round closed


def _act(db, org, measure="engagement"):
    action_id = plans.create_action(
        db, org.leader, org.team, "Peer mentoring", measure, "mentorship", "Ann",
        CREATED + dt.timedelta(days=14), today=CREATED,
    )  # fmt: skip
    note = plans.update_action(db, org.leader, action_id, today=CREATED, status="done")
    return action_id, note


def _week(db, org, week, favourable):
    """Everyone answers; ``favourable[team]`` of each team's six say 5, the rest 2. The team
    that acted also answers its follow-up item where the pulse carries it (4 of 6 agree)."""
    round_id = add_round(db, week, questions=("eng_pride",))
    for team, people in org.people.items():
        if team == org.tiny:
            continue
        extra = [q.id for q in round_questions(db, round_id, team) if q.id != "eng_pride"]
        for n, person in enumerate(people):
            values = {"eng_pride": 5 if n < favourable[team] else 2}
            values |= {q: 4 if n < 4 else 2 for q in extra}
            answer(db, round_id, person, values)
    return round_id


@pytest.fixture
def measured(db, org):
    action_id, note = _act(db, org)
    for week, acted in ((0, 2), (1, 2), (3, 5), (4, 5)):
        _week(db, org, week, {org.team: acted, **{t: 3 for t in org.others}})
    return action_id, note


def test_a_done_action_puts_its_follow_up_item_in_the_teams_next_pulses_only(db, org, measured):
    action_id, note = measured
    assert "ask: Has “Peer mentoring” made a difference to your work?" in note
    rounds = {r.title: r.id for r in source.rounds_between(db, MONDAY, TODAY)}
    followup = f"followup_a{action_id}"
    assert followup not in [q.id for q in round_questions(db, rounds["Week 1"], org.team)]
    assert followup in [q.id for q in round_questions(db, rounds["Week 3"], org.team)]
    assert followup not in [q.id for q in round_questions(db, rounds["Week 3"], org.others[0])]


def test_the_follow_up_item_is_released_like_any_measure(db, org, measured):
    rounds = source.rounds_between(db, MONDAY, TODAY)
    panel = build_panel(db, rounds, None, today=TODAY)
    week3 = next(r.id for r in rounds if r.title == "Week 3")
    # high, low, answers, people
    assert tuple(panel.measure(week3, org.team, FOLLOWUP_MEASURE)) == (4, 2, 6, 6)
    found = effect.action_effect(db, org.leader, measured[0], today=TODAY)
    assert found.followup == Share(8, 12, 2)
    assert found.followup_text.startswith("67 % agree the action made a difference")


def test_a_team_too_small_to_release_gets_no_follow_up_item(db, org):
    action_id = plans.create_action(
        db, ADMIN, org.tiny, "Cross-training", "engagement", "training", "Bo",
        CREATED, today=CREATED,
    )  # fmt: skip
    note = plans.update_action(db, ADMIN, action_id, today=CREATED, status="done")
    assert "fewer than 5 people" in note
    assert db["team_questions"].count == 0
    assert plans.get_action(db, ADMIN, action_id).followup_question_id is None


def test_before_after_and_comparison_teams_by_hand(db, org, measured):
    found = effect.action_effect(db, org.leader, measured[0], today=TODAY)
    # Billing: 2 of 6 favourable in weeks 0 and 1, 5 of 6 in weeks 3 and 4.
    assert found.before == Share(4, 12, 2) and found.after == Share(10, 12, 2)
    # Two rounds of the same six people count as six people: Newcombe on 2/6 -> 5/6.
    assert found.change == difference(Share(2, 6, 1), Share(5, 6, 1))
    assert found.change.estimate == pytest.approx(50.0)
    # Three teams without an action, 3 of 6 favourable every week: no change.
    assert found.comparison_teams == 3
    assert found.comparison == difference(Share(9, 18, 1), Share(9, 18, 1))
    assert found.comparison.estimate == 0
    assert found.did.estimate == pytest.approx(50.0)
    assert found.did.low == pytest.approx(
        50.0 - ((found.change.estimate - found.change.low) ** 2 + found.comparison.high**2) ** 0.5
    )
    assert "not proof" in found.comparison_verdict


def test_the_page_says_plainly_when_the_data_cannot_tell(db, org):
    action_id, _ = _act(db, org)
    # Weeks before: 3 of 6, after: 4 of 6. Newcombe's interval of 3/6 -> 4/6 includes zero.
    for week, acted in ((0, 3), (1, 3), (3, 4), (4, 4)):
        _week(db, org, week, {org.team: acted, **{t: 3 for t in org.others}})
    found = effect.action_effect(db, org.leader, action_id, today=TODAY)
    assert found.change.low < 0 < found.change.high
    assert found.verdict.startswith("The data cannot tell whether engagement changed")
    assert "the data cannot tell whether Billing changed more" in found.comparison_verdict


def test_no_released_cells_before_means_no_claim(db, org):
    action_id, _ = _act(db, org)
    found = effect.action_effect(db, org.leader, action_id, today=TODAY)
    assert found.change is None and found.did is None
    assert found.verdict.startswith("The data cannot tell: Billing has no released engagement")


def test_a_leader_cannot_read_another_teams_effect(db, org, measured):
    with pytest.raises(plans.ActionError):
        effect.action_effect(db, org.other_leader, measured[0], today=TODAY)
