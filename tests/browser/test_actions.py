"""The action loop in Chromium: a leader plans an action for Billing, a Billing colleague
answers the pulse from their personal link and reads it under "You said, we did"."""

import pytest

from storage import connect
from tests.browser.conftest import LiveApp
from tests.conftest import DEMO_TODAY
from tests.helpers import browser_sign_in
from tests.surveys.helpers import open_pulse_round, reissue_token


@pytest.fixture
def actions_app(demo_db_path):
    app = LiveApp(demo_db_path, {"VITALS_TODAY": DEMO_TODAY.isoformat()})
    yield app
    app.stop()


def _billing_token(db) -> str:
    invitation = db.execute(
        "SELECT i.id FROM invitations i JOIN teams t ON t.id = i.team_id "
        "WHERE i.round_id = ? AND i.used = 0 AND t.name = 'Billing' ORDER BY i.id LIMIT 1",
        [open_pulse_round(db)],
    ).fetchone()[0]
    return reissue_token(db, invitation)


def test_a_leader_plans_an_action_and_the_team_reads_it_after_the_pulse(
    actions_app, demo_db_path, browser
):
    db = connect(demo_db_path)
    token = _billing_token(db)
    leader = browser.new_context().new_page()
    leader.set_default_timeout(30_000)
    browser_sign_in(leader, actions_app.url, "billing-leader")
    leader.get_by_role("link", name="Actions").click()
    leader.get_by_label("Title").fill("Quiet hours for claims work")
    leader.get_by_label("Owner").fill("Billing lead")
    leader.get_by_role("button", name="Create action").click()
    leader.get_by_text("Action created for Billing.").wait_for()
    leader.context.close()
    assert db.execute(
        "SELECT status, shared FROM actions WHERE title = 'Quiet hours for claims work'"
    ).fetchone() == ("planned", 1)

    employee = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    employee.set_default_timeout(30_000)
    employee.goto(f"{actions_app.url}/?invite={token}")
    employee.get_by_text("Energised: I have the energy my work needs.").click()
    employee.get_by_role("button", name="Send my answers").click()
    employee.get_by_text("Thank you. Your answers are in.").wait_for()
    employee.get_by_text("You said, we did").wait_for()
    employee.get_by_text("Quiet hours for claims work").wait_for()
    employee.get_by_text("Backfill the two billing positions").wait_for()
    employee.context.close()
    db.close()
