"""The workload import refuses a bad file in a real browser, and the Billing story reads on the
Workload page: claims per biller beyond the noise, burnout beside it, the FTE to get back."""

from playwright.sync_api import expect

from storage import connect
from tests.browser.conftest import open_signed_in

BAD = (
    "team,week,metric,value\n"
    "Billing,2026-11-16,fte,0\n"
    "Billing,2026-11-16,claims_submitted,2000\n"
    "Atlantis,2026-11-16,fte,3\n"
)


def test_import_refuses_a_bad_file_with_row_level_errors(shared_app, page):
    demo_db = connect(shared_app.db_path)
    before = demo_db.execute("SELECT count(*), total(value) FROM workload_figures").fetchone()
    open_signed_in(page, shared_app, "admin")
    page.get_by_role("link", name="Workload figures").click()
    expect(page.get_by_role("heading", name="Workload figures")).to_be_visible()
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "ops.csv", "mimeType": "text/csv", "buffer": BAD.encode()}]
    )
    expect(page.get_by_text("2 problem(s) found: nothing will be imported.")).to_be_visible()
    expect(page.get_by_role("button", name="Import")).to_have_count(0)
    after = demo_db.execute("SELECT count(*), total(value) FROM workload_figures").fetchone()
    assert after == before
    demo_db.close()


def test_billing_leader_reads_the_billing_story(shared_app, page):
    open_signed_in(page, shared_app, "billing-leader")
    page.get_by_role("link", name="Workload").click()
    expect(page.get_by_role("heading", name="Billing")).to_be_visible()
    expect(page.get_by_text("Claims submitted per FTE has been beyond")).to_be_visible()
    expect(page.get_by_text("the team needs")).to_be_visible()
    expect(page.locator(".vega-embed").first).to_be_visible()
