"""Leader pages on a phone (390 px, a phone's user agent): the sidebar closes after each tap,
the overview heatmap and the comment cards fit the screen and nothing overlaps."""

from tests.browser.conftest import PHONE, open_signed_in

WIDTH = PHONE["width"]

# The main area never scrolls sideways: everything fits 390 px.
NO_SIDEWAYS_SCROLL = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  return main.scrollWidth <= main.clientWidth + 1;
}"""


def overlapping(boxes):
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if (
                a["x"] < b["x"] + b["width"] - 1
                and b["x"] < a["x"] + a["width"] - 1
                and a["y"] < b["y"] + b["height"] - 1
                and b["y"] < a["y"] + a["height"] - 1
            ):
                pairs.append((a, b))
    return pairs


def tap_in_sidebar(page, name):
    sidebar = page.get_by_test_id("stSidebar")
    page.get_by_test_id("stExpandSidebarButton").click()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stSidebar]')"
        ".getBoundingClientRect().right > 200"
    )
    page.get_by_role("link", name=name, exact=True).click()
    # Streamlit closes the sidebar after a page is picked on a phone.
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().right <= 1"
    )
    assert sidebar.bounding_box()["x"] + sidebar.bounding_box()["width"] <= 1


def test_leader_pages_read_on_a_phone(shared_app, phone_page):
    page = phone_page
    open_signed_in(page, shared_app, "revenue-director")
    tap_in_sidebar(page, "Overview")
    page.get_by_role("heading", name="Teams at a glance").wait_for()
    chart = page.get_by_test_id("stVegaLiteChart").first
    chart.wait_for()
    box = chart.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH
    assert page.evaluate(NO_SIDEWAYS_SCROLL)

    tap_in_sidebar(page, "Team")
    page.get_by_test_id("stMetric").first.wait_for()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    metrics = [m.bounding_box() for m in page.get_by_test_id("stMetric").all()]
    assert metrics and not overlapping(metrics)
    assert all(m["x"] >= 0 and m["x"] + m["width"] <= WIDTH for m in metrics)

    tap_in_sidebar(page, "Comments")
    page.get_by_text("Names, emails and phone numbers are masked").wait_for()
    page.wait_for_function(  # the cards stream in after the caption
        "() => document.querySelectorAll("
        "'[data-testid=stMain] [data-testid=stMarkdownContainer]').length > 20"
    )
    main = page.get_by_test_id("stMain")
    texts = [t.bounding_box() for t in main.get_by_test_id("stMarkdownContainer").all()]
    texts = [t for t in texts if t and t["height"] > 0]
    assert len(texts) > 10
    assert not overlapping(texts)  # no text box covers another
    assert all(t["x"] >= 0 and t["x"] + t["width"] <= WIDTH for t in texts)  # wrapped
    assert max(t["height"] for t in texts) > 40  # a long comment wraps onto several lines
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
