"""Hostile user text is shown literally and nothing in it runs or loads (real browser).

Planted (tests/accounts/injection.py): a signed-in person's name with an ``<img onerror>`` and
markdown, a nomination message with ``<script>``, a markdown image and ``javascript:`` links,
and recent survey comments with the same. To cover a new page, add it to ``PAGES``.
"""

import datetime as dt
import shutil

import pytest
from playwright.sync_api import expect

from accounts.store import find_account
from tests.accounts.injection import EVIL_HOST, MESSAGE, NAME, plant, plant_names
from tests.browser.conftest import LiveApp, after_rerun
from tests.conftest import DEMO_TODAY, isolated_environment
from tests.helpers import browser_sign_in, browser_sign_out

# (account, navigation link, text on the page once it has rendered, literal texts to find)
PAGES = [
    ("employee", "Home", "Teams", [NAME]),
    ("employee", "Recognition", "My recognition", [NAME, MESSAGE]),
    ("billing-leader", "Recognition", "My recognition", [MESSAGE]),
    ("admin", "Comments", "most negative first", []),  # a data grid: checked by AppTest
    ("admin", "Roster", "Employees CSV (optional)", []),
    ("admin", "Audit log", "entries", []),
]


def visible_text(page) -> str:
    """The page's text as a reader sees it (``literal``'s invisible word joiners dropped)."""
    parts = [page.get_by_test_id(part).inner_text() for part in ("stMain", "stSidebar")]
    return "\n".join(parts).replace("\u2060", "")


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
                browser_sign_out(page)
            browser_sign_in(page, hostile_app.url, account)
            signed_in_as = account
        page.get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_text(ready).first).to_be_visible()
        page.wait_for_timeout(500)  # give any injected handler the chance to fire
        content = visible_text(page)
        for text in literals:
            assert text in content, (link, text)
        assert page.locator(f'img[src*="{EVIL_HOST}"]').count() == 0, link
        assert page.locator('a[href^="javascript:"]').count() == 0, link
        scripts = page.evaluate("[...document.scripts].map(s => s.textContent).join('\\n')")
        assert "xss-" not in scripts, link
    assert dialogs == []
    assert [url for url in requests if EVIL_HOST in url] == []


@pytest.fixture(scope="module")
def hostile_names_app(demo_template, tmp_path_factory):
    """Hostile names planted once; the three accounts' tests only read (one server)."""
    path = tmp_path_factory.mktemp("hostile-names") / "vitals.db"
    shutil.copy(demo_template, path)
    db = __import__("storage").connect(path)
    planted = plant_names(db)
    # The employee thanks a colleague this week, so the administrator's recognition feed
    # shows their (hostile) name whatever the demo's own nominations are.
    employee = find_account(db, "employee").employee_id
    colleague = db.execute(
        "SELECT id FROM employees WHERE status = 'active' AND id <> ? ORDER BY id LIMIT 1",
        [employee],
    ).fetchone()[0]
    db["nominations"].insert(
        {
            "nominator_id": employee,
            "nominee_id": colleague,
            "message": "Thank you for covering the front desk on Monday.",
            "visibility": "public",
            "created_at": f"{DEMO_TODAY - dt.timedelta(days=1)}T10:00",
        }
    )
    db.conn.commit()
    db.close()
    app = LiveApp(path, isolated_environment(path, tmp_path_factory))
    yield app, planted
    app.stop()


# What the sweep checks on a page, read in the page at once: errors shown, images and links to
# the attacker's host, ``javascript:`` links, rendered formulas, and the text a reader sees.
READ_PAGE = """(evil) => ({
  exceptions: document.querySelectorAll('[data-testid=stException]').length,
  evil_images: document.querySelectorAll(`img[src*="${evil}"]`).length,
  evil_links: [...document.querySelectorAll(`a[href*="${evil}"]`)].map((a) => a.outerHTML),
  script_links: document.querySelectorAll('a[href^="javascript:"]').length,
  formulas: document.querySelectorAll('.katex').length,
  text: ['stMain', 'stSidebar'].map(
    (id) => document.querySelector(`[data-testid=${id}]`).innerText).join('\\n'),
})"""


def nav_links(page) -> list[str]:
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav).to_be_visible()
    return [link.get_attribute("href") for link in nav.get_by_role("link").all()]


@pytest.mark.parametrize("account", ["admin", "billing-leader", "employee"])
def test_every_page_shows_hostile_names_literally_and_loads_nothing_from_elsewhere(
    hostile_names_app, page, account
):
    app, planted = hostile_names_app
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    seen: dict[str, list[str]] = {what: [] for what in planted}
    browser_sign_in(page, app.url, account)
    for link in nav_links(page):
        nav = page.get_by_test_id("stSidebarNav").locator(f'a[href="{link}"]')
        after_rerun(page, nav.click)
        where = f"{account}: {link}"
        found = page.evaluate(READ_PAGE, EVIL_HOST)  # one round trip per page
        assert found["exceptions"] == 0, where
        assert found["evil_images"] == 0, where
        assert found["evil_links"] == [], [where, *found["evil_links"]]
        assert found["script_links"] == 0, where
        assert found["formulas"] == 0, where
        content = found["text"].replace("\u2060", "")
        for what, text in planted.items():
            if text in content:
                seen[what].append(where)
    browser_sign_out(page)
    # Every planted text is found, as typed: the organisation's names on the administrator's
    # pages (the roster's names are in a data grid, checked by AppTest), each person's own
    # name on theirs.
    expected = {
        "admin": set(planted) - {"person"},
        "billing-leader": {"person"},
        "employee": {"name"},
    }
    assert not [what for what in expected[account] if not seen[what]], seen
    outside = [url for url in requests if not url.startswith((app.url, f"blob:{app.url}"))]
    assert outside == [], sorted(set(outside))
