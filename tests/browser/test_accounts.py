"""Sign-in and sign-out in a real browser against the real app."""

from contextlib import closing

from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from storage import connect
from tests.browser.conftest import after_rerun, open_signed_in
from tests.helpers import wait_for_session_cookie


def test_sign_in_roles_and_sign_out(shared_app, page):
    page.goto(shared_app.url)
    expect(page.get_by_role("heading", name="Sign in to Vitals")).to_be_visible()
    expect(page.get_by_role("link", name="Home")).to_have_count(0)

    page.get_by_label("Email or user name").fill("billing-leader")
    page.get_by_label("Password", exact=True).fill("wrong password here")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text("Wrong email or password")).to_be_visible()

    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(
        page.get_by_role("heading", name="Vitals · Riverbend Medical Group").first
    ).to_be_visible()
    expect(page.get_by_text("Signed in as")).to_contain_text("(leader)")
    expect(page.get_by_role("link", name="Team")).to_be_visible()
    expect(page.get_by_role("link", name="Roster")).to_have_count(0)  # not an administrator
    wait_for_session_cookie(page)  # a click during the cookie's rerun can be lost

    after_rerun(page, page.get_by_role("button", name="Sign out").click)
    # .first: while the run that follows signing out draws, the form can show twice.
    expect(page.get_by_role("heading", name="Sign in to Vitals").first).to_be_visible()
    expect(page.get_by_role("link", name="Team")).to_have_count(0)
    with closing(connect(shared_app.db_path)) as demo_db:
        actions = [r[0] for r in demo_db.execute("SELECT action FROM audit_log ORDER BY id")]
    assert actions[-3:] == ["sign_in_failed", "sign_in", "sign_out"]


def test_admin_reaches_administration_and_an_employee_the_organisations_home_only(shared_app, page):
    open_signed_in(page, shared_app, "admin")
    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    page.context.clear_cookies()
    with closing(connect(shared_app.db_path)) as demo_db:
        people = demo_db.execute(
            "SELECT count(*) FROM employees WHERE status = 'active'"
        ).fetchone()[0]
    open_signed_in(page, shared_app, "employee")
    # The first page shows the demo organisation.
    expect(
        page.get_by_role("heading", name="Vitals · Riverbend Medical Group").first
    ).to_be_visible()
    metric_values = page.get_by_test_id("stMetricValue")
    expect(metric_values.first).to_be_visible()
    assert str(people) in metric_values.all_inner_texts()
    expect(page.get_by_text("Latest pulse participation")).to_be_visible()
    expect(page.get_by_role("link", name="Recognition", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Audit log")).to_have_count(0)
    expect(page.get_by_role("link", name="Overview")).to_have_count(0)
