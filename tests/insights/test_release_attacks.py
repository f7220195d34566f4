"""Issue 12: the nine attacks that recovered one person's answers, each tried again through the
public functions. Every test computes what the attacker would compute from what the functions
return and asserts it is not one person's answer (or that a cell it needs is hidden).

The generic attacker (``isolations``: every difference of two released cells, and of a cell and
a sum of released cells, on the TRUE sets of people the test recorded) lives in
``test_release_property.py`` and is written independently of ``insights/guard.py``.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections import Counter

import pytest

from insights import source
from insights.comments import comments_view
from insights.guard import HIDDEN
from insights.panel import NOT_YET, build_panel
from insights.red_flags import red_flag_queue
from insights.views import overview, team_view, visible_groups
from org.access import AccessDenied, Viewer
from org.settings import set_setting
from org.tree import ROOT
from sentiment.store import score_pending
from surveys.answering import submit_as_employee
from surveys.rounds import invite
from tests.insights.builders import MONDAY, add_people, add_round, add_team
from tests.insights.fixtures import ADMIN, leader_of, team_id
from tests.insights.test_release_property import (
    Entry,
    Truth,
    isolations,
    measure_keys,
    respond,
)
from tests.sealed import sealed_payloads

ALL = (dt.date(2000, 1, 1), dt.date(2100, 1, 1))
FINE = {"burnout": 1, "enps": 9, "eng_pride": 4}
BURNED_OUT = {"burnout": 5, "enps": 0, "eng_pride": 1}
MEASURES = ("burnout", "enps", "engagement")


def after_close(week: int) -> dt.date:
    """The day after the builders' round of ``week`` closes."""
    return MONDAY + dt.timedelta(weeks=week, days=5)


def panel_on(db, day: dt.date, groups=None):
    return build_panel(db, source.rounds_between(db, *ALL), groups, today=day)


def everyone(db, truth, round_id, people, values=FINE, **kwargs) -> None:
    for person in people:
        respond(db, truth, round_id, person, values, **kwargs)


def recorded(db, truth: Truth, round_id: int, person: int, team: int, values: dict) -> None:
    """Note in the ground truth a submission made through ``surveys.answering``."""
    truth.rounds[round_id].append(
        Entry(person, team, "3+ years", "Specialist", measure_keys(db, values))
    )


def answer_derived(panel, round_id: int) -> tuple:
    """Everything of one round in a panel that is computed from answers or comments."""
    return (
        panel.shown.get(round_id),
        panel.respondents.get(round_id),
        panel.measures.get(round_id),
        panel.comments.get(round_id),
        panel.themes.get(round_id),
        panel.moments.get(round_id),
        panel.bands.get(round_id),
        panel.owner.get(round_id),
    )


# --- 1. open round, live ---------------------------------------------------------------------
def test_an_open_round_shows_nothing_derived_from_answers_and_a_submission_changes_no_figure(db):
    """Attack: read the panel before and after one colleague submits to an open round; the
    difference of the two readings would be that colleague's answers."""
    team = add_team(db, "Billing")
    people = add_people(db, team, 10)
    week0 = add_round(db, 0, ("burnout", "enps", "eng_pride", "comment"))
    invite(db, week0, people)
    today = MONDAY + dt.timedelta(days=2)  # the round is open
    for person in people[:9]:
        submit_as_employee(db, person, week0, FINE, today=today)
    before = panel_on(db, today)
    submit_as_employee(db, people[9], week0, BURNED_OUT, comment="I am leaving.", today=today)
    after = panel_on(db, today)
    for panel in (before, after):
        assert week0 in panel.open_rounds
        assert not panel.shown[week0]
        assert not any(answer_derived(panel, week0)[1:7])
        for measure in MEASURES:
            assert panel.measure(week0, team, measure) is None
        assert panel.why_hidden(week0, team) == NOT_YET
    assert answer_derived(before, week0) == answer_derived(after, week0)
    assert db.execute("SELECT count(*) FROM releases").fetchone()[0] == 0  # nothing published


def test_a_leaders_pages_do_not_move_when_a_colleague_submits_to_the_open_round(demo_db):
    """Attack (the demo's): Billing's burnout 66.7 % of 9 then 70.0 % of 10 on the Team page,
    and the new comment on the Comments page, around one submission to the open pulse."""
    billing = team_id(demo_db, "Billing")
    viewer = leader_of(demo_db, "Billing")
    today = dt.date.fromisoformat("2026-11-25")
    open_round, person = demo_db.execute(
        "SELECT r.id, i.employee_id FROM rounds r JOIN invitations i ON i.round_id = r.id "
        "WHERE r.opens_on <= ? AND r.closes_on >= ? AND i.used = 0 AND i.team_id = ? "
        "ORDER BY i.employee_id LIMIT 1",
        [today.isoformat(), today.isoformat(), billing],
    ).fetchone()
    start, end = source.round_span(demo_db)

    def read():
        view = team_view(demo_db, viewer, billing, start, end)
        comments = comments_view(demo_db, viewer, billing, start, end)
        return view, comments

    before, comments_before = read()
    text = "Nobody else would write this exact sentence about the rota."
    questions = [
        q
        for (q,) in demo_db.execute(
            "SELECT question_id FROM round_questions WHERE round_id = ?", [open_round]
        )
    ]
    values = {
        q: (0 if q == "enps" else 5 if q == "burnout" else 1) for q in questions if q != "comment"
    }
    submit_as_employee(demo_db, person, open_round, values, comment=text, today=today)
    after, comments_after = read()

    assert before.figures == after.figures
    assert before.latest == after.latest
    assert answer_derived(before.panel, open_round) == answer_derived(after.panel, open_round)
    figures = after.trend[after.trend["measure"] != "Participation"]
    open_rows = figures[figures["round"] == after.panel.rounds[-1].title]
    assert open_rows["value"].isna().all()
    assert before.drivers.equals(after.drivers)
    assert before.themes.equals(after.themes)
    assert comments_before.equals(comments_after)
    assert text not in set(comments_after["comment"])


# --- 2. re-org rewrites history ----------------------------------------------------------------
def test_a_reorg_after_release_changes_no_released_figure(db):
    """Attack: move a one-person team under a shown department, then read the department's
    closed round again: after minus before would be that person's answers."""
    truth = Truth()
    revenue = add_team(db, "Revenue Cycle")
    billing, coding = add_team(db, "Billing", revenue), add_team(db, "Coding", revenue)
    health = add_team(db, "Health Information")
    records, roi = add_team(db, "Medical Records", health), add_team(db, "ROI", health)
    staff = add_people(db, billing, 6) + add_people(db, coding, 6) + add_people(db, records, 6)
    (lonely,) = add_people(db, roi, 1)
    week0 = add_round(db, 0)
    everyone(db, truth, week0, staff)
    respond(db, truth, week0, lonely, BURNED_OUT)
    first = panel_on(db, after_close(0))
    assert first.is_shown(week0, revenue)
    stored = db.execute("SELECT * FROM release_cells ORDER BY 1, 2, 3, 4").fetchall()

    db.execute("UPDATE teams SET parent_id = ? WHERE id = ?", [revenue, roi])  # the re-org
    again = panel_on(db, after_close(0))
    for measure in MEASURES:
        assert again.measure(week0, revenue, measure) == first.measure(week0, revenue, measure)
    assert again.respondents[week0][revenue] == first.respondents[week0][revenue]
    assert db.execute("SELECT * FROM release_cells ORDER BY 1, 2, 3, 4").fetchall() == stored
    with pytest.raises(sqlite3.DatabaseError):
        db.execute("UPDATE release_cells SET figures = NULL WHERE round_id = ?", [week0])
    with pytest.raises(sqlite3.DatabaseError):
        db.execute("DELETE FROM releases WHERE round_id = ?", [week0])

    # The next round is decided on the new tree, and cannot be subtracted from the old release.
    week1 = add_round(db, 1)
    everyone(db, truth, week1, staff)
    respond(db, truth, week1, lonely, BURNED_OUT)
    later = panel_on(db, after_close(1))
    old, new = later.measure(week0, revenue, "burnout"), later.measure(week1, revenue, "burnout")
    assert old is None or new is None or new.total - old.total not in range(1, later.k)
    assert isolations(db, truth) == []


# --- 3. suppression without its complement ------------------------------------------------------
def test_a_team_hidden_against_an_earlier_round_is_not_its_department_less_its_sibling(db):
    """Attack: team A is hidden in week 1 (one joiner since week 0), but department D and
    sibling B are shown: D - B is A's week 1, and minus A's week 0 it is the joiner."""
    truth = Truth()
    dept = add_team(db, "Revenue Cycle")
    team_a, team_b = add_team(db, "Billing", dept), add_team(db, "Coding", dept)
    other = add_team(db, "Medical Records")
    a, b, c = add_people(db, team_a, 7), add_people(db, team_b, 12), add_people(db, other, 6)
    week0, week1 = add_round(db, 0), add_round(db, 1)
    everyone(db, truth, week0, a[:6] + b[:6] + c)
    everyone(db, truth, week1, a[:6] + b[6:] + c)  # B: six other people; C unchanged
    respond(db, truth, week1, a[6], BURNED_OUT)  # the joiner
    panel = panel_on(db, after_close(1))
    assert panel.is_shown(week0, team_a)
    assert not panel.is_shown(week1, team_a)
    assert not (panel.is_shown(week1, dept) and panel.is_shown(week1, team_b))
    assert isolations(db, truth) == []


def test_a_departments_hidden_remainder_is_checked_against_its_earlier_remainder(db):
    """Attack: two small teams A and C are hidden inside department D in both rounds; D - B
    is A + C each week, and (D - B) week 1 minus (D - B) week 0 is A's one joiner."""
    truth = Truth()
    dept = add_team(db, "Health Information")
    team_a, team_c = add_team(db, "Release of Information", dept), add_team(db, "Scanning", dept)
    team_b = add_team(db, "Medical Records", dept)
    a, c, b = add_people(db, team_a, 4), add_people(db, team_c, 3), add_people(db, team_b, 12)
    week0, week1 = add_round(db, 0), add_round(db, 1)
    everyone(db, truth, week0, a[:3] + c + b[:8])
    everyone(db, truth, week1, a[:3] + c + b[:5] + b[8:11])  # B changes by six people
    respond(db, truth, week1, a[3], BURNED_OUT)  # the joiner in A
    panel = panel_on(db, after_close(1))
    remainder_both_weeks = all(
        panel.is_shown(week, group) for week in (week0, week1) for group in (dept, team_b)
    )
    assert not remainder_both_weeks, "D - B in week 1 minus D - B in week 0 is one person"
    assert isolations(db, truth, derived=True) == []


# --- 4. the look-back counts rounds of any kind ---------------------------------------------------
def add_onboarding_round(db, opens: dt.date, period: str) -> int:
    db.execute("INSERT OR IGNORE INTO templates (name, kind) VALUES ('Check-in', 'onboarding')")
    template = db.execute("SELECT id FROM templates WHERE name = 'Check-in'").fetchone()[0]
    round_id = (
        db["rounds"]
        .insert(
            {
                "template_id": template,
                "title": f"Onboarding {period}",
                "period": period,
                "opens_on": opens.isoformat(),
                "closes_on": (opens + dt.timedelta(days=1)).isoformat(),
            }
        )
        .last_pk
    )
    for position, qid in enumerate(("burnout", "enps", "eng_pride")):
        db["round_questions"].insert(
            {"round_id": round_id, "question_id": qid, "position": position}
        )
    return round_id


def test_onboarding_rounds_in_between_do_not_take_the_earlier_pulse_out_of_reach(db):
    """Attack: four onboarding check-ins for other people between two weekly pulses; week 2
    minus week 0 of team A is the newcomer who joined A's pulse."""
    truth = Truth()
    team_a, other = add_team(db, "Billing"), add_team(db, "Medical Records")
    newcomers = add_team(db, "New starters")
    a, c = add_people(db, team_a, 7), add_people(db, other, 6)
    fresh = add_people(db, newcomers, 4)
    week0 = add_round(db, 0)
    everyone(db, truth, week0, a[:6] + c)
    for day, person in enumerate(fresh, start=1):
        check_in = add_onboarding_round(db, MONDAY + dt.timedelta(days=2 + 2 * day), f"O{day}")
        respond(db, truth, check_in, person, FINE)
    week2 = add_round(db, 2)
    everyone(db, truth, week2, a[:6] + c)
    respond(db, truth, week2, a[6], BURNED_OUT)  # the newcomer to A's pulse
    panel = panel_on(db, after_close(2))
    assert db.execute("SELECT count(*) FROM releases").fetchone()[0] == 6
    assert not (panel.is_shown(week0, team_a) and panel.is_shown(week2, team_a))
    assert isolations(db, truth) == []


# --- 5. movers -------------------------------------------------------------------------------
def test_a_mover_counts_in_the_team_of_the_invitation_for_figures_and_guard_alike(db):
    """Attack: move someone from A to B while the round is open; B week 1 minus B week 0 would
    be the mover (and participation showed 6 answered next to 7 responses)."""
    truth = Truth()
    team_a, team_b = add_team(db, "Billing"), add_team(db, "Coding")
    a, b = add_people(db, team_a, 6), add_people(db, team_b, 6)
    week0 = add_round(db, 0)
    everyone(db, truth, week0, a, team=team_a)
    everyone(db, truth, week0, b, team=team_b)
    week1 = add_round(db, 1)
    invite(db, week1, a + b)  # team frozen at invitation
    mover = a[0]
    db.execute("UPDATE employees SET team_id = ? WHERE id = ?", [team_b, mover])  # mid-week
    today = MONDAY + dt.timedelta(weeks=1, days=1)
    for person in a + b:
        values = BURNED_OUT if person == mover else FINE
        submit_as_employee(db, person, week1, values, today=today)
        recorded(db, truth, week1, person, team_a if person in a else team_b, values)
    teams = Counter(p["team_id"] for p in sealed_payloads(db, week1).values())
    assert teams == {team_a: 6, team_b: 6}
    panel = panel_on(db, after_close(1))
    for group in panel.shown[week1]:
        assert panel.invitations[week1][group][1] == panel.respondents[week1][group]
    burnout = panel.measure(week1, team_b, "burnout")
    assert burnout is None or burnout.total == 6
    assert isolations(db, truth) == []


# --- 6. documented limits that still exposed people ---------------------------------------------
def test_a_first_work_anniversary_cannot_be_subtracted(db):
    """Attack: "Under 1 year" week 0 minus "Under 1 year" week 1 is the colleague whose first
    anniversary fell between the two rounds."""
    truth = Truth()
    team, other = add_team(db, "Billing"), add_team(db, "Coding")
    young, old, c = add_people(db, team, 6), add_people(db, team, 6), add_people(db, other, 6)
    week0, week1 = add_round(db, 0), add_round(db, 1)
    for week in (week0, week1):
        for person in young:
            tenure = "1-3 years" if week == week1 and person == young[5] else "Under 1 year"
            respond(
                db, truth, week, person, BURNED_OUT if person == young[5] else FINE, tenure=tenure
            )
        everyone(db, truth, week, old + c)
    panel = panel_on(db, after_close(1))
    cell = (team, "tenure_band", "Under 1 year")
    assert not (cell in panel.bands[week0] and cell in panel.bands[week1])
    assert isolations(db, truth) == []


def test_a_team_less_its_released_band_is_checked_against_earlier_releases(db):
    """Attack: in week 1 the team and its "Under 1 year" band are shown, "3+ years" is hidden
    (one more than week 0's "3+ years"); team - "Under 1 year" is that hidden band, and minus
    week 0's "3+ years" it is the one extra person."""
    truth = Truth()
    team, other = add_team(db, "Billing"), add_team(db, "Coding")
    seniors, juniors = add_people(db, team, 6), add_people(db, team, 10)
    c = add_people(db, other, 6)
    week0, week1 = add_round(db, 0), add_round(db, 1)
    everyone(db, truth, week0, seniors[:5], tenure="3+ years")
    everyone(db, truth, week0, juniors[:5], tenure="Under 1 year")
    everyone(db, truth, week0, c)
    everyone(db, truth, week1, seniors[:5], tenure="3+ years")
    respond(db, truth, week1, seniors[5], BURNED_OUT, tenure="3+ years")
    everyone(db, truth, week1, juniors[5:], tenure="Under 1 year")  # five other juniors
    everyone(db, truth, week1, c)
    panel = panel_on(db, after_close(1))
    junior, senior = (team, "tenure_band", "Under 1 year"), (team, "tenure_band", "3+ years")
    derivable = (
        panel.is_shown(week1, team)
        and junior in panel.bands[week1]
        and senior in panel.bands[week0]
    )
    assert not derivable, "team - 'Under 1 year' (week 1) minus '3+ years' (week 0) is one person"
    assert isolations(db, truth) == []


def test_one_skipped_question_cannot_be_subtracted(db):
    """Attack: the same six answer both weeks, one skips burnout in week 1: burnout week 0
    minus burnout week 1 is that person's burnout answer."""
    truth = Truth()
    team, other = add_team(db, "Billing"), add_team(db, "Coding")
    a, c = add_people(db, team, 6), add_people(db, other, 6)
    week0, week1 = add_round(db, 0), add_round(db, 1)
    everyone(db, truth, week0, a[:5] + c)
    respond(db, truth, week0, a[5], BURNED_OUT)
    everyone(db, truth, week1, a[:5] + c)
    respond(db, truth, week1, a[5], {"enps": 0, "eng_pride": 1})  # skips burnout
    panel = panel_on(db, after_close(1))
    assert panel.is_shown(week1, team)  # the round itself is shown...
    both = [panel.measure(w, team, "burnout") for w in (week0, week1)]
    assert None in both  # ...but not both burnout figures
    assert isolations(db, truth) == []


# --- 7. a second, weaker guard --------------------------------------------------------------------
def test_red_flags_are_for_administrators_and_name_only_released_groups(db, monkeypatch):
    """Attack: the old queue read the threshold with a floor of 1 and named a team from a raw
    count of responses; a leader could read it."""
    truth = Truth()
    small, big = add_team(db, "Release of Information"), add_team(db, "Billing")
    a, b = add_people(db, small, 2), add_people(db, big, 6)
    set_setting(db, "anonymity_threshold", "1")  # a bad row: the floor is 3, never 1
    week0 = add_round(db, 0, ("burnout", "enps", "eng_pride", "comment"))
    respond(db, truth, week0, a[0], FINE, comment="My manager keeps bullying me at the desk.")
    everyone(db, truth, week0, a[1:] + b)
    week1 = add_round(db, 1, ("burnout", "enps", "eng_pride", "comment"))
    respond(db, truth, week1, b[0], FINE, comment="Someone threatened to hurt me in the car park.")
    everyone(db, truth, week1, a + b[1:])
    score_pending(db)
    leader = Viewer(b[1], "A leader", "leader", frozenset({small, big}))
    with pytest.raises(AccessDenied):
        red_flag_queue(db, leader)

    # While week 0 is open: the text alone.
    monkeypatch.setenv("VITALS_TODAY", (MONDAY + dt.timedelta(days=2)).isoformat())
    assert [item.group for item in red_flag_queue(db, ADMIN)] == [None, None]
    # Week 0 closed (and released by now), week 1 still open.
    today = MONDAY + dt.timedelta(weeks=1, days=1)
    monkeypatch.setenv("VITALS_TODAY", today.isoformat())
    items = {item.round_title: item for item in red_flag_queue(db, ADMIN)}
    panel = panel_on(db, today)
    assert "bullying" in items["Week 0"].text and "threatened" in items["Week 1"].text
    assert items["Week 1"].group is None
    assert panel.shown[week0]
    released_names = {panel.name(g) for g in panel.shown[week0]}
    assert items["Week 0"].group in released_names | {None}
    assert items["Week 0"].group != "Release of Information"
    for group in panel.shown[week0]:
        assert panel.respondents[week0][group] >= 3


# --- 8. the reason leaks -----------------------------------------------------------------------
def two_kinds_of_hidden(db):
    """Week 1: team Small hidden with 3 answers, team Churn hidden with 7 (one joiner)."""
    truth = Truth()
    small, churn, stable = add_team(db, "Small"), add_team(db, "Churn"), add_team(db, "Stable")
    s, c, t = add_people(db, small, 3), add_people(db, churn, 7), add_people(db, stable, 12)
    week0, week1 = add_round(db, 0), add_round(db, 1)
    everyone(db, truth, week0, s + c[:6] + t[:6])
    everyone(db, truth, week1, s + c + t[6:])
    return truth, (small, churn, stable), (week0, week1)


def test_every_hidden_cell_gives_one_reason_whatever_its_size(db):
    """Attack: "fewer than 5" or "to prevent subtraction" told the reader whether a hidden
    group had at least 5 respondents."""
    _, (small, churn, _), (week0, week1) = two_kinds_of_hidden(db)
    panel = panel_on(db, after_close(1))
    assert not panel.is_shown(week1, small) and not panel.is_shown(week1, churn)
    for round_id in (week0, week1):
        for group in panel.tree.nodes:
            if not panel.is_shown(round_id, group):
                assert panel.why_hidden(round_id, group) == HIDDEN
    start, end = source.round_span(db)
    view = overview(db, ADMIN, start, end)  # every hand-made round is closed by the tests' today
    trend = view.trend[view.trend["value"].isna() & (view.trend["measure"] != "Participation")]
    assert set(trend["note"]) <= {HIDDEN}
    assert trend["responses"].isna().all()
    notes = set(view.table["note"]) - {""}
    assert notes <= {HIDDEN}
    assert not any(re.search(r"\d", note) for note in notes)
    hidden_rows = view.trend[view.trend["group"].isin([small, churn])]
    week1_rows = hidden_rows[hidden_rows["round"] == "Week 1"]
    by_group = {
        g: week1_rows[(week1_rows["group"] == g) & (week1_rows["measure"] != "Participation")][
            ["measure", "value", "responses", "note"]
        ].reset_index(drop=True)
        for g in (small, churn)
    }
    assert by_group[small].equals(by_group[churn])  # 3 answered and 7 answered look the same


def test_participation_of_a_hidden_group_does_not_tell_whether_k_answered(db):
    """Attack: next to "not shown", a participation of 7 answered (hidden by the subtraction
    rule) and none (hidden as too small) tell the reader which group had at least k."""
    _, (small, churn, _), (_, week1) = two_kinds_of_hidden(db)
    panel = panel_on(db, after_close(1))
    participation = panel.invitations[week1]
    assert (small in participation) == (churn in participation)


# --- 9. objects carry more than their viewer may see ------------------------------------------
def groups_in(panel) -> set[int]:
    """Every group a panel holds anything answer-derived or participation about."""
    held: set[int] = set()
    for round_id in panel.round_ids:
        held |= set(panel.shown.get(round_id, ()))
        held |= set(panel.respondents.get(round_id, {}))
        held |= set(panel.invitations.get(round_id, {}))
        held |= set(panel.comments.get(round_id, {}))
        held |= set(panel.themes.get(round_id, {}))
        held |= set(panel.moments.get(round_id, {}))
        held |= set(panel.owner.get(round_id, {}).values())
        held |= {team for team, _, _ in panel.bands.get(round_id, {})}
        for cells in panel.measures.get(round_id, {}).values():
            held |= set(cells)
    return held


def test_a_leaders_pages_hold_no_figures_of_groups_outside_their_scope(demo_db):
    """Attack: a Billing leader's Overview and TeamView carried, in ``.panel``, Call Centre's
    burnout counts."""
    viewer = leader_of(demo_db, "Billing")
    scope = visible_groups(demo_db, viewer)
    billing, call_centre = team_id(demo_db, "Billing"), team_id(demo_db, "Call Centre")
    assert call_centre not in scope and ROOT not in scope
    start, end = source.round_span(demo_db)
    view = overview(demo_db, viewer, start, end)
    team = team_view(demo_db, viewer, billing, start, end)
    for panel in (view.panel, team.panel):
        assert groups_in(panel) <= scope
        assert groups_in(panel)  # Billing's own figures are there
    assert set(view.table["group"]) <= scope
    assert set(view.trend["group"]) <= scope
