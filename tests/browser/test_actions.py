"""The action loop in Chromium: a leader plans an action for Billing, a Billing colleague
answers the pulse from their personal link with a comment and reads the action under "You
said, we did"; once the pulse has closed the leader replies to the comment and the author
reads the reply with the code the thank-you showed."""

import datetime as dt
import re

from storage import connect
from tests.browser.conftest import DESKTOP, PHONE, LiveApp, another_person, open_signed_in
from tests.conftest import DEMO_TODAY
from tests.surveys.helpers import open_pulse_round, reissue_token

COMMENT = "The claims portal logs us out every hour and we lose our work each time."
REPLY = "A longer session timeout goes live on Monday; tell us if it still happens."


def _billing_token(db) -> str:
    invitation = db.execute(
        "SELECT i.id FROM invitations i JOIN teams t ON t.id = i.team_id "
        "WHERE i.round_id = ? AND i.used = 0 AND t.name = 'Billing' ORDER BY i.id LIMIT 1",
        [open_pulse_round(db)],
    ).fetchone()[0]
    return reissue_token(db, invitation)


def test_the_whole_loop_action_pulse_you_said_we_did_reply_and_the_author_reads_it(
    live_app, demo_db_path, page
):
    db = connect(demo_db_path)
    token = _billing_token(db)
    leader = open_signed_in(page, live_app, "billing-leader")
    leader.get_by_role("link", name="Actions").click()
    leader.get_by_label("Title").fill("Quiet hours for claims work")
    leader.get_by_label("Owner").fill("Billing lead")
    leader.get_by_role("button", name="Create action").click()
    leader.get_by_text("Action created for Billing.").wait_for()
    assert db.execute(
        "SELECT status, shared FROM actions WHERE title = 'Quiet hours for claims work'"
    ).fetchone() == ("planned", 1)

    employee = another_person(page, PHONE)
    employee.goto(f"{live_app.url}/?invite={token}")
    employee.get_by_text("Energised: I have the energy my work needs.").click()
    employee.get_by_label(re.compile("^Anything you would like to tell us")).fill(COMMENT)
    employee.get_by_role("button", name="Send my answers").click()
    employee.get_by_text("Thank you. Your answers are in.").wait_for()
    employee.get_by_text("You said, we did").wait_for()
    employee.get_by_text("Quiet hours for claims work").wait_for()
    employee.get_by_text("Backfill the two billing positions").wait_for()
    code = employee.get_by_text(re.compile(r"^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$")).inner_text()
    db.close()

    live_app.stop()  # the week's pulse closes: the same data, three days on
    closed = LiveApp(
        demo_db_path, {"VITALS_TODAY": (DEMO_TODAY + dt.timedelta(days=3)).isoformat()}
    )
    try:
        page.set_default_timeout(60_000)  # the first pages over a year of comments, closed
        leader = open_signed_in(another_person(page, DESKTOP), closed, "billing-leader")
        leader.get_by_role("link", name="Comments").click()
        # A year of comments: this week's, newest first (most negative first, it is on a
        # later page among Billing's slide).
        order = leader.get_by_label("Order", exact=True)
        order.click()
        leader.get_by_role("option", name="Newest round first").click()
        card = leader.get_by_test_id("stVerticalBlock").filter(has_text=COMMENT).last  # innermost
        card.get_by_role("button", name="Reply").click()
        leader.get_by_label(re.compile("^Your reply")).fill(REPLY)
        leader.get_by_role("button", name="Send reply").click()
        leader.get_by_text("Reply sent.").wait_for()

        author = another_person(page, PHONE)
        author.goto(f"{closed.url}/replies")  # on a phone the sidebar starts closed
        author.get_by_label("Reply code").fill(code)
        author.get_by_role("button", name="Open").click()
        author.get_by_text(REPLY).wait_for()
        author.get_by_text(COMMENT).wait_for()
    finally:
        closed.stop()
