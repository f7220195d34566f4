"""Hostile user text is shown literally and nothing in it runs or loads (real browser).

Planted (tests/accounts/injection.py): a signed-in person's name with an ``<img onerror>`` and
markdown, a nomination message with ``<script>``, a markdown image and ``javascript:`` links,
and recent survey comments with the same. To cover a new page, add it to ``PAGES``.
"""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.accounts.injection import EVIL_HOST, MESSAGE, NAME, plant
from tests.browser.conftest import LiveApp
from tests.helpers import browser_sign_in

# (account, navigation link, text on the page once it has rendered, literal texts to find)
PAGES = [
    ("employee", "Home", "Teams", [NAME]),
    ("employee", "Recognition", "My recognition", [NAME, MESSAGE]),
    ("billing-leader", "Recognition", "My recognition", [MESSAGE]),
    ("admin", "Comments", "most negative first", []),  # a data grid: checked by AppTest
    ("admin", "Roster", "Employees CSV (optional)", []),
    ("admin", "Audit log", "entries", []),
]


@pytest.fixture
def hostile_app(demo_db_path):
    db = __import__("storage").connect(demo_db_path)
    plant(db, dt.date.today())
    db.close()
    app = LiveApp(demo_db_path)
    yield app
    app.stop()


def test_hostile_text_is_literal_and_inert(hostile_app, page):
    dialogs, requests = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    signed_in_as = None
    for account, link, ready, literals in PAGES:
        if account != signed_in_as:
            if signed_in_as is not None:
                page.get_by_role("button", name="Sign out").click()
            browser_sign_in(page, hostile_app.url, account)
            signed_in_as = account
        page.get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_text(ready).first).to_be_visible()
        page.wait_for_timeout(500)  # give any injected handler the chance to fire
        for text in literals:
            expect(page.get_by_text(text, exact=False).first).to_be_visible()
        assert page.locator(f'img[src*="{EVIL_HOST}"]').count() == 0, link
        assert page.locator('a[href^="javascript:"]').count() == 0, link
        scripts = page.evaluate("[...document.scripts].map(s => s.textContent).join('\\n')")
        assert "xss-" not in scripts, link
    assert dialogs == []
    assert [url for url in requests if EVIL_HOST in url] == []
