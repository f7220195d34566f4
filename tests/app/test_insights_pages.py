"""AppTest of the insight pages: a leader, the too-small team's leader, an admin, bad input."""

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from storage import connect
from tests import helpers
from tests.conftest import PROJECT_ROOT
from tests.helpers import shown
from tests.insights.fixtures import leader_label, leader_of, score_comments, team_id


@pytest.fixture
def demo(demo_db_path, monkeypatch):
    # Demo mode: the sidebar identity picker (``demo_viewer``) acts as anyone.
    monkeypatch.setenv("VITALS_DEMO_MODE", "1")
    score_comments(demo_db_path)
    database = connect(demo_db_path)
    yield database
    database.close()


def open_page(page: str, viewer: str | None = None, **params) -> AppTest:
    """Demo mode: ``viewer`` is the sidebar picker's label (the demo administrator if None)."""
    return helpers.open_page(page, acting_as=viewer, **params)


def charts(at):
    return at.get("vega_lite_chart")


def text_of(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [i.value for i in at.info] + [w.value for w in at.warning]
    return shown("\n".join(parts))


def test_overview_for_the_admin_shows_every_team_and_the_numbers_behind(demo):
    at = open_page("overview")
    assert len(charts(at)) >= 2  # heatmap and trend
    table = at.dataframe[0].value
    billing = table[table["team"] == "Billing"].iloc[0]
    assert billing["Burnout rate"] > 40
    roi = table[table["team"] == "Release of Information"].iloc[0]
    assert roi.drop(["team", "group", "note"]).isna().all()
    assert [b.label for b in at.get("download_button")][:2] == ["Download CSV", "Download PNG"]


def test_overview_for_the_too_small_team_shows_no_numbers(demo):
    at = open_page("overview", leader_label(demo, "Release of Information"))
    table = at.dataframe[0].value
    assert list(table["team"]) == ["Release of Information"]
    assert table.drop(columns=["team", "group", "note"]).isna().all().all()
    assert not at.metric
    assert "Nothing to draw" in text_of(at)


def test_team_page_for_billing_shows_burnout_and_top_negative_theme(demo):
    billing = team_id(demo, "Billing")
    at = open_page("team", leader_label(demo, "Billing"), team=billing)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Burnout rate"].endswith("%") and int(metrics["Burnout rate"][:-2]) > 25
    # Every headline rate carries its uncertainty.
    intervals = [c.value for c in at.caption if c.value.startswith("95 % interval")]
    assert len(intervals) >= 4 and any(" to " in i for i in intervals)  # eNPS's, in points
    assert "Top negative theme:** Workload and staffing" in text_of(at)
    assert len(charts(at)) >= 5


def test_team_page_shows_released_importance_from_the_level_above(demo):
    """Issue 14: the demo's quarterly surveys release key-driver importance for the
    organisation (no department reaches the 138 full responses), and the Team page of a team
    shows it, with its interval, and uses it for focus areas."""
    call_centre = team_id(demo, "Call Centre")
    at = open_page("team", leader_label(demo, "Call Centre"), team=call_centre)
    assert not at.exception
    assert "Importance above: each driver's share" in text_of(at)
    assert "in Whole organisation (Quarterly engagement survey, Q4 2026" in text_of(at)
    drivers = next(d.value for d in at.dataframe if "importance above" in d.value.columns)
    assert drivers["importance above"].notna().all()
    assert drivers["importance interval"].str.match(r"^\d+-\d+ %$").all()
    assert drivers.set_index("driver").loc["Tools and technology", "focus area"]
    # The quarterly surveys stand on their own, beside the weekly trend.
    quarterly = next(d.value for d in at.dataframe if "kind" in d.value.columns)
    assert set(quarterly["kind"]) == {"quarterly"} and quarterly["round"].nunique() == 4


def test_team_page_for_the_too_small_team_shows_no_numbers(demo):
    roi = team_id(demo, "Release of Information")
    at = open_page("team", leader_label(demo, "Release of Information"), team=roi)
    assert not at.metric and not charts(at) and not at.dataframe
    assert "No figures for Release of Information" in text_of(at)


@pytest.mark.parametrize("param", ["999", "abc"])
def test_team_page_with_a_team_out_of_scope_falls_back(demo, param):
    at = open_page("team", leader_label(demo, "Billing"), team=param)
    assert "not one you can see" in text_of(at)
    assert at.header[0].value == "Billing"


def test_the_revenue_director_lands_on_the_team_that_needs_a_look(demo):
    """Issue 15: the Team page opened on the Revenue Cycle department, hidden in most
    rounds; Billing's crisis showed only after switching team."""
    from app_pages.insights_widgets import DEFAULT_WEEKS
    from insights import views

    director = leader_of(demo, "Revenue Cycle")
    first, last = views.date_bounds(demo)
    start = max(first, last - dt.timedelta(weeks=DEFAULT_WEEKS - 1))  # the page's default
    ov = views.overview(demo, director, start, last)
    expected = views.first_view(ov)
    assert expected != team_id(demo, "Revenue Cycle")
    at = open_page("team", leader_label(demo, "Revenue Cycle"))
    assert at.header[0].value == ov.panel.name(expected) == "Billing"
    assert at.metric  # figures, not "no figures"


def test_team_page_refuses_a_demographic_cut_of_a_department(demo):
    at = open_page("team")
    at.selectbox(key="team_pick").set_value("Revenue Cycle").run()
    at.sidebar.selectbox(key="team_dimension").set_value("tenure_band").run()
    assert not at.exception
    assert "without sub-teams" in text_of(at)


def test_team_page_demographic_cut_of_a_small_team_is_refused_without_numbers(demo):
    at = open_page("team")
    # Referrals (10 people): no job-family cell of it was ever released.
    at.selectbox(key="team_pick").set_value("Referrals").run()
    at.sidebar.selectbox(key="team_dimension").set_value("job_family").run()
    assert not at.exception
    assert "not shown, to protect confidentiality" in text_of(at)
    assert all(m.value == "–" for m in at.metric)


def test_comments_page_masks_audits_and_hides_small_teams(demo):
    at = open_page("comments", leader_label(demo, "Billing"))
    table = at.dataframe[0].value
    assert len(table) > 10 and "tenure_band" not in table.columns
    audit = demo.execute(
        "SELECT actor, detail FROM audit_log WHERE action = 'insights.comments_opened'"
    ).fetchall()
    assert len(audit) == 1 and "Billing" in audit[0][1]
    admin = open_page("comments")
    options = admin.selectbox(key="comments_team").options
    assert "Billing" in options and "Release of Information" not in options
    everything = len(admin.dataframe[0].value)
    one_round = admin.selectbox(key="comments_round").options[2]  # [1]: the open round
    admin.selectbox(key="comments_round").set_value(one_round).run()
    assert 0 < len(admin.dataframe[0].value) < everything
    assert set(admin.dataframe[0].value["round"]) == {one_round}
    small = open_page("comments", leader_label(demo, "Release of Information"))
    assert not small.dataframe and not small.get("badge")
    assert "no comments to show" in text_of(small)


def test_comments_read_as_cards_text_first_in_the_chosen_order_a_page_at_a_time(demo):
    from insights.comments import PAGE_SIZE

    at = open_page("comments", leader_label(demo, "Billing"))
    table = at.dataframe[0].value  # the table under "All as a table", comment first
    assert list(table.columns)[0] == "comment"
    cards = [m.value for m in at.markdown if "-badge[" not in m.value]
    texts = [shown(c) for c in cards]
    shown_cards = min(len(table), PAGE_SIZE)
    first_texts = [t for t in texts if t in set(table["comment"])]
    assert first_texts == list(table["comment"][:shown_cards])  # the text of each card, in order
    assert list(table["score"]) == sorted(table["score"])  # most negative first by default
    tags = [m.value for m in at.markdown if "-badge[" in m.value]
    assert len(tags) == shown_cards and tags[0].startswith(":red-badge[negative")
    at.selectbox(key="comments_sort").set_value("Most positive first").run()
    scores = list(at.dataframe[0].value["score"].dropna())
    assert scores == sorted(scores, reverse=True)
    if len(table) > PAGE_SIZE:
        at.selectbox(key="comments_page").set_value(2).run()
        assert not at.exception
        assert f"{PAGE_SIZE + 1}-" in " ".join(c.value for c in at.caption)


def test_changes_page_lists_changes_beyond_the_noise_and_says_the_rest_is_noise(demo):
    at = open_page("changes")
    text = text_of(at)
    assert "Billing: eNPS +" in text and "Medical Records: engagement" in text
    assert "No other change beyond the noise." in text and "Benjamini-Hochberg" in text
    assert "Release of Information" not in text and "Scheduling:" not in text
    small = open_page("changes", leader_label(demo, "Release of Information"))
    assert "No change beyond the noise" in text_of(small) and not small.dataframe
    leader = open_page("changes", leader_label(demo, "Billing"))
    lines = [shown(m.value) for m in leader.markdown if "·" in m.value]
    assert lines and all("Billing:" in line for line in lines)


def test_a_period_with_no_rounds_gives_an_empty_state(demo):
    at = open_page("overview")
    last = dt.date.fromisoformat(demo.execute("SELECT max(opens_on) FROM rounds").fetchone()[0])
    at.sidebar.date_input(key="overview_period").set_value(
        (last - dt.timedelta(days=5), last - dt.timedelta(days=1))
    ).run()
    assert not at.exception
    assert "No survey rounds open in this period" in text_of(at)


def test_employees_are_turned_away(demo):
    person = demo.execute(
        "SELECT e.name, t.name FROM employees e JOIN teams t ON t.id = e.team_id "
        "WHERE e.id NOT IN (SELECT employee_id FROM team_leaders) AND e.status = 'active' "
        "LIMIT 1"
    ).fetchone()
    at = AppTest.from_file(str(PROJECT_ROOT / "app_pages" / "overview.py"), default_timeout=60)
    at.session_state["demo_viewer"] = f"{person[0]} ({person[1]})"
    at.run()
    assert not at.exception
    assert "Insights are for leaders" in at.info[0].value
    assert not at.dataframe


def test_comments_warn_about_an_out_of_scope_team_like_the_team_page(demo):
    at = open_page("comments", leader_label(demo, "Billing"), team="999")
    assert "not one you can see" in text_of(at)
