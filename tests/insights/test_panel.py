"""The guard applied to stored responses, on small organisations built by hand."""

import datetime as dt

import pytest

from insights import source
from insights.panel import build_cut, build_panel
from insights.views import window_figures
from org.tree import ROOT
from tests.insights.builders import add_people, add_round, add_team, answer

ALL = (dt.date(2000, 1, 1), dt.date(2100, 1, 1))


def rounds(db):
    return source.rounds_between(db, *ALL)


def test_one_joiner_hides_the_second_round_and_the_window_adds_only_shown_rounds(db):
    team = add_team(db, "Billing")
    other = add_team(db, "Coding")
    people = add_people(db, team, 7)
    others = add_people(db, other, 9)
    first, second = add_round(db, 0), add_round(db, 1)
    for person in people[:6]:  # round 1: six answer, all burned out
        answer(db, first, person, {"burnout": 4})
    for person in people:  # round 2: the same six and a joiner who is fine
        answer(db, second, person, {"burnout": 4 if person != people[6] else 1})
    for r in (first, second):
        for index, person in enumerate(others):
            answer(db, r, person, {"burnout": 1 + index % 2})
    panel = build_panel(db, rounds(db))
    assert panel.is_shown(first, team)
    assert not panel.is_shown(second, team)
    assert panel.why_hidden(second, team) == "not shown, to protect confidentiality"
    counts, used = panel.window([first, second], team, "burnout")
    assert (counts.high, counts.total, used) == (6, 6, 1)  # round 1 only
    # The joiner cannot be read off: no two shown Billing figures differ by them.
    assert panel.measure(second, team, "burnout") is None


def test_skipped_questions_give_no_figure_not_zero(db):
    team = add_team(db, "Front Desk")
    people = add_people(db, team, 6)
    r = add_round(db, 0)
    for person in people:
        answer(db, r, person, {"burnout": 2})  # everyone skipped eNPS and engagement
    panel = build_panel(db, rounds(db))
    assert panel.is_shown(r, team)
    assert panel.measure(r, team, "enps") is None
    fig = window_figures(panel, [r], team)
    assert fig.values["burnout"] == 0.0  # a real zero: six answers, none burned out
    assert "enps" not in fig.values and "engagement" not in fig.values


def test_measure_with_fewer_than_k_answers_is_hidden_even_in_a_shown_team(db):
    team = add_team(db, "Referrals")
    people = add_people(db, team, 8)
    r = add_round(db, 0)
    for index, person in enumerate(people):
        values = {"burnout": 3}
        if index < 3:
            values["enps"] = 10
        answer(db, r, person, values)
    panel = build_panel(db, rounds(db))
    assert panel.measure(r, team, "burnout").total == 8
    assert panel.measure(r, team, "enps") is None  # three answers


def test_department_with_two_staff_is_hidden_and_its_teams_shown(db):
    department = add_team(db, "Revenue Cycle")
    billing = add_team(db, "Billing", department)
    coding = add_team(db, "Coding", department)
    other = add_team(db, "Patient Access")
    staff = add_people(db, department, 2)
    r = add_round(db, 0)
    for person in staff + add_people(db, billing, 8) + add_people(db, coding, 7):
        answer(db, r, person, {"burnout": 3})
    for person in add_people(db, other, 9):
        answer(db, r, person, {"burnout": 1})
    panel = build_panel(db, rounds(db))
    assert department not in panel.shown[r]
    # The organisation's own residual (the two staff) is then too small, so it hides its
    # smallest visible team as well: Coding (7).
    assert panel.shown[r] == {ROOT, billing, other}
    assert panel.why_hidden(r, department) == "not shown, to protect confidentiality"
    # Organisation - Billing - Coding - Patient Access = 2 staff: the organisation must not
    # be shown with all three, and it is not.
    assert not ({ROOT, billing, coding, other} <= panel.shown[r])


def test_band_cut_refused_when_its_complement_is_small(db):
    team = add_team(db, "Call Centre")
    r = add_round(db, 0)
    seniors = add_people(db, team, 9)
    juniors = add_people(db, team, 3)
    for person in seniors:
        answer(db, r, person, {"burnout": 1}, band="3+ years")
    for person in juniors:
        answer(db, r, person, {"burnout": 5}, band="Under 1 year")
    panel = build_panel(db, rounds(db))
    cut = build_cut(panel, team, "tenure_band", "3+ years")
    # Team (12) minus seniors (9) would be the 3 juniors: refused.
    assert cut.measures == {} and cut.refused
    assert build_cut(panel, team, "tenure_band", "Under 1 year").measures == {}


def test_band_cut_shown_when_both_sides_are_large_enough(db):
    team = add_team(db, "Call Centre")
    r = add_round(db, 0)
    for person in add_people(db, team, 6):
        answer(db, r, person, {"burnout": 4}, band="3+ years")
    for person in add_people(db, team, 5):
        answer(db, r, person, {"burnout": 1}, band="Under 1 year")
    panel = build_panel(db, rounds(db))
    cut = build_cut(panel, team, "tenure_band", "3+ years")
    assert cut.respondents == {r: 6}
    assert cut.measures[r]["burnout"].high == 6


def test_band_cut_refused_for_a_team_with_sub_teams(db):
    department = add_team(db, "Health Information")
    add_team(db, "Medical Records", department)
    panel = build_panel(db, [])
    assert "without sub-teams" in build_cut(panel, department, "tenure_band", "x").refused


@pytest.mark.parametrize("threshold", ["2", "x"])
def test_threshold_setting_is_never_below_three(db, threshold):
    db["settings"].upsert({"key": "anonymity_threshold", "value": threshold}, pk="key")
    team = add_team(db, "Tiny")
    r = add_round(db, 0)
    for person in add_people(db, team, 4):
        answer(db, r, person, {"burnout": 3})
    panel = build_panel(db, rounds(db))
    assert panel.k == (3 if threshold == "2" else 5)
    assert panel.is_shown(r, team) == (panel.k <= 4)


def test_only_one_demographic_partition_per_team_and_round(db):
    # Tenure cells 6 / 6 and job-family cells 7 / 5 of the same 12 people: showing both
    # partitions would let (tenure A + family X - team) isolate a cross-cell.
    team = add_team(db, "Call Centre")
    r = add_round(db, 0)
    people = add_people(db, team, 7, family="Front line") + add_people(db, team, 5, "Senior")
    for index, person in enumerate(people):
        band = "3+ years" if index % 2 else "1-3 years"
        answer(db, r, person, {"burnout": 3}, band=band)
    panel = build_panel(db, rounds(db))
    tenure = build_cut(panel, team, "tenure_band", "3+ years")
    assert tenure.respondents == {r: 6}
    family = build_cut(panel, team, "job_family", "Front line")
    assert family.respondents == {} and family.refused


def test_job_family_cut_when_tenure_cells_cannot_be_shown(db):
    team = add_team(db, "Coding")
    r = add_round(db, 0)
    people = add_people(db, team, 6, family="Front line") + add_people(db, team, 6, "Senior")
    for index, person in enumerate(people):
        answer(db, r, person, {"burnout": 3}, band="Under 1 year" if index == 0 else "3+ years")
    panel = build_panel(db, rounds(db))
    assert build_cut(panel, team, "tenure_band", "3+ years").respondents == {}
    assert build_cut(panel, team, "job_family", "Senior").respondents == {r: 6}


def test_publishing_a_round_seals_it_at_rest(db):
    """A published round is closed for good: its rows are re-inserted in random order at once,
    not at the next cadence run (second red-team pass)."""
    team = add_team(db, "Front Desk")
    r = add_round(db, 0)
    for person in add_people(db, team, 6):
        answer(db, r, person, {"burnout": 2})
    build_panel(db, rounds(db), today=dt.date(2026, 10, 1))
    sealed = db.execute("SELECT sealed FROM round_at_rest WHERE round_id = ?", [r]).fetchone()
    assert sealed == (1,)
