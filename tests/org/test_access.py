import pytest

from insights.views import require_group
from org.access import AccessDenied, Viewer, viewer_for_employee, visible_team_ids


def team_id(db, name):
    return db.execute("SELECT id FROM teams WHERE name = ?", [name]).fetchone()[0]


def leader_of(db, name):
    return db.execute(
        "SELECT employee_id FROM team_leaders JOIN teams t ON t.id = team_id WHERE t.name = ?",
        [name],
    ).fetchone()[0]


def test_department_leader_sees_their_department_and_every_team_below(demo_db):
    viewer = viewer_for_employee(demo_db, leader_of(demo_db, "Revenue Cycle"))
    assert viewer.role == "leader"
    names = {
        demo_db.execute("SELECT name FROM teams WHERE id = ?", [t]).fetchone()[0]
        for t in visible_team_ids(demo_db, viewer)
    }
    assert names == {"Revenue Cycle", "Billing", "Coding", "Prior Authorisation"}


def test_team_leader_is_denied_another_team(demo_db):
    viewer = viewer_for_employee(demo_db, leader_of(demo_db, "Coding"))
    require_group(demo_db, viewer, team_id(demo_db, "Coding"))
    with pytest.raises(AccessDenied):
        require_group(demo_db, viewer, team_id(demo_db, "Billing"))


def test_employees_see_no_team_insights_and_admins_see_all(demo_db):
    member = demo_db.execute(
        "SELECT id FROM employees WHERE id NOT IN (SELECT employee_id FROM team_leaders) LIMIT 1"
    ).fetchone()[0]
    assert visible_team_ids(demo_db, viewer_for_employee(demo_db, member)) == set()
    admin = Viewer(None, "Admin", "admin")
    assert len(visible_team_ids(demo_db, admin)) == demo_db["teams"].count
