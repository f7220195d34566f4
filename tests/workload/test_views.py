"""The Workload page's data: scope, released survey cells only, the overview's warnings."""

import datetime as dt

import pytest

from insights.views import team_view
from org.access import AccessDenied, Viewer
from tests.conftest import DEMO_TODAY
from tests.insights.fixtures import leader_of, team_id
from workload import views

START, END = dt.date(2026, 6, 1), DEMO_TODAY
ADMIN = Viewer(None, "Admin", "admin")


def survey(view):
    return view.timeline[view.timeline["panel"].str.startswith("Survey")]


def test_a_leader_sees_only_their_teams_and_is_refused_others(demo_db):
    billing = leader_of(demo_db, "Billing")
    assert list(views.workload_teams(demo_db, billing)) == ["Billing"]
    with pytest.raises(AccessDenied):
        views.workload_view(demo_db, billing, team_id(demo_db, "Call Centre"), START, END)


def test_survey_figures_are_the_released_cells_of_the_team_page(demo_db):
    group = team_id(demo_db, "Billing")
    view = views.workload_view(demo_db, ADMIN, group, START, END)
    trend = team_view(demo_db, ADMIN, group, START, END).trend
    released = trend[trend["measure"] == "Burnout rate"].set_index("opens_on")["value"]
    shown = survey(view)
    burnout = shown[shown["series"] == "Burnout rate"].set_index("week")["value"]
    assert burnout.dropna().to_dict() == {k: v for k, v in released.dropna().to_dict().items()}
    # The open round (this week) is a gap, never a zero.
    assert burnout.isna().iloc[-1]


def test_a_too_small_team_shows_operations_but_no_survey_figure(demo_db):
    group = team_id(demo_db, "Release of Information")
    view = views.workload_view(demo_db, ADMIN, group, START, END)
    assert view.table["fte"].notna().all() and len(view.table) == 25
    assert survey(view)["value"].isna().all()


def test_overview_warning_names_billing_only(demo_db):
    found = views.warnings(demo_db, ADMIN, END)
    assert [w.name for w in found] == ["Billing"]
    assert found[0].volume == "claims_submitted" and found[0].warning.rise_pct > 15
    assert views.warnings(demo_db, leader_of(demo_db, "Call Centre"), END) == []
