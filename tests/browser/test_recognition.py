"""Main recognition flow in the real app: act as a colleague, nominate, see it in the feed."""

import re

from playwright.sync_api import Page, expect

from storage import connect

MESSAGE = "Thank you for untangling the <b>denied claims</b> queue on Friday afternoon!"


def choose(page: Page, label: str, text: str) -> None:
    """Pick an option in a Streamlit selectbox/multiselect by typing, as a person would."""
    box = page.get_by_label(label, exact=True)
    box.click()
    box.fill(text)
    page.get_by_role("option", name=re.compile(re.escape(text))).first.click()


def test_nominate_a_colleague_and_see_it_in_the_feed(demo_mode_app, page):
    """In demo mode the sidebar picker says who is nominating."""
    demo_app = demo_mode_app
    demo_db = connect(demo_app.db_path)
    nominator, nominee, team = demo_db.execute(
        "SELECT a.name, b.name, tb.name FROM employees a JOIN employees b ON b.id <> a.id "
        "JOIN teams ta ON ta.id = a.team_id JOIN teams tb ON tb.id = b.team_id "
        "WHERE a.status = 'active' AND b.status = 'active' "
        "AND a.id NOT IN (SELECT employee_id FROM team_leaders) "
        "AND ta.name = 'Front Desk' AND tb.name = 'Billing' ORDER BY a.id, b.id LIMIT 1"
    ).fetchone()
    page.goto(demo_app.url)
    expect(page.get_by_text("Demo mode")).to_be_visible()
    choose(page, "Acting as", nominator)
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
    stored = demo_db.execute("SELECT message FROM nominations ORDER BY id DESC LIMIT 1").fetchone()[
        0
    ]
    assert stored == MESSAGE
    demo_db.close()
