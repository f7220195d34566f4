"""AppTest for the recognition pages: each role, the happy path and every bad case."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.common import DEMO_VIEWER_KEY
from tests.conftest import PROJECT_ROOT
from tests.helpers import shown
from tests.recognition.small_org import (
    ANN,
    BOB,
    CAT,
    FAY,
    GUS,
    PATIENT_FIRST,
    TEAM_A,
    TEAM_C,
    TEAMWORK,
    build_small_org,
)

GOOD = "Covered the front desk for two hours while we were short."
LABELS = {
    ANN: "Ann Archer (leads Team A)",
    BOB: "Bob Baker (Team A)",
    CAT: "Cat Cole (Team A)",
    GUS: "Gus Gray (Team C)",
    "hal": "Hal Hart (leads Dept)",
    "admin": "Demo administrator",
}


@pytest.fixture(autouse=True)
def demo_mode(monkeypatch):
    """The sidebar identity picker (demo mode) stands in for signing in."""
    monkeypatch.setenv("VITALS_DEMO_MODE", "1")


@pytest.fixture
def small(db):
    build_small_org(db)
    return db


@pytest.fixture
def bare(db):
    build_small_org(db, nominations=False)
    return db


def open_as(name: str, who: str | int) -> AppTest:
    """The page on its own (as a crafted link would run it), in demo mode acting as ``who``."""
    return acting(name, LABELS[who])


def acting(name: str, label: str) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "app_pages" / f"{name}.py"), default_timeout=30)
    at.session_state[DEMO_VIEWER_KEY] = label
    at.run()
    assert not at.exception
    return at


def texts(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def count(db, sql="SELECT count(*) FROM nominations", params=()):
    return db.execute(sql, params).fetchone()[0]


# --- nominate -------------------------------------------------------------------------


def fill(at: AppTest, nominee=BOB, values=(TEAMWORK,), message=GOOD, visibility="public"):
    if nominee is not None:
        at.selectbox(key="nominee").set_value(nominee)
    at.multiselect(key="nominate_values").set_value(list(values))
    at.text_area(key="nominate_message").set_value(message)
    at.radio(key="nominate_visibility").set_value(visibility)
    return button(at, "Send recognition").click().run()


def test_demo_administrator_is_asked_to_pick_a_person(bare):
    at = open_as("nominate", "admin")
    assert "not linked to a person on the roster" in at.info[0].value
    assert len(at.text_area) == 0 and len(at.multiselect) == 0


def test_the_sidebar_picker_chooses_who_the_app_acts_as(bare):
    """Demo mode's "Acting as" picker, used as a person would (the browser flows sign in)."""
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=30).run()
    at.selectbox(key=DEMO_VIEWER_KEY).select(LABELS[CAT]).run()
    at.switch_page("app_pages/nominate.py").run()
    assert not at.exception
    colleagues = at.selectbox(key="nominee").options
    assert "Bob Baker — Team A" in colleagues and "Cat Cole — Team A" not in colleagues


def test_picker_lists_colleagues_as_name_and_team_without_self_or_leavers(bare):
    at = open_as("nominate", CAT)
    picker = at.selectbox(key="nominee")
    assert picker.options == [
        "Ann Archer — Team A",
        "Bob Baker — Team A",
        "Dan Drake — Team B",
        "Eve Evans — Team B",
        "Gus Gray — Team C",
        "Hal Hart — Dept",
    ]


def test_nominating_a_colleague_stores_it_and_thanks_you(bare):
    at = fill(open_as("nominate", CAT), values=(TEAMWORK, PATIENT_FIRST))
    assert not at.exception and not at.error
    assert (
        at.success[0].value
        == "Thank you. Bob Baker will see your recognition in the recognition feed."
    )
    row = bare.execute(
        "SELECT nominator_id, nominee_id, message, visibility FROM nominations"
    ).fetchone()
    assert row == (CAT, BOB, GOOD, "public")
    assert count(bare, "SELECT count(*) FROM nomination_values") == 2
    assert at.text_area(key="nominate_message").value == ""  # ready for the next one


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"nominee": None}, "Choose the colleague"),
        ({"message": ""}, "Write a message"),
        ({"message": "Thanks a lot!"}, "at least 20 characters (it has 13)"),
        ({"message": "x" * 1001}, "1,000 characters (it has 1,001)"),
        ({"values": ()}, "at least one of our values"),
    ],
)
def test_bad_input_shows_a_clear_error_and_stores_nothing(bare, changes, expected):
    at = fill(open_as("nominate", CAT), **changes)
    assert not at.exception
    assert len(at.error) == 1 and expected in shown(at.error[0].value)
    assert count(bare) == 0
    assert not at.success


def test_the_same_colleague_twice_in_a_day_is_refused(bare):
    at = fill(open_as("nominate", CAT))
    assert at.success
    at = fill(at)
    assert "already recognised Bob Baker in the last 24 hours" in at.error[0].value
    assert count(bare) == 1


@pytest.mark.parametrize(
    "remove",
    [
        "UPDATE employees SET status = 'left', left_date = '2026-11-01' WHERE id = ?",
        "DELETE FROM employees WHERE id = ?",
    ],
)
def test_a_colleague_who_left_or_was_deleted_meanwhile_is_refused(bare, remove):
    at = open_as("nominate", CAT)
    at.selectbox(key="nominee").set_value(BOB)
    bare.execute(remove, [BOB])
    at = fill(at, nominee=None)
    # The picker no longer offers them, so the choice is gone and nothing is stored.
    assert "Choose the colleague" in at.error[0].value
    assert "Bob Baker — Team A" not in at.selectbox(key="nominee").options
    assert count(bare) == 0


def test_html_and_markdown_are_stored_verbatim_and_shown_as_plain_text(bare):
    text = "<b>Thank you</b> **so much** <script>alert(1)</script> [x](http://evil.example)"
    at = fill(open_as("nominate", CAT), message=text)
    assert at.success
    assert bare.execute("SELECT message FROM nominations").fetchone()[0] == text
    feed = open_as("feed", GUS)
    assert text in texts(feed)
    assert not any("Thank you" in m.value for m in feed.markdown)


# --- feed -----------------------------------------------------------------------------


def test_feed_shows_public_recognition_newest_first_without_private(small):
    at = open_as("feed", GUS)
    messages = [t for t in texts(at) if t.startswith("Nomination number")]
    assert [m.split()[2] for m in messages] == ["6", "1", "2", "5", "3"]
    assert any("cross-team" in t for t in texts(at))


def test_feed_filters_by_team_and_value(small):
    at = open_as("feed", GUS)
    at.selectbox(key="feed_team").set_value(TEAM_A).run()
    assert [t.split()[2] for t in texts(at) if t.startswith("Nomination number")] == ["1", "2"]
    at.selectbox(key="feed_team").set_value(None)
    at.selectbox(key="feed_value").set_value(PATIENT_FIRST).run()
    assert [t.split()[2] for t in texts(at) if t.startswith("Nomination number")] == ["6", "2", "3"]
    at.selectbox(key="feed_team").set_value(TEAM_C)
    at.selectbox(key="feed_value").set_value(PATIENT_FIRST).run()
    assert at.info[0].value == "No recognition matches these filters yet."


def test_my_recognition_shows_private_ones_to_the_nominee(small):
    at = open_as("feed", CAT)
    mine = {m.label: m.value for m in at.metric}
    assert mine == {"Recognitions received": "1", "Awards": "0"}
    assert "Nomination number 4 says thank you for the help." in texts(at)
    outsider = open_as("feed", GUS)
    assert "Nomination number 4 says thank you for the help." not in texts(outsider)


def test_demo_administrator_has_no_own_recognition(small):
    at = open_as("feed", "admin")
    assert any("not linked to a person on the roster" in i.value for i in at.info)


# --- awards ---------------------------------------------------------------------------


def this_month_nomination(db, frm, to, to_team, nid):
    stamp = dt.datetime.now().replace(microsecond=0).isoformat()
    db["nominations"].insert(
        {
            "id": nid,
            "nominator_id": frm,
            "nominee_id": to,
            "nominee_team_id": to_team,
            "message": f"This month nomination {nid}, well deserved.",
            "created_at": stamp,
        }
    )
    db["nomination_values"].insert({"nomination_id": nid, "value_id": TEAMWORK})


def test_awards_page_is_for_leaders(bare):
    at = open_as("awards", GUS)
    assert "decided by the leaders" in at.info[0].value


def test_leader_shortlists_and_awards_and_it_shows_in_feed_and_audit(bare):
    this_month_nomination(bare, CAT, BOB, TEAM_A, 10)
    at = open_as("awards", ANN)
    assert "This month nomination 10, well deserved." in texts(at)
    at.button(key="short_10").click().run()
    assert shown(at.success[0].value) == "Saved and recorded in the audit log."
    at.button(key="award_10").click().run()
    assert not at.error
    assert any("award went to Bob Baker" in s.value for s in at.success)
    assert count(bare, "SELECT count(*) FROM awards") == 1
    actions = [r[0] for r in bare.execute("SELECT action FROM audit_log ORDER BY id")]
    assert actions == ["recognition.shortlist_add", "recognition.award"]
    feed = open_as("feed", BOB)
    assert any(t.startswith("🏆 Award: Team A · ") for t in texts(feed))
    assert {m.label: m.value for m in feed.metric}["Awards"] == "1"
    # The awarded nomination cannot leave the shortlist; revoking works.
    at.button(key="unshort_10").click().run()
    assert "revoke the award first" in at.error[0].value
    assert at.button(key="revoke").disabled  # one click is not enough
    at.checkbox(key="revoke_confirm").check().run()
    at.button(key="revoke").click().run()
    assert count(bare, "SELECT count(*) FROM awards") == 0


def test_a_leader_cannot_award_themself(bare):
    this_month_nomination(bare, BOB, ANN, TEAM_A, 11)
    at = open_as("awards", ANN)
    at.button(key="short_11").click().run()
    at.button(key="award_11").click().run()
    assert "cannot give an award to yourself" in at.error[0].value
    assert count(bare, "SELECT count(*) FROM awards") == 0


def test_no_award_for_someone_who_has_left(bare):
    this_month_nomination(bare, GUS, FAY, TEAM_C, 12)
    bare.execute("INSERT INTO team_leaders VALUES (?, ?)", [TEAM_C, GUS])
    at = acting("awards", "Gus Gray (leads Team C)")
    assert "has left" in next(t for t in texts(at) if "Fay Fox" in t)
    at.button(key="short_12").click().run()
    at.button(key="award_12").click().run()
    assert "Fay Fox has left the organisation" in at.error[0].value
    assert count(bare, "SELECT count(*) FROM awards") == 0


def test_department_leader_sees_sub_teams_and_empty_months(bare):
    at = open_as("awards", "hal")
    assert at.selectbox(key="award_team").options == ["Dept", "Team A", "Team B"]
    assert at.info[0].value.startswith("Nobody in Dept was recognised in ")


# --- insight and values ---------------------------------------------------------------


def test_insight_page_shows_coverage_and_quiet_teams(bare):
    this_month_nomination(bare, CAT, BOB, TEAM_A, 13)
    at = open_as("recognition_insights", "hal")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["People recognised in 90 days"] == "1 of 6"
    assert metrics["Coverage"] == "17%"
    quiet = at.dataframe[0].value
    assert quiet["Team"].tolist() == ["Team B"] and quiet["People"].tolist() == [2]
    assert len(at.get("vega_lite_chart")) == 3  # coverage, volume, values (no flows yet)


def test_insight_page_is_for_leaders(bare):
    at = open_as("recognition_insights", GUS)
    assert "for team leaders" in at.info[0].value


def test_admin_adds_a_value_and_duplicates_are_refused(bare):
    at = open_as("admin_values", "admin")
    at.text_input(key="new_value_name").set_value("Kindness")
    at.text_area(key="new_value_description").set_value("Small things, every day.")
    button(at, "Add value").click().run()
    assert at.success[0].value == "Value added."
    assert count(bare, "SELECT count(*) FROM org_values WHERE name = 'Kindness'") == 1
    at.text_input(key="new_value_name").set_value("teamwork")
    button(at, "Add value").click().run()
    assert "already a value called" in at.error[0].value
    at.button(key=f"deactivate_{TEAMWORK}").click().run()
    assert count(bare, "SELECT active FROM org_values WHERE id = ?", [TEAMWORK]) == 0


def test_values_page_is_for_administrators(bare):
    at = open_as("admin_values", ANN)
    assert "Only administrators" in at.info[0].value


def test_feed_shows_thirty_at_a_time_with_show_more(bare):
    rows = [
        {
            "nominator_id": ANN,
            "nominee_id": BOB,
            "message": f"Recognition number {i:02d} for steady work.",
            "created_at": f"2026-10-01T09:{i:02d}",
        }
        for i in range(35)
    ]
    bare["nominations"].insert_all(rows)
    at = open_as("feed", GUS)
    shown = [t for t in texts(at) if t.startswith("Recognition number")]
    assert len(shown) == 30 and shown[0] == "Recognition number 34 for steady work."
    at.button(key="feed_more").click().run()
    shown = [t for t in texts(at) if t.startswith("Recognition number")]
    assert len(shown) == 35 and shown[-1] == "Recognition number 00 for steady work."
    assert not [b for b in at.button if b.key == "feed_more"]


def test_the_values_picker_has_no_select_all_and_takes_up_to_three(bare):
    from recognition.nominations import MAX_VALUES

    at = open_as("nominate", CAT)
    picker = at.multiselect(key="nominate_values")
    assert picker.proto.max_selections == MAX_VALUES
    assert not picker.proto.select_all
