"""AppTest of the Actions page and "you said, we did": each role, happy path and bad input."""

import datetime as dt

import pytest

from tests.app.test_insights_pages import demo, open_page, text_of  # noqa: F401
from tests.insights.fixtures import leader_label, team_id


def _billing_employee(db) -> tuple[int, str]:
    row = db.execute(
        "SELECT e.id, e.name FROM employees e JOIN teams t ON t.id = e.team_id "
        "WHERE t.name = 'Billing' AND e.status = 'active' "
        "AND e.id NOT IN (SELECT employee_id FROM team_leaders) ORDER BY e.id LIMIT 1"
    ).fetchone()
    return row[0], f"{row[1]} (Billing)"


def _expander(at, text: str):
    return next(e for e in at.expander if text in e.label)


def _actions(db, team: str) -> list[tuple]:
    return db.execute(
        "SELECT a.title, a.status FROM actions a JOIN teams t ON t.id = a.team_id "
        "WHERE t.name = ? ORDER BY a.id",
        [team],
    ).fetchall()


def test_a_leader_creates_an_action_for_their_team(demo):  # noqa: F811
    billing = team_id(demo, "Billing")
    at = open_page("actions", leader_label(demo, "Billing"), team=billing)
    form = at.get("form")[0]
    assert form is not None
    at.text_input[0].input("Overtime cap of four hours a week")
    at.text_input[1].input("Billing lead")
    at.button[0].click().run()  # the form's submit button comes first
    assert not at.exception
    assert any("Action created for Billing" in s.value for s in at.success)
    assert ("Overtime cap of four hours a week", "planned") in _actions(demo, "Billing")


def test_an_empty_title_is_refused_and_nothing_stored(demo):  # noqa: F811
    before = _actions(demo, "Billing")
    at = open_page("actions", leader_label(demo, "Billing"))
    at.text_input[1].input("Billing lead")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["The title cannot be empty\\."]
    assert _actions(demo, "Billing") == before


def test_a_leader_updates_an_action_and_posts_an_update(demo):  # noqa: F811
    at = open_page("actions", leader_label(demo, "Billing"))
    expander = _expander(at, "Backfill the two billing positions")
    expander.text_input[0].input("Two billers start on Monday")
    expander.button[0].click().run()
    assert not at.exception
    assert any("Saved" in s.value for s in at.success)
    updates = demo.execute(
        "SELECT text FROM action_updates WHERE text = 'Two billers start on Monday'"
    ).fetchall()
    assert len(updates) == 1


def test_a_past_due_date_is_refused_and_nothing_changes(demo):  # noqa: F811
    at = open_page("actions", leader_label(demo, "Billing"))
    expander = _expander(at, "Backfill the two billing positions")
    expander.date_input[0].set_value(dt.date(2026, 1, 5))
    expander.text_input[0].input("This update must not be stored")
    expander.button[0].click().run()
    assert any("in the past" in e.value for e in at.error)
    assert demo.execute(
        "SELECT count(*) FROM action_updates WHERE text LIKE 'This update%'"
    ).fetchone() == (0,)


def test_a_leader_of_another_team_sees_nothing_of_billings_plan(demo):  # noqa: F811
    billing = team_id(demo, "Billing")
    at = open_page("actions", leader_label(demo, "Coding"), team=billing)
    assert any("not one you lead" in w.value for w in at.warning)
    assert not [e for e in at.expander if "Billing" in e.label]
    assert "Backfill" not in text_of(at)


def test_an_employee_has_no_actions_page(demo):  # noqa: F811
    _, label = _billing_employee(demo)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        open_page("actions", label)


def test_an_employee_sees_their_teams_shared_actions_on_home(demo):  # noqa: F811
    _, label = _billing_employee(demo)
    at = open_page("home", label)
    text = text_of(at)
    assert "You said, we did" in text
    assert "Backfill the two billing positions" in text
    assert "Replace the phone queue system" not in text  # another team's action


def test_the_administrator_sees_the_medical_records_story_measured(demo):  # noqa: F811
    at = open_page("actions")
    labels = [e.label for e in at.expander]
    assert len(labels) == 3
    story = _expander(at, "Peer mentoring pairs")
    text = "\n".join(m.value for m in story.markdown) + "\n".join(c.value for c in story.caption)
    assert "Engagement improved" in text
    assert "comparable teams without an action" in text and "not proof" in text
    assert "agree the action made a difference" in text
    assert {m.label for m in story.metric} >= {"Before: Engagement", "After: Engagement"}


def test_a_director_sees_low_scoring_teams_without_an_action(demo):  # noqa: F811
    at = open_page("actions", leader_label(demo, "Revenue Cycle"))
    text = text_of(at)
    assert "Teams with low scores and no action" in [h.value for h in at.subheader]
    from actions.attention import teams_needing_action
    from tests.insights.fixtures import leader_of

    needing = teams_needing_action(demo, leader_of(demo, "Revenue Cycle"))
    for item in needing:  # each with the released figure that makes it low
        assert f"**{item.team}**: {', '.join(item.reasons)}" in text
    if not needing:
        assert "None: every team with a low released score has an open action." in text
    assert "Billing**:" not in text  # low scores, but an open action


def test_the_thank_you_shows_you_said_we_did(demo):  # noqa: F811
    name = demo.execute(
        "SELECT e.name FROM invitations i JOIN rounds r ON r.id = i.round_id "
        "JOIN employees e ON e.id = i.employee_id JOIN teams t ON t.id = e.team_id "
        "WHERE t.name = 'Billing' AND i.used = 0 AND r.closes_on >= '2026-11-25' "
        "AND e.id NOT IN (SELECT employee_id FROM team_leaders) ORDER BY e.id LIMIT 1"
    ).fetchone()[0]
    at = open_page("my_pulses", f"{name} (Billing)")
    for radio in at.radio:
        radio.set_value(radio.options[-1])
    at.button[0].click().run()
    text = text_of(at)
    assert "Thank you" in " ".join(s.value for s in at.success)
    assert "You said, we did" in text and "Backfill the two billing positions" in text


def test_home_prompts_an_employee_with_an_open_pulse(demo):  # noqa: F811
    """Issue 15, point 9: nothing on Home said a pulse was waiting."""
    from surveys.answering import open_pulses
    from tests.conftest import DEMO_TODAY

    employee, name, team = demo.execute(
        "SELECT e.id, e.name, t.name FROM invitations i JOIN rounds r ON r.id = i.round_id "
        "JOIN employees e ON e.id = i.employee_id JOIN teams t ON t.id = e.team_id "
        "WHERE i.used = 0 AND r.opens_on <= ? AND r.closes_on >= ? "
        "AND e.id NOT IN (SELECT employee_id FROM team_leaders) ORDER BY e.id LIMIT 1",
        [DEMO_TODAY.isoformat()] * 2,
    ).fetchone()
    waiting = open_pulses(demo, employee)
    at = open_page("home", f"{name} ({team})")
    prompts = [i.value for i in at.info if "open pulse" in i.value]
    assert waiting and prompts and prompts[0].startswith(f"You have {len(waiting)} open pulse")


def test_leaders_see_which_teams_got_training_or_mentorship_and_what_moved(demo):  # noqa: F811
    at = open_page("actions", leader_label(demo, "Medical Records"))
    summary = at.dataframe[0].value
    row = summary[summary["team"] == "Medical Records"].iloc[0]
    assert (row["mentorship pairings"], row["people"]) == (7, 14)
    assert row["measure"] == "Engagement" and row["change after (pts)"] > 0
    page = text_of(at)
    assert "Mentorship pairing · Mentoring pair · 2 people" in page
    assert "Record activity" not in [b.label for b in at.button]  # names are the admin's
    assert "Billing" not in set(summary["team"])


def test_an_administrator_records_who_took_part_and_leaders_see_the_count(demo):  # noqa: F811
    at = open_page("actions")
    key = next(k for k in at.session_state if str(k).startswith("activity_title_"))
    action_id = int(str(key).rsplit("_", 1)[1])
    team, people = demo.execute(
        "SELECT t.name, group_concat(e.id) FROM actions a JOIN teams t ON t.id = a.team_id "
        "JOIN employees e ON e.team_id = a.team_id AND e.status = 'active' WHERE a.id = ?",
        [action_id],
    ).fetchone()
    chosen = [int(p) for p in people.split(",")[:3]]
    at.text_input(key=f"activity_title_{action_id}").input("Queue handling refresher")
    at.multiselect(key=f"activity_people_{action_id}").set_value(chosen)
    at.button(key=f"FormSubmitter:activity_{action_id}-Record activity").click().run()
    assert not at.exception
    assert "Activity recorded." in [s.value for s in at.success]
    assert demo.execute(
        "SELECT count(*) FROM activity_participants p JOIN action_activities a "
        "ON a.id = p.activity_id WHERE a.title = 'Queue handling refresher'"
    ).fetchone() == (3,)
    leader = open_page("actions", leader_label(demo, team))
    assert "Queue handling refresher · 3 people" in text_of(leader)


def test_an_activity_without_people_is_refused_and_nothing_stored(demo):  # noqa: F811
    at = open_page("actions")
    key = next(k for k in at.session_state if str(k).startswith("activity_title_"))
    action_id = int(str(key).rsplit("_", 1)[1])
    before = demo["action_activities"].count
    at.text_input(key=f"activity_title_{action_id}").input("Nobody came")
    at.button(key=f"FormSubmitter:activity_{action_id}-Record activity").click().run()
    assert "1 to 500 people" in " ".join(e.value for e in at.error)
    assert demo["action_activities"].count == before
