import datetime as dt

import pytest

from surveys import cadence, rotation, rounds
from surveys.rounds import RoundError
from tests.surveys.helpers import small_org

WEDNESDAY = dt.date(2026, 11, 25)
MONDAY = dt.date(2026, 11, 23)


@pytest.fixture
def org(db):
    return small_org(db)


def round_questions(db, round_id):
    return [
        r[0]
        for r in db.execute(
            "SELECT question_id FROM round_questions WHERE round_id = ? ORDER BY position",
            [round_id],
        )
    ]


def invited(db, round_id):
    return dict(
        db.execute(
            "SELECT employee_id, team_id FROM invitations WHERE round_id = ? ORDER BY 1",
            [round_id],
        ).fetchall()
    )


def test_week_of_23_november_2026_asks_the_hand_computed_rotation(db, org):
    # 1057 days after 2024-01-01 -> week 151; the engagement core every week; drivers start
    # at 151*3 % 11 = 2 (workload, scheduling, *manager, recognition, growth*, ...).
    assert rotation.week_index(MONDAY) == 151
    round_id = rounds.create_round(db, org["Weekly pulse"], MONDAY, MONDAY, actor="t")
    assert round_questions(db, round_id) == [
        "burnout",
        "enps",
        "eng_recommend",
        "eng_stay",
        "manager_support",
        "recognition_valued",
        "growth_training",
        "comment",
    ]


def test_every_pulse_asks_the_same_engagement_core(db, org):
    """Issue 14: rotating engagement items made a round's score depend on which items it
    asked; every week now asks the same two, the full index is the quarterly survey's."""
    engagement = {
        q for (q,) in db.execute("SELECT id FROM questions WHERE construct = 'engagement'")
    }
    cores = {
        tuple(
            q
            for q, _ in rounds.round_question_ids(
                db, org["Weekly pulse"], dt.date(2024, 1, 1) + dt.timedelta(weeks=week)
            )
            if q in engagement
        )
        for week in range(12)
    }
    assert cores == {("eng_recommend", "eng_stay")}
    assert rotation.engagement_core(["eng_pride", "eng_motivation", "eng_stay"]) == [
        "eng_stay",
        "eng_pride",
    ]


def test_every_driver_is_asked_in_any_four_consecutive_weeks(db, org):
    drivers_of = dict(db.execute("SELECT id, driver FROM questions").fetchall())
    for start in range(0, 30):
        asked = set()
        for week in range(start, start + 4):
            monday = dt.date(2024, 1, 1) + dt.timedelta(weeks=week)
            asked |= {
                drivers_of[q]
                for q, _ in rounds.round_question_ids(db, org["Weekly pulse"], monday)
                if drivers_of[q]
            }
        assert len(asked) == 11, start


def test_round_invites_active_people_who_have_started_with_their_team(db, org):
    round_id = rounds.create_round(db, org["Exit survey"], MONDAY, WEDNESDAY, actor="t")
    # Ed has left, Flo starts in December.
    assert invited(db, round_id) == {1: 2, 2: 2, 3: 3, 4: 3}
    hashes = [r[0] for r in db.execute("SELECT token_hash FROM invitations")]
    assert len(set(hashes)) == 4 and all(len(h) == 64 for h in hashes)


def test_team_audience_includes_sub_teams_and_records_the_teams(db, org):
    round_id = rounds.create_round(
        db, org["Exit survey"], MONDAY, WEDNESDAY, actor="t", audience="teams", team_ids=[3]
    )
    assert invited(db, round_id) == {3: 3, 4: 3}
    whole = rounds.create_round(
        db,
        org["Exit survey"],
        MONDAY,
        WEDNESDAY,
        actor="t",
        audience="teams",
        team_ids=[1],
        period="dept",
    )
    assert set(invited(db, whole)) == {1, 2, 3, 4}


def test_employee_audience_invites_only_the_chosen_people(db, org):
    round_id = rounds.create_round(
        db,
        org["Exit survey"],
        MONDAY,
        WEDNESDAY,
        actor="t",
        audience="employees",
        employee_ids=[3, 5],
    )
    assert invited(db, round_id) == {3: 3}  # Ed has left


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"closes_on": MONDAY - dt.timedelta(days=1)}, "close on or after"),
        ({"audience": "teams"}, "at least one team"),
        ({"audience": "employees"}, "at least one person"),
        ({"audience": "planet"}, "Unknown audience"),
        ({"audience": "employees", "employee_ids": [5]}, "Nobody"),
    ],
)
def test_bad_rounds_are_refused_and_store_nothing(db, org, kwargs, message):
    args = {"closes_on": WEDNESDAY, **kwargs}
    closes_on = args.pop("closes_on")
    with pytest.raises(RoundError, match=message):
        rounds.create_round(db, org["Exit survey"], MONDAY, closes_on, actor="t", **args)
    assert db.execute("SELECT count(*) FROM rounds").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM invitations").fetchone()[0] == 0


def test_a_second_round_for_the_same_period_is_refused(db, org):
    rounds.create_round(db, org["Exit survey"], MONDAY, WEDNESDAY, actor="t")
    with pytest.raises(RoundError, match="already has a round"):
        rounds.create_round(db, org["Exit survey"], MONDAY, WEDNESDAY, actor="t")


def test_weekly_window_runs_monday_to_friday():
    weekly = {"kind": "weekly", "weekday": 0, "open_days": 5}
    window = cadence.window_for(weekly, "Weekly pulse", WEDNESDAY)
    assert (window.period, window.opens_on, window.closes_on) == (
        "2026-W48",
        MONDAY,
        dt.date(2026, 11, 27),
    )
    assert window.title == "Weekly pulse, week of 23 Nov 2026"
    assert cadence.window_for(weekly, "Weekly pulse", dt.date(2026, 11, 28)) is None


def test_quarterly_window_opens_on_the_first_monday_of_the_quarter():
    quarterly = {"kind": "quarterly", "weekday": 0, "open_days": 14}
    window = cadence.window_for(quarterly, "Q", dt.date(2027, 1, 10))
    assert (window.period, window.opens_on, window.closes_on) == (
        "2027-Q1",
        dt.date(2027, 1, 4),
        dt.date(2027, 1, 17),
    )
    assert cadence.window_for(quarterly, "Q", dt.date(2027, 1, 18)) is None
    assert cadence.window_for(quarterly, "Q", dt.date(2027, 1, 2)) is None


def test_cadence_creates_due_rounds_once(db, org):
    created = cadence.run_cadence(db, WEDNESDAY)
    titles = [r[0] for r in db.execute("SELECT title FROM rounds ORDER BY id")]
    assert "Weekly pulse, week of 23 Nov 2026" in titles
    assert cadence.run_cadence(db, WEDNESDAY) == []
    assert cadence.run_cadence(db, dt.date(2026, 11, 27)) == []
    assert db.execute("SELECT count(*) FROM rounds").fetchone()[0] == len(created)
    # The next Monday is a new period.
    assert len(cadence.run_cadence(db, dt.date(2026, 11, 30))) >= 1
    periods = [
        r[0]
        for r in db.execute(
            "SELECT period FROM rounds WHERE template_id = ? ORDER BY id", [org["Weekly pulse"]]
        )
    ]
    assert periods == ["2026-W48", "2026-W49"]


def test_onboarding_rounds_invite_people_by_start_date(db, org):
    cadence.run_cadence(db, WEDNESDAY)
    onboarding = dict(
        db.execute(
            "SELECT t.name, r.id FROM rounds r JOIN templates t ON t.id = r.template_id "
            "WHERE t.kind = 'onboarding'"
        ).fetchall()
    )
    # Bo started 2026-10-20: +30 days = 2026-11-19 (week 47), so no 30-day round this week.
    # Di started 2026-08-27: +90 days = 2026-11-25, in the week of 23 November.
    assert list(onboarding) == ["Onboarding check-in (90 days)"]
    assert invited(db, onboarding["Onboarding check-in (90 days)"]) == {4: 3}
    assert (
        db.execute(
            "SELECT audience FROM rounds WHERE id = ?",
            [onboarding["Onboarding check-in (90 days)"]],
        ).fetchone()[0]
        == "employees"
    )
    # The week Bo's 30 days fall in:
    cadence.run_cadence(db, dt.date(2026, 11, 18))
    row = db.execute(
        "SELECT r.id FROM rounds r JOIN templates t ON t.id = r.template_id "
        "WHERE t.name = 'Onboarding check-in (30 days)'"
    ).fetchone()
    assert invited(db, row[0]) == {2: 2}


def test_switched_off_cadence_creates_nothing(db, org):
    db.execute("UPDATE survey_cadences SET active = 0")
    assert cadence.run_cadence(db, WEDNESDAY) == []
    assert db.execute("SELECT count(*) FROM rounds").fetchone()[0] == 0


def test_participation_counts_invitations_per_team(db, org):
    round_id = rounds.create_round(db, org["Exit survey"], MONDAY, WEDNESDAY, actor="t")
    db.execute("UPDATE invitations SET used = 1 WHERE employee_id IN (1, 3, 4)")
    rows = {
        r["team"]: (r["invited"], r["responded"], r["participation %"])
        for r in rounds.participation(db, round_id)
    }
    assert rows == {"Billing": (2, 1, 50.0), "Coding": (2, 2, 100.0)}
