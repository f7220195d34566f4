from contextlib import closing

from playwright.sync_api import expect

from storage import connect
from tests.browser.conftest import open_signed_in


def test_first_page_shows_the_demo_organisation(shared_app, page):
    with closing(connect(shared_app.db_path)) as demo_db:
        people = demo_db.execute(
            "SELECT count(*) FROM employees WHERE status = 'active'"
        ).fetchone()[0]
    open_signed_in(page, shared_app, "employee")
    expect(
        page.get_by_role("heading", name="Vitals · Riverbend Medical Group").first
    ).to_be_visible()
    metric_values = page.get_by_test_id("stMetricValue")
    expect(metric_values.first).to_be_visible()
    assert str(people) in metric_values.all_inner_texts()
    expect(page.get_by_text("Latest pulse participation")).to_be_visible()
