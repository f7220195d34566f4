"""Hostile user text is shown literally and nothing in it runs or loads (real browser).

Planted (tests/accounts/injection.py): a signed-in person's name with an ``<img onerror>`` and
markdown, a nomination message with ``<script>``, a markdown image and ``javascript:`` links,
and recent survey comments with the same; hostile team, department, value, round and person
names. The administrator, who can open every page, sweeps them all: a new page is covered
without listing it. A leader and an employee open the pages where their own names and the
texts planted for them show, and the pages that render something only for someone on the
roster (``SWEPT``: the open pulses with the round's title, the nominate page's pickers of
colleagues and values); the rest would be the same page code over a subset of the same data.
"""

import pytest
from playwright.sync_api import expect

from storage import connect
from tests.accounts.injection import EVIL_HOST, MESSAGE, NAME, plant, plant_names
from tests.browser.conftest import after_rerun, open_signed_in, start_shared_app
from tests.conftest import DEMO_TODAY

# Texts that must be on a page as typed, by (account, page path).
LITERALS = {
    ("employee", ""): [NAME],
    ("employee", "feed"): [NAME, MESSAGE],
    ("billing-leader", "feed"): [MESSAGE],
}
# The pages each account opens (None: every page in its navigation).
SWEPT = {
    "admin": None,
    "billing-leader": {"", "feed", "comments"},
    "employee": {"", "feed", "my_pulses", "nominate"},
}


def plant_everything(path) -> dict[str, str]:
    """Hostile text (a name, a nomination, recent comments) and hostile names."""
    db = connect(path)
    plant(db, DEMO_TODAY)
    planted = plant_names(db)
    db.close()
    return planted


@pytest.fixture(scope="module")
def hostile_app(demo_template, tmp_path_factory):
    """Hostile text and names planted once; the three accounts' sweeps only read (one
    server)."""
    planted: dict[str, str] = {}
    app = start_shared_app(
        demo_template,
        tmp_path_factory,
        "hostile",
        prepare=lambda path: planted.update(plant_everything(path)),
    )
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
  planted_scripts: [...document.scripts].filter((s) => s.textContent.includes('xss-')).length,
  text: ['stMain', 'stSidebar'].map(
    (id) => document.querySelector(`[data-testid=${id}]`).innerText).join('\\n'),
})"""


def page_path(app, link: str) -> str:
    return link.removeprefix(app.url).strip("/")


def nav_links(page) -> list[str]:
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav).to_be_visible()
    return [link.get_attribute("href") for link in nav.get_by_role("link").all()]


@pytest.mark.parametrize("account", ["admin", "billing-leader", "employee"])
def test_every_page_shows_hostile_text_literally_and_runs_and_loads_nothing(
    hostile_app, page, account
):
    app, planted = hostile_app
    dialogs, requests = [], []

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    def on_request(request):
        requests.append(request.url)

    page.on("dialog", on_dialog)
    page.on("request", on_request)
    try:
        seen, visited = sweep(page, app, account, planted)
    finally:
        page.remove_listener("dialog", on_dialog)
        page.remove_listener("request", on_request)
    assert dialogs == []
    assert {key for key in LITERALS if key[0] == account} <= visited
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


def sweep(page, app, account, planted):
    """Open the account's pages (``SWEPT``) and check each; returns where each planted text was
    seen and the (account, page) pairs visited."""
    seen: dict[str, list[str]] = {what: [] for what in planted}
    visited: set[tuple[str, str]] = set()
    open_signed_in(page, app, account)
    links = nav_links(page)
    if SWEPT[account] is not None:
        links = [link for link in links if page_path(app, link) in SWEPT[account]]
        assert len(links) == len(SWEPT[account]), links
    for link in links:
        nav = page.get_by_test_id("stSidebarNav").locator(f'a[href="{link}"]')
        after_rerun(page, nav.click)
        where = f"{account}: {link}"
        found = page.evaluate(READ_PAGE, EVIL_HOST)  # one round trip per page
        assert found["exceptions"] == 0, where
        assert found["evil_images"] == 0, where
        assert found["evil_links"] == [], [where, *found["evil_links"]]
        assert found["script_links"] == 0, where
        assert found["formulas"] == 0, where
        assert found["planted_scripts"] == 0, where
        content = found["text"].replace("\u2060", "")
        here = (account, page_path(app, link))
        visited.add(here)
        for text in LITERALS.get(here, []):
            assert text in content, (where, text)
        for what, text in planted.items():
            if text in content:
                seen[what].append(where)
    page.wait_for_timeout(500)  # give any injected handler the chance to fire
    return seen, visited
