"""Sharing a closed round's results with the team (issue 16): from the release only, read on
the team's home page with intervals; a hidden round has nothing to share."""

import pytest

from actions import sharing
from org.access import AccessDenied
from tests.app.test_insights_pages import demo, open_page, text_of  # noqa: F401
from tests.insights.fixtures import leader_label, leader_of, team_id


def release_of(db, team: int, shown: bool) -> int:
    return db.execute(
        "SELECT round_id FROM release_cells WHERE group_id = ? AND dimension = '' AND "
        f"figures IS {'NOT ' if shown else ''}NULL ORDER BY round_id DESC LIMIT 1",
        [team],
    ).fetchone()[0]


def a_member(db, team: int) -> str:
    name, team_name = db.execute(
        "SELECT e.name, t.name FROM employees e JOIN teams t ON t.id = e.team_id "
        "WHERE t.id = ? AND e.status = 'active' "
        "AND e.id NOT IN (SELECT employee_id FROM team_leaders) ORDER BY e.id LIMIT 1",
        [team],
    ).fetchone()
    return f"{name} ({team_name})"


def test_a_shared_round_reaches_the_teams_home_with_its_intervals(demo):  # noqa: F811
    billing = team_id(demo, "Billing")
    round_id = release_of(demo, billing, shown=True)
    at = open_page("actions", leader_label(demo, "Billing"))
    at.selectbox(key="share_team").set_value(billing)
    at.selectbox(key="share_round").set_value(round_id)
    next(b for b in at.button if b.label == "Share with the team").click().run()
    assert not at.exception and "Shared with Billing." in [s.value for s in at.success]
    home = text_of(open_page("home", a_member(demo, billing)))
    assert "Results shared with Billing" in home
    assert "Burnout rate" in home and "95 % interval" in home
    # What the home page shows is the release's figure, not a recomputation.
    (result,) = [r for r in sharing.results_for_employee(demo, _member_id(demo, billing))]
    assert any(line.startswith("Burnout rate") for line in result.lines)


def _member_id(db, team: int) -> int:
    return db.execute(
        "SELECT id FROM employees WHERE team_id = ? AND status = 'active' "
        "AND id NOT IN (SELECT employee_id FROM team_leaders) ORDER BY id LIMIT 1",
        [team],
    ).fetchone()[0]


def test_a_hidden_round_has_nothing_to_share_and_others_teams_are_refused(demo):  # noqa: F811
    billing = team_id(demo, "Billing")
    hidden = release_of(demo, billing, shown=False)
    leader = leader_of(demo, "Billing")
    with pytest.raises(sharing.ShareError, match="nothing to share"):
        sharing.share_round(demo, leader, billing, hidden)
    with pytest.raises(AccessDenied):
        sharing.share_round(demo, leader, team_id(demo, "Coding"), hidden)
    assert demo.execute("SELECT count(*) FROM shared_results").fetchone()[0] == 0
    assert sharing.results_for_employee(demo, _member_id(demo, billing)) == []
