"""Action plans: who may act on which team, the three-open-actions rule, bad input."""

import datetime as dt

import pytest

from actions import plans
from actions.plans import MAX_OPEN_PER_TEAM, ActionError
from tests.actions.conftest import ADMIN

TODAY = dt.date(2026, 9, 21)
DUE = dt.date(2026, 10, 30)


def create(db, viewer, team, title="Backfill two billers", **extra):
    args = dict(measure="driver:workload", kind="staffing", owner="Ann", due_on=DUE, today=TODAY)
    args.update(extra)
    return plans.create_action(db, viewer, team, title, **args)


def audit_actions(db):
    return [r[0] for r in db.execute("SELECT action FROM audit_log ORDER BY id")]


def test_a_leader_creates_an_action_for_their_team_and_it_is_audited(db, org):
    action_id = create(db, org.leader, org.team, plan="Ask for two posts.")
    action = plans.get_action(db, org.leader, action_id)
    assert (action.team, action.status, action.shared, action.created_on) == (
        "Billing", "planned", True, TODAY,
    )  # fmt: skip
    assert action.measure_label == "Workload and staffing (driver)"
    assert audit_actions(db) == ["action_created"]


def test_a_leader_cannot_plan_for_another_team_and_nothing_is_stored(db, org):
    with pytest.raises(ActionError, match="teams you lead"):
        create(db, org.leader, org.others[1])
    assert db["actions"].count == 0
    assert audit_actions(db) == ["action_refused"]


def test_a_leader_cannot_open_or_change_another_teams_action(db, org):
    theirs = create(db, org.other_leader, org.others[0])
    with pytest.raises(ActionError):
        plans.get_action(db, org.leader, theirs)
    with pytest.raises(ActionError):
        plans.update_action(db, org.leader, theirs, today=TODAY, title="Mine now")
    with pytest.raises(ActionError):
        plans.post_update(db, org.leader, theirs, "hello", today=TODAY)
    assert plans.get_action(db, org.other_leader, theirs).title == "Backfill two billers"
    assert db["action_updates"].count == 0


def test_an_employee_cannot_plan_actions(db, org):
    with pytest.raises(ActionError):
        create(db, org.employee, org.team)
    assert plans.manageable_teams(db, org.employee) == {}


def test_an_administrator_may_plan_for_any_team(db, org):
    create(db, ADMIN, org.others[2])
    assert set(plans.manageable_teams(db, ADMIN)) >= {org.dept, org.team, *org.others}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": "   "}, "The title cannot be empty."),
        ({"title": "x" * 121}, "121 characters long; the limit is 120"),
        ({"due_on": dt.date(2026, 9, 20)}, "is in the past"),
        ({"due_on": None}, "Give a due date."),
        ({"measure": "happiness"}, "Unknown measure: 'happiness'"),
        ({"measure": "enps"}, "Unknown measure"),
        ({"kind": "magic"}, "Unknown kind of programme"),
        ({"owner": ""}, "The owner cannot be empty."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_stored(db, org, change, message):
    args = {"title": "Backfill two billers", **change}
    title = args.pop("title")
    with pytest.raises(ActionError, match=message.replace("(", r"\(")):
        create(db, org.leader, org.team, title, **args)
    assert db["actions"].count == 0


def test_at_most_three_open_actions_per_team(db, org):
    ids = [create(db, org.leader, org.team, f"Action {n}") for n in range(MAX_OPEN_PER_TEAM)]
    assert plans.open_slots(db, org.team) == 0
    with pytest.raises(ActionError, match="already has 3 open actions"):
        create(db, org.leader, org.team, "One too many")
    assert db["actions"].count == 3
    plans.update_action(db, org.leader, ids[0], today=TODAY, status="dropped")
    fourth = create(db, org.leader, org.team, "Now there is room")
    with pytest.raises(ActionError, match="already has 3 open actions"):
        plans.update_action(db, org.leader, ids[0], today=TODAY, status="planned")
    assert plans.get_action(db, org.leader, ids[0]).status == "dropped"
    assert plans.get_action(db, org.leader, fourth).is_open


def test_updates_are_posted_and_read_newest_first(db, org):
    action_id = create(db, org.leader, org.team)
    plans.post_update(db, org.leader, action_id, "Approval to recruit.", today=TODAY)
    later = TODAY + dt.timedelta(days=7)
    plans.post_update(db, org.leader, action_id, "Two start Monday.", today=later)
    with pytest.raises(ActionError, match="cannot be empty"):
        plans.post_update(db, org.leader, action_id, "  ", today=later)
    texts = [u.text for u in plans.get_action(db, org.leader, action_id).updates]
    assert texts == ["Two start Monday.", "Approval to recruit."]


def test_a_done_action_is_final(db, org):
    action_id = create(db, org.leader, org.team)
    plans.update_action(db, org.leader, action_id, today=TODAY, status="done")
    assert plans.get_action(db, org.leader, action_id).done_on == TODAY
    with pytest.raises(ActionError, match="This action is done"):
        plans.update_action(db, org.leader, action_id, today=TODAY, status="in_progress")


def test_employees_see_shared_actions_of_their_team_and_department_only(db, org):
    shared = create(db, org.leader, org.team, "Shared with the team")
    create(db, org.leader, org.team, "Leaders only", shared=False)
    department = create(db, ADMIN, org.dept, "Department-wide")
    create(db, org.other_leader, org.others[0], "Another team's")
    dropped = create(db, org.leader, org.team, "Dropped")
    plans.update_action(db, org.leader, dropped, today=TODAY, status="dropped")
    seen = {a.id for a in plans.shared_with(db, org.team)}
    assert seen == {shared, department}
