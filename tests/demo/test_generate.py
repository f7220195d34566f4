"""The demo organisation: deterministic, the promised size, and telling its stories."""

import datetime as dt

import pandas as pd

from demo.generate import DEFAULT_WEEKS, generate_demo
from storage import connect, migrate
from tests.conftest import DEMO_TODAY

TABLES = [
    "teams",
    "employees",
    "team_leaders",
    "rounds",
    "round_questions",
    "invitations",
    "responses",
    "answers",
    "comments",
    "nominations",
    "nomination_values",
    "org_values",
    "workload_figures",
]


def dump(db):
    return {t: sorted(map(tuple, db.execute(f"SELECT * FROM {t}").fetchall())) for t in TABLES}


def small_org(path, seed: int = 7):
    """A small organisation with a quarter of history (it holds a quarterly survey): the
    generator's properties do not depend on its size, and a full demo costs seconds."""
    db = connect(path)
    migrate(db)
    generate_demo(db, employees=40, weeks=14, today=DEMO_TODAY, seed=seed)
    return db


def test_same_seed_and_date_give_identical_databases(tmp_path):
    first, second = small_org(tmp_path / "one.db"), small_org(tmp_path / "two.db")
    assert dump(first)["answers"] and dump(first) == dump(second)


def test_a_different_seed_gives_different_answers(tmp_path):
    answers = [dump(small_org(tmp_path / f"{seed}.db", seed))["answers"] for seed in (7, 8)]
    assert answers[0] and answers[0] != answers[1]


def test_demo_has_the_promised_size(demo_db):
    teams = pd.DataFrame(list(demo_db.query("SELECT * FROM teams")))
    assert len(teams) >= 8
    parents = teams[teams.parent_id.isna()]
    children = teams[teams.parent_id.notna()]
    assert len(parents) >= 3 and set(children.parent_id) <= set(parents.id)
    assert demo_db["employees"].count >= 150
    kinds = dict(
        demo_db.execute(
            "SELECT t.kind, count(*) FROM rounds r JOIN templates t ON t.id = r.template_id "
            "GROUP BY 1"
        ).fetchall()
    )
    # A pulse every week and the quarterly survey in each quarter of the history.
    assert kinds == {"pulse": DEFAULT_WEEKS, "quarterly": DEFAULT_WEEKS // 13}
    assert demo_db["comments"].count > 300
    assert demo_db["nominations"].count > 50
    leavers = demo_db.execute("SELECT count(*) FROM employees WHERE status = 'left'").fetchone()[0]
    assert leavers > 0


def test_participation_is_realistic_in_every_closed_round(demo_db):
    rates = demo_db.execute(
        "SELECT avg(used) FROM invitations i JOIN rounds r ON r.id = i.round_id "
        "WHERE r.closes_on < ? GROUP BY r.id",
        [DEMO_TODAY.isoformat()],
    ).fetchall()
    assert len(rates) == DEFAULT_WEEKS - 1 + DEFAULT_WEEKS // 13  # all but the open pulse
    assert all(0.60 <= rate <= 0.85 for (rate,) in rates)


def test_latest_round_is_open_with_unanswered_invitations(demo_db):
    opens, closes, unused = demo_db.execute(
        "SELECT opens_on, closes_on, sum(1 - used) FROM rounds r "
        "JOIN invitations i ON i.round_id = r.id GROUP BY r.id ORDER BY opens_on DESC LIMIT 1"
    ).fetchone()
    assert opens <= DEMO_TODAY.isoformat() <= closes
    assert unused > 20


def test_responses_match_used_invitations_exactly(demo_db):
    used = demo_db.execute("SELECT count(*) FROM invitations WHERE used = 1").fetchone()[0]
    assert demo_db["responses"].count == used


def burnout_rate(db, team, weeks):
    placeholders = ",".join("?" * len(weeks))
    rate = db.execute(
        f"""SELECT avg(a.value >= 3) FROM answers a JOIN responses s ON s.id = a.response_id
            JOIN teams t ON t.id = s.team_id JOIN rounds r ON r.id = s.round_id
            WHERE a.question_id = 'burnout' AND t.name = ?
              AND r.template_id = (SELECT id FROM templates WHERE kind = 'pulse')
              AND (SELECT count(*) FROM rounds r2 WHERE r2.opens_on <= r.opens_on
                   AND r2.template_id = r.template_id) IN ({placeholders})""",
        [team, *weeks],
    ).fetchone()[0]
    return rate


def test_billing_slides_into_burnout_and_medical_records_recovers(demo_db):
    early, late = list(range(1, 9)), list(range(DEFAULT_WEEKS - 7, DEFAULT_WEEKS + 1))
    assert burnout_rate(demo_db, "Billing", late) > burnout_rate(demo_db, "Billing", early) + 0.2
    assert (
        burnout_rate(demo_db, "Medical Records", late)
        < burnout_rate(demo_db, "Medical Records", early) - 0.2
    )


def test_one_team_is_too_small_to_report_on(demo_db):
    sizes = [
        r[0]
        for r in demo_db.execute(
            "SELECT count(*) FROM employees e JOIN teams t ON t.id = e.team_id "
            "WHERE t.parent_id IS NOT NULL AND e.status = 'active' GROUP BY t.id"
        )
    ]
    assert min(sizes) < 5


def test_generator_scales_to_several_sites(tmp_path):
    db = connect(tmp_path / "big.db")
    migrate(db)
    generate_demo(db, employees=600, weeks=3, today=dt.date(2026, 11, 25))
    assert 560 <= db["employees"].count <= 640
    assert db["rounds"].count == 3
    assert db.execute("SELECT count(DISTINCT name) FROM teams").fetchone()[0] == db["teams"].count


def test_generate_refuses_a_database_with_people_in_it(demo_db):
    import pytest

    with pytest.raises(ValueError, match="empty database"):
        generate_demo(demo_db, today=DEMO_TODAY)


def test_demo_comments_carry_sentence_scores_and_themes(demo_db):
    comments = demo_db["comments"].count
    scored = demo_db.execute("SELECT count(*) FROM comment_scores").fetchone()[0]
    assert scored == comments
    themed = demo_db.execute("SELECT count(DISTINCT response_id) FROM comment_themes").fetchone()[0]
    assert themed > comments / 2
    billing_workload_negative = demo_db.execute(
        "SELECT count(*) FROM comment_themes ct JOIN responses r ON r.id = ct.response_id "
        "JOIN teams t ON t.id = r.team_id WHERE t.name = 'Billing' AND ct.theme LIKE 'workload%' "
        "AND ct.compound < 0"
    ).fetchone()[0]
    assert billing_workload_negative > 10


def _weekly(db, team: str):
    from workload import store

    team_id = db.execute("SELECT id FROM teams WHERE name = ?", [team]).fetchone()[0]
    return store.weekly_table(db, team_id)


def test_billing_claims_per_biller_rise_before_the_burnout_slide(demo_db):
    from workload import derive

    per_fte = derive.derived(_weekly(demo_db, "Billing"))["volume_per_fte"]
    base = derive.baseline(per_fte)
    cut = pd.Timestamp(  # the two eliminated positions leave on the same day
        demo_db.execute(
            "SELECT left_date FROM employees e JOIN teams t ON t.id = e.team_id "
            "WHERE t.name = 'Billing' AND left_date IS NOT NULL GROUP BY left_date "
            "ORDER BY count(*) DESC, left_date"
        ).fetchone()[0]
    )
    # The early warning fires on the weeks before the cut, i.e. before the survey's slide.
    assert derive.early_warning(per_fte[per_fte.index < cut]) is not None
    assert per_fte.iloc[-4:].median() > 1.15 * base.median  # and well above after the cut
    warning = derive.early_warning(per_fte)
    assert warning is not None and warning.weeks >= 8
    scenario = derive.fte_scenario(_weekly(demo_db, "Billing"))
    # Claims per biller up by about a quarter, and resignations in the half year after the
    # cut on top: a tenth to two fifths more billers than the team has.
    assert 0.1 <= scenario.extra_fte / scenario.recent_fte <= 0.4


def test_call_centre_needs_more_agents_than_it_staffs(demo_db):
    from workload import derive

    table = _weekly(demo_db, "Call Centre")
    phones = derive.phone_weeks(table)
    assert (phones["required"].iloc[:4] <= phones["staffed"].iloc[:4].round() + 0.5).all()
    scenario = derive.phone_scenario(table)
    assert scenario.required > scenario.staffed + 1
    abandoned = derive.derived(table)["abandonment_pct"]
    assert abandoned.iloc[:4].max() < 5 < abandoned.iloc[-4:].min()
    assert (table["service_level"].iloc[-4:] < 80).all()


def test_steady_teams_stay_within_the_noise(demo_db):
    from workload import derive

    for team in ("Scheduling", "Front Desk", "Coding", "Prior Authorisation"):
        per_fte = derive.derived(_weekly(demo_db, team))["volume_per_fte"]
        assert derive.early_warning(per_fte) is None, team


def test_quarterly_surveys_leave_every_other_answer_as_it_was(tmp_path, monkeypatch):
    """The quarterly surveys draw from their own random stream: pulses' answers, comments,
    the roster (departures) and nominations are those of a demo without them."""
    from demo import generate

    def pulse_data(db):
        rows = dump(db)
        pulse = {
            r[0]
            for r in db.execute(
                "SELECT s.id FROM responses s JOIN rounds r ON r.id = s.round_id "
                "JOIN templates t ON t.id = r.template_id WHERE t.kind = 'pulse'"
            )
        }
        return {
            "answers": [a for a in rows["answers"] if a[0] in pulse],
            "comments": [c for c in rows["comments"] if c[0] in pulse],
            "employees": rows["employees"],
            "nominations": rows["nominations"],
        }

    with_quarterly = small_org(tmp_path / "with.db")
    quarterly = with_quarterly.execute(
        "SELECT count(*) FROM rounds r JOIN templates t ON t.id = r.template_id "
        "WHERE t.kind = 'quarterly'"
    ).fetchone()[0]
    monkeypatch.setattr(generate._Builder, "build_quarterly_rounds", lambda self: None)
    without = small_org(tmp_path / "without.db")
    assert quarterly == 1
    assert pulse_data(with_quarterly) == pulse_data(without)
