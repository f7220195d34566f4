"""Test helpers shared by every package's AppTests.

``sign_in_as(at, who)`` signs an AppTest session in without the form, as the sign-in page would:
``who`` is a demo login (``"admin"``, ``"revenue-director"``, ``"billing-leader"``,
``"employee"``), any account login, an employee's email or an employee id (an account is
created for that employee on the fly). Call it before ``at.run()``.
"""

from __future__ import annotations

import re
import time

from streamlit.testing.v1 import AppTest

from accounts.passwords import one_time_password
from accounts.store import create_account, find_account
from app_pages.common import ACCOUNT_KEY, DEMO_VIEWER_KEY, LAST_SEEN_KEY
from storage import connect, database_path
from tests.conftest import PROJECT_ROOT


def account_id_for(who: str | int, admin: bool = False) -> int:
    db = connect(database_path())
    try:
        account = find_account(db, who) if isinstance(who, str) else None
        if account is not None:
            return account.id
        if isinstance(who, int):
            employee = db.execute("SELECT id, email FROM employees WHERE id = ?", [who])
        else:
            employee = db.execute("SELECT id, email FROM employees WHERE email = ?", [who])
        row = employee.fetchone()
        if row is None:
            raise LookupError(f"No account or employee {who!r} in {database_path()}")
        existing = db.execute("SELECT id FROM accounts WHERE employee_id = ?", [row[0]]).fetchone()
        if existing:
            return existing[0]
        return create_account(
            db, row[1], one_time_password(), employee_id=row[0], is_admin=admin, actor="test"
        ).id
    finally:
        db.close()


def sign_in_as(at, who: str | int, admin: bool = False):
    """Sign the AppTest ``at`` in as ``who``; returns ``at`` for chaining."""
    at.session_state[ACCOUNT_KEY] = account_id_for(who, admin)
    at.session_state[LAST_SEEN_KEY] = time.time()
    return at


def open_page(
    page: str, who: str | int | None = None, *, acting_as: str | None = None, **params
) -> AppTest:
    """Run app.py, then open ``app_pages/<page>.py`` as a click in the navigation does.

    ``who`` signs in (``sign_in_as``); ``acting_as`` is demo mode's sidebar choice (a label
    such as ``"Demo administrator"``); ``params`` become query parameters.
    """
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=90)
    if who is not None:
        sign_in_as(at, who)
    if acting_as is not None:
        at.session_state[DEMO_VIEWER_KEY] = acting_as
    for key, value in params.items():
        at.query_params[key] = str(value)
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def browser_sign_in(page, base_url: str, login: str = "admin", password: str | None = None):
    """Sign a Playwright page in through the real form (demo password by default)."""
    from playwright.sync_api import expect

    from accounts.demo import DEMO_PASSWORD

    page.goto(base_url)
    page.get_by_label("Email or user name").fill(login)
    page.get_by_label("Password", exact=True).fill(password or DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text("Signed in as")).to_be_visible()
    wait_for_session_cookie(page)
    return page


def wait_for_session_cookie(page, timeout_s: float = 15.0) -> None:
    """After signing in, the app reruns once more to write the session cookie; a click made
    during that rerun can be lost. Wait until the browser holds the cookie."""
    import time

    from accounts.session import COOKIE_NAME

    ends = time.monotonic() + timeout_s
    while not any(c["name"] == COOKIE_NAME for c in page.context.cookies()):
        if time.monotonic() > ends:
            raise AssertionError("the session cookie was never written")
        page.wait_for_timeout(100)
    page.wait_for_timeout(300)  # the rerun that confirmed the write settles


def shown(markdown: str) -> str:
    """What a reader sees of Markdown that went through ``app_pages.common.literal`` (the
    invisible word joiners it puts into would-be autolinks dropped)."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")
