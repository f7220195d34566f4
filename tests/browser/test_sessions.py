"""A session survives a reload, a second tab and a link from another site; sign-out ends it
(every tab of the account: the check starts with none of its sessions on the shared server)."""

from playwright.sync_api import expect

from accounts.session import COOKIE_NAME, end_sessions
from accounts.store import find_account
from tests.browser.conftest import after_rerun
from tests.helpers import browser_sign_in

SIGN_IN = "Sign in to Vitals"


def session_cookie(page, present: bool = True) -> dict | None:
    """The session cookie, waiting until the browser holds it (or has dropped it)."""
    for _ in range(50):
        found = [c for c in page.context.cookies() if c["name"] == COOKIE_NAME and c["value"]]
        if bool(found) == present:
            return found[0] if found else None
        page.wait_for_timeout(100)
    raise AssertionError(f"the session cookie is still {'missing' if present else 'there'}")


def test_reload_second_tab_and_email_link_keep_the_session_and_sign_out_ends_it(
    shared_app, shared_db, page
):
    leader = find_account(shared_db, "billing-leader").id
    end_sessions(shared_db, leader)  # earlier tests on this server signed the leader in too
    sessions = "SELECT token_hash FROM sessions WHERE account_id = ?"
    browser_sign_in(page, shared_app.url, "billing-leader")
    cookie = session_cookie(page)
    assert cookie is not None
    assert cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    assert cookie["value"] not in page.url
    stored = [r[0] for r in shared_db.execute(sessions, [leader])]
    assert len(stored) == 1 and cookie["value"] not in stored  # only the hash is kept

    page.reload()
    expect(page.get_by_text("Signed in as")).to_contain_text("(leader)")
    expect(page.get_by_role("heading", name=SIGN_IN)).to_have_count(0)

    second = page.context.new_page()
    second.goto(shared_app.url)
    expect(second.get_by_text("Signed in as")).to_contain_text("(leader)")

    # A link opened from a mail client on another site: SameSite=Strict keeps the cookie off
    # that first request, but the app's own websocket (same site) carries it.
    mail = page.context.new_page()
    mail.route(
        "http://mail.invalid/",
        lambda route: route.fulfill(
            content_type="text/html", body=f'<a href="{shared_app.url}/">Open Vitals</a>'
        ),
    )
    mail.goto("http://mail.invalid/")
    mail.get_by_role("link", name="Open Vitals").click()
    expect(mail.get_by_text("Signed in as")).to_contain_text("(leader)")

    after_rerun(page, page.get_by_role("button", name="Sign out").click)
    # .first: while the run that follows signing out draws, the form can show twice.
    expect(page.get_by_role("heading", name=SIGN_IN).first).to_be_visible()
    assert session_cookie(page, present=False) is None
    page.reload()
    expect(page.get_by_role("heading", name=SIGN_IN)).to_be_visible()
    expect(page.get_by_text("Signed in as")).to_have_count(0)
    second.reload()  # signing out signs out every tab
    expect(second.get_by_role("heading", name=SIGN_IN)).to_be_visible()
    assert shared_db.execute(sessions, [leader]).fetchall() == []
    methods = [
        r[0]
        for r in shared_db.execute(
            "SELECT json_extract(detail, '$.method') FROM audit_log "
            "WHERE action = 'sign_in' AND actor = 'billing-leader'"
        )
    ]
    assert methods[-4:] == ["password", "session", "session", "session"]
