"""Main leader flow in a real browser: overview -> the team sliding into burnout -> why."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import open_signed_in


def test_overview_leads_to_billing_burnout_and_its_top_negative_theme(shared_app, page):
    open_signed_in(page, shared_app, "admin")
    page.get_by_role("link", name="Overview").click()
    expect(page.get_by_role("heading", name="Teams at a glance")).to_be_visible()
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    page.get_by_role("link", name="Billing", exact=True).click()
    expect(page.get_by_role("heading", name="Billing", exact=True)).to_be_visible()
    burnout = page.get_by_test_id("stMetric").filter(has_text="Burnout rate")
    expect(burnout.get_by_test_id("stMetricValue")).to_have_text(re.compile(r"^\d+ %$"))
    value = int(burnout.get_by_test_id("stMetricValue").inner_text().split()[0])
    assert value > 25
    expect(page.get_by_text("Top negative theme:")).to_be_visible()
    expect(page.get_by_text("Workload and staffing").first).to_be_visible()
    assert "team=" in page.url
