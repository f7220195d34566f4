"""AppTest of the Workload page (a leader in and out of scope, the revenue director, the
admin) and the administrator's import page (a bad file, a clean file, a single edit)."""

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import PROJECT_ROOT
from tests.helpers import open_page, shown, sign_in_as


def team_id(db, name: str) -> int:
    return db.execute("SELECT id FROM teams WHERE name = ?", [name]).fetchone()[0]


def text_of(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [i.value for i in at.info] + [w.value for w in at.warning]
    return shown("\n".join(parts))


def test_billing_leader_sees_claims_per_biller_burnout_and_the_fte_to_get_back(demo_db):
    at = open_page("workload", "billing-leader")
    assert at.selectbox(key="workload_team").options == ["Billing"]
    text = text_of(at)
    assert "Claims submitted per FTE has been beyond its baseline's noise" in text
    assert "the team needs" in text and "FTE" in text
    # One stacked chart: per FTE, operations shares and released survey results.
    spec = at.get("vega_lite_chart")[0].proto.spec
    assert "Survey, released results" in spec and "Work volume per FTE" in spec
    numbers = at.dataframe[0].value
    assert "Claims submitted per FTE" in numbers.columns
    assert (
        numbers["Claims submitted per FTE"].iloc[-1] > numbers["Claims submitted per FTE"].iloc[0]
    )


def test_leader_asking_for_another_team_gets_their_own(demo_db):
    at = open_page("workload", "billing-leader", team=team_id(demo_db, "Call Centre"))
    assert "That team is not one you can see" in text_of(at)
    assert at.selectbox(key="workload_team").value == "Billing"
    assert "Erlang C" not in text_of(at)


def test_revenue_director_sees_only_revenue_cycle_teams(demo_db):
    at = open_page("workload", "revenue-director")
    assert set(at.selectbox(key="workload_team").options) == {
        "Billing",
        "Coding",
        "Prior Authorisation",
    }


def test_admin_sees_call_centre_required_against_staffed_agents(demo_db):
    at = open_page("workload", "admin", team=team_id(demo_db, "Call Centre"))
    text = text_of(at)
    assert "Erlang C:" in text and "agents" in text
    phones = [d.value for d in at.dataframe if "required" in d.value.columns][0]
    assert phones["required"].iloc[-1] > phones["staffed"].iloc[-1]


def test_employee_cannot_open_the_workload_page(demo_db):
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    sign_in_as(at, "employee").run()
    with pytest.raises(Exception):  # noqa: B017 - the navigation does not offer the page
        at.switch_page("app_pages/workload.py").run()


def test_overview_warns_about_billing_workload(demo_db):
    at = open_page("overview", "admin")
    assert "Workload early warnings" in [h.value for h in at.subheader]
    assert "Billing" in text_of(at)


def figures(db) -> int:
    return db.execute("SELECT count(*) FROM workload_figures").fetchone()[0]


def test_admin_import_refuses_a_bad_file_with_row_level_errors(demo_db):
    before = figures(demo_db)
    at = open_page("admin_workload", "admin")
    bad = (
        "team,week,metric,value\n"
        "Billing,2026-11-16,fte,17\n"
        "Atlantis,2026-11-16,fte,3\n"
        "Billing,2026-11-16,fte,16\n"
        "Billing,2027-01-04,claims_submitted,900\n"
        "Coding,2026-11-16,charts_coded,-5\n"
    )
    at.file_uploader(key="workload_csv").upload("ops.csv", bad.encode(), "text/csv")
    at.run()
    assert "4 problem(s) found" in at.error[0].value
    report = at.dataframe[0].value
    assert list(report["Line"]) == [3, 4, 5, 6]
    assert list(report["Column"]) == ["team", "metric", "week", "value"]
    assert not [b for b in at.button if b.key == "workload_import"]
    assert figures(demo_db) == before


def test_admin_import_refuses_a_file_in_another_encoding(demo_db):
    at = open_page("admin_workload", "admin")
    data = "team,week,metric,value\nBilling,2026-11-16,fte,17\n".encode("utf-16")
    at.file_uploader(key="workload_csv").upload("ops.csv", data, "text/csv")
    at.run()
    assert at.dataframe[0].value["Problem"].iloc[0].startswith("the file is not UTF-8 text")


def test_admin_imports_a_clean_file_and_edits_one_figure(demo_db):
    at = open_page("admin_workload", "admin")
    good = "team,week,metric,value\nBilling,2026-11-16,fte,17.5\nCoding,2026-11-18,fte,12\n"
    at.file_uploader(key="workload_csv").upload("ops.csv", good.encode(), "text/csv")
    at.run()
    at.button(key="workload_import").click().run()
    assert "0 figure(s) added, 2 replaced" in at.success[0].value
    row = demo_db.execute(
        "SELECT value FROM workload_figures f JOIN teams t ON t.id = f.team_id "
        "WHERE t.name = 'Billing' AND week = '2026-11-16' AND metric = 'fte'"
    ).fetchone()
    assert row == (17.5,)
    at.selectbox(key="workload_set_team").set_value("Billing")
    at.selectbox(key="workload_set_metric").set_value("vacancies")
    at.number_input(key="workload_set_value").set_value(3.0)
    at.date_input(key="workload_set_week").set_value(dt.date(2026, 11, 18))
    [b for b in at.button if b.label == "Save figure"][0].click().run()
    assert "Saved" in at.success[0].value
    assert demo_db.execute(
        "SELECT value FROM workload_figures f JOIN teams t ON t.id = f.team_id "
        "WHERE t.name = 'Billing' AND week = '2026-11-16' AND metric = 'vacancies'"
    ).fetchone() == (3.0,)
    at.number_input(key="workload_set_value").set_value(2000.0)
    [b for b in at.button if b.label == "Save figure"][0].click().run()
    assert "not a plausible open vacancies" in at.error[0].value.replace("\\", "")


def test_the_workload_burnout_lag_is_shown_with_what_the_data_can_tell(demo_db):
    """Issue 17: the lagged relation, over the viewer's teams, says plainly when the data
    cannot tell; a leader of one team is told there are too few teams."""
    from org.access import Viewer
    from workload.views import lagged_relation

    admin = open_page("workload", "admin", team=team_id(demo_db, "Billing"))
    first, last = (dt.date(2000, 1, 1), dt.date(2100, 1, 1))
    relation = lagged_relation(demo_db, Viewer(None, "a", "admin"), first, last)
    assert relation.teams >= 5
    assert "Does workload lead burnout?" in [s.value for s in admin.subheader]
    text = text_of(admin)
    assert ("cannot tell" in text) or ("leads burnout" in text) or ("move together" in text)
    leader = open_page("workload", "billing-leader")
    assert "Not enough teams to tell" in text_of(leader)
