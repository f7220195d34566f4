"""The app resolves the viewer from the session cookie a browser sends (AppTest holds no
cookies, so ``app_pages.common.session_cookie`` is replaced by the value a browser would send).
"""

import datetime as dt

from streamlit.testing.v1 import AppTest

from accounts.demo import DEMO_PASSWORD
from accounts.session import IDLE_MINUTES, create_session, end_sessions
from accounts.store import find_account
from app_pages.common import ACCOUNT_KEY, COOKIE_KEY
from tests.conftest import PROJECT_ROOT


def app_with_cookie(monkeypatch, value: str | None) -> AppTest:
    monkeypatch.setattr("app_pages.common.session_cookie", lambda: value)
    return AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)


def signed_in_as(at) -> str | None:
    captions = [c.value for c in at.sidebar.caption if c.value.startswith("Signed in as")]
    return captions[0] if captions else None


def test_a_valid_cookie_signs_the_new_tab_in(monkeypatch, demo_db_path, demo_db):
    token = create_session(demo_db, find_account(demo_db, "billing-leader").id)
    at = app_with_cookie(monkeypatch, token).run()
    assert not at.exception
    assert "(leader)" in signed_in_as(at)
    assert at.title[0].value != "Sign in to Vitals"


def test_no_cookie_or_an_unknown_one_shows_the_sign_in_page(monkeypatch, demo_db_path):
    for value in (None, "forged-or-revoked-token"):
        at = app_with_cookie(monkeypatch, value).run()
        assert at.title[0].value == "Sign in to Vitals"
        assert signed_in_as(at) is None


def test_an_unknown_cookie_is_cleared_in_the_browser(monkeypatch, demo_db_path):
    at = app_with_cookie(monkeypatch, "forged-or-revoked-token").run()
    assert at.session_state[COOKIE_KEY]["token"] is None


def test_an_idle_cookie_signs_in_nobody_and_says_why(monkeypatch, demo_db_path, demo_db):
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=IDLE_MINUTES + 1)
    token = create_session(demo_db, find_account(demo_db, "employee").id, long_ago)
    at = app_with_cookie(monkeypatch, token).run()
    assert at.title[0].value == "Sign in to Vitals"
    assert "without activity" in at.info[0].value


def test_signing_out_elsewhere_ends_this_tab_at_its_next_interaction(
    monkeypatch, demo_db_path, demo_db
):
    account = find_account(demo_db, "employee")
    at = app_with_cookie(monkeypatch, create_session(demo_db, account.id)).run()
    assert signed_in_as(at) is not None
    end_sessions(demo_db, account.id)  # another tab signed out, or the password changed
    at.run()
    assert at.title[0].value == "Sign in to Vitals"
    assert ACCOUNT_KEY not in at.session_state
    assert "signed out" in at.info[0].value


def test_signing_in_with_the_form_asks_the_browser_to_keep_a_cookie(monkeypatch, demo_db_path):
    at = app_with_cookie(monkeypatch, None).run()
    at.text_input(key="sign_in_login").input("employee")
    at.text_input(key="sign_in_password").input(DEMO_PASSWORD)
    at.button[0].click().run()
    assert signed_in_as(at) is not None
    pending = at.session_state[COOKIE_KEY]
    assert len(pending["token"]) >= 43  # 256 bits, URL-safe base64
    assert pending["token"] not in str(at.query_params)
