"""Programme activities: administrators record training and mentorship; leaders see counts."""

import datetime as dt

import pytest

from actions import plans, programmes
from actions.plans import ActionError
from tests.actions.conftest import ADMIN
from tests.conftest import PROJECT_ROOT

CREATED = dt.date(2026, 9, 21)
HELD = dt.date(2026, 10, 1)
TODAY = dt.date(2026, 10, 5)


@pytest.fixture
def action(db, org):
    return plans.create_action(
        db, org.leader, org.team, "Claims training", "driver:growth", "training", "Ann",
        dt.date(2026, 11, 30), today=CREATED,
    )  # fmt: skip


def record(db, action, people, kind="training", title="Denials basics", held=HELD, who=ADMIN):
    return programmes.record_activity(db, who, action, kind, title, held, people, today=TODAY)


def audit_rows(db):
    return list(db.execute("SELECT action, detail FROM audit_log ORDER BY id"))


def test_an_administrator_records_a_session_audited_with_counts_never_names(db, org, action):
    people = org.people[org.team][:4]
    record(db, action, people)
    (activity,) = programmes.activities(db, ADMIN, action)
    assert (activity.kind_label, activity.title, activity.held_on, activity.people) == (
        "Training session", "Denials basics", HELD, 4,
    )  # fmt: skip
    assert len(activity.names) == 4
    action_name, detail = audit_rows(db)[-1]
    assert action_name == "activity_recorded"
    assert detail == f'{{"action": {action}, "kind": "training", "people": 4}}'


def test_a_leader_reads_the_count_but_not_the_names(db, org, action):
    record(db, action, org.people[org.team][:3])
    (activity,) = programmes.activities(db, org.leader, action)
    assert activity.people == 3 and activity.names == ()


def test_a_leader_cannot_record_who_took_part_and_the_attempt_is_audited(db, org, action):
    with pytest.raises(ActionError, match="Only an administrator"):
        record(db, action, org.people[org.team][:2], who=org.leader)
    assert db["action_activities"].count == 0
    assert audit_rows(db)[-1][0] == "activity_refused"


def test_another_teams_leader_cannot_read_the_programme(db, org, action):
    with pytest.raises(ActionError):
        programmes.activities(db, org.other_leader, action)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"kind": "webinar"}, "Unknown activity"),
        ({"title": "   "}, "title of 1 to 120"),
        ({"held": dt.date(2026, 10, 6)}, "in the future"),
        ({"held": dt.date(2026, 9, 1)}, "action started on 21 Sep 2026"),
        ({"held": "2026-10-01"}, "Give the day"),
        ({"kind": "mentorship"}, "a mentor and a mentee"),
        ({"people": []}, "1 to 500 people"),
        ({"people": [999_999]}, "active employee"),
        ({"people": "everyone"}, "Choose the people"),
    ],
)
def test_bad_input_says_what_is_wrong_and_stores_nothing(db, org, action, change, message):
    args = {"people": org.people[org.team][:3], "kind": "training", "title": "Denials basics"}
    args.update(change)
    with pytest.raises(ActionError, match=message):
        record(db, action, **args)
    assert db["action_activities"].count == 0
    assert db["activity_participants"].count == 0


def test_a_person_who_has_left_cannot_be_recorded(db, org, action):
    gone = org.people[org.team][5]
    db.execute(
        "UPDATE employees SET status = 'left', left_date = '2026-09-30' WHERE id = ?", [gone]
    )
    with pytest.raises(ActionError, match="active employee"):
        record(db, action, [gone])


def test_the_summary_counts_sessions_pairings_and_different_people(db, org, action):
    team = org.people[org.team]
    record(db, action, team[:4])
    record(db, action, team[2:5], title="Appeals", held=dt.date(2026, 10, 3))
    record(db, action, [team[0], team[5]], kind="mentorship", title="Pair")
    (row,) = programmes.programme_summary(db, org.leader)
    assert (row.team, row.training_sessions, row.mentorship_pairings, row.people) == (
        "Billing", 2, 1, 6,
    )  # fmt: skip
    assert (row.first, row.last) == (HELD, dt.date(2026, 10, 3))
    assert programmes.programme_summary(db, org.other_leader) == []


def test_an_erased_person_leaves_the_programme_with_their_record(db, org, action):
    from accounts.privacy import erase_former_employee

    person = org.people[org.team][1]
    record(db, action, org.people[org.team][:3])
    db.execute(
        "UPDATE employees SET status = 'left', left_date = '2026-10-02' WHERE id = ?", [person]
    )
    erase_former_employee(db, person, ADMIN.name)
    assert programmes.activities(db, ADMIN, action)[0].people == 2


def test_participants_are_read_only_by_the_programmes_module():
    """Who took part is never joined to answers: no other code names the table."""
    readers = {
        str(path.relative_to(PROJECT_ROOT))
        for package in ("actions", "insights", "surveys", "sentiment", "org", "app_pages", "demo")
        for path in (PROJECT_ROOT / package).rglob("*.py")
        if "activity_participants" in path.read_text()
    }
    assert readers == {"actions/programmes.py"}
