"""Main recognition flow in the real app: a colleague signs in, nominates someone in another
team and sees it in the feed. (Demo mode's "Acting as" picker: tests/app, AppTest.)"""

import re

from playwright.sync_api import Page, expect

from accounts.passwords import one_time_password
from accounts.store import create_account
from tests.browser.conftest import open_signed_in

MESSAGE = "Thank you for untangling the <b>denied claims</b> queue on Friday afternoon!"


def choose(page: Page, label: str, text: str) -> None:
    """Pick an option in a Streamlit selectbox/multiselect by typing, as a person would."""
    box = page.get_by_label(label, exact=True)
    box.click()
    box.fill(text)
    page.get_by_role("option", name=re.compile(re.escape(text))).first.click()


def test_nominate_a_colleague_and_see_it_in_the_feed(shared_app, shared_db, page):
    nominator_id, nominator, email, nominee, team = shared_db.execute(
        "SELECT a.id, a.name, a.email, b.name, tb.name FROM employees a "
        "JOIN employees b ON b.id <> a.id "
        "JOIN teams ta ON ta.id = a.team_id JOIN teams tb ON tb.id = b.team_id "
        "WHERE a.status = 'active' AND b.status = 'active' "
        "AND a.id NOT IN (SELECT employee_id FROM team_leaders) "
        "AND a.id NOT IN (SELECT employee_id FROM accounts WHERE employee_id IS NOT NULL) "
        "AND ta.name = 'Front Desk' AND tb.name = 'Billing' ORDER BY a.id, b.id LIMIT 1"
    ).fetchone()
    create_account(shared_db, email, one_time_password(), employee_id=nominator_id, actor="test")
    open_signed_in(page, shared_app, email)
    page.get_by_role("link", name="Recognise someone").click()
    expect(page.get_by_role("heading", name="Recognise a colleague")).to_be_visible()

    choose(page, "Colleague", nominee)
    choose(page, "Which of our values does it show?", "Teamwork")
    page.get_by_label("What did they do?", exact=True).fill(MESSAGE)
    page.get_by_role("button", name="Send recognition").click()
    expect(page.get_by_text(f"Thank you. {nominee} will see your recognition")).to_be_visible()

    page.get_by_role("link", name="Recognition", exact=True).click()
    expect(page.get_by_role("heading", name="Recognition", exact=True)).to_be_visible()
    expect(page.get_by_text(MESSAGE, exact=True)).to_be_visible()  # verbatim, tags and all
    header = page.get_by_text(
        re.compile(rf"^{re.escape(f'{nominee} ({team}) recognised by {nominator}')}")
    )
    expect(header).to_be_visible()
    # Newest first: the new recognition is the first card in the feed.
    texts = page.get_by_test_id("stText").all_inner_texts()
    assert texts.index(MESSAGE) < 6
    assert "Teamwork · cross-team" in texts[texts.index(MESSAGE) + 1]
    assert page.locator("b", has_text="denied claims").count() == 0  # never rendered as HTML
    stored = shared_db.execute("SELECT message FROM nominations ORDER BY id DESC LIMIT 1")
    assert stored.fetchone()[0] == MESSAGE
