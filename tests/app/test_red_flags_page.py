"""The red-flag queue page: administrators see flagged comments and mark them reviewed;
leaders and employees are refused. A new flag shows on the admin's Home at once."""

import pytest
from streamlit.testing.v1 import AppTest

from insights.red_flags import NOTE_MAX_CHARS, ReviewError, red_flag_queue, review
from surveys.answering import submit_with_token
from tests.conftest import PROJECT_ROOT
from tests.helpers import sign_in_as
from tests.insights.fixtures import ADMIN
from tests.surveys.helpers import fresh_tokens

THREAT = "I feel unsafe, a colleague threatened me in the car park."
MARK = "colleague threatened me"


def open_as(who: str, page: str | None = "admin_red_flags") -> AppTest:
    at = sign_in_as(AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60), who)
    at.run()
    if page:
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception
    return at


def open_flags(db) -> int:
    """Flags waiting: of published comments, and of an open round's sealed ones (kept apart,
    text alone, storage/seal.py)."""
    published = db.execute(
        "SELECT count(DISTINCT response_id) FROM red_flags WHERE reviewed = 0"
    ).fetchone()[0]
    return (
        published
        + db.execute("SELECT count(*) FROM open_red_flags WHERE reviewed = 0").fetchone()[0]
    )


def test_a_new_flag_reaches_the_admin_home_and_the_queue_and_is_marked_reviewed(
    demo_db_path, demo_db
):
    before = open_flags(demo_db)
    submit_with_token(demo_db, fresh_tokens(demo_db)[0], {"enps": 3}, THREAT)
    assert open_flags(demo_db) == before + 1

    home = open_as("admin", page=None)
    assert f"{before + 1} flagged comments" in home.warning[0].value

    at = open_as("admin")
    cards = [m.value for m in at.markdown]
    assert any(MARK in text for text in cards)
    assert f"**{before + 1}** waiting for review." in cards
    assert any("Threat" in text for text in cards)  # the category as a tag
    # Mark the new one reviewed with a note.
    keys = [t.key for t in at.text_area]
    response_id = next(  # the flag's own id: its response and its text are sealed
        item.response_id for item in red_flag_queue(demo_db, ADMIN) if item.text == THREAT
    )
    key = f"note_{response_id}"
    assert key in keys
    at.text_area(key=key).set_value("Security informed; escort offered.")
    form_button = [b for b in at.button if b.label == "Mark reviewed"][keys.index(key)]
    form_button.click().run()
    assert not at.exception
    assert at.success[0].value == "Marked reviewed."
    assert open_flags(demo_db) == before
    (note,) = [
        item.note
        for item in red_flag_queue(demo_db, ADMIN, include_reviewed=True)
        if item.response_id == response_id
    ]
    assert note == "Security informed; escort offered."
    audit = demo_db.execute(
        "SELECT detail FROM audit_log WHERE action = 'red_flag_reviewed'"
    ).fetchone()[0]
    assert "Security" not in audit and THREAT not in audit  # never the note or the text
    assert not any(MARK in m.value for m in at.markdown)  # off the open queue
    at.toggle(key="red_flags_reviewed").set_value(True).run()
    assert any("Review note: Security informed" in c.value for c in at.caption)


def test_an_over_long_note_is_refused_and_changes_nothing(demo_db_path, demo_db):
    before = open_flags(demo_db)
    response_id = demo_db.execute("SELECT response_id FROM red_flags LIMIT 1").fetchone()[0]
    with pytest.raises(ReviewError, match=str(NOTE_MAX_CHARS)):
        review(demo_db, ADMIN, response_id, "x" * (NOTE_MAX_CHARS + 1))
    assert open_flags(demo_db) == before
    review(demo_db, ADMIN, response_id, "")
    with pytest.raises(ReviewError, match="not on the open queue"):
        review(demo_db, ADMIN, response_id, "again")


@pytest.mark.parametrize("who", ["revenue-director", "billing-leader", "employee"])
def test_leaders_and_employees_are_refused_and_see_no_badge(demo_db_path, who):
    home = open_as(who, page=None)
    assert not home.warning  # no red-flag count
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        home.switch_page("app_pages/admin_red_flags.py")  # not in their navigation
    direct = AppTest.from_file(
        str(PROJECT_ROOT / "app_pages" / "admin_red_flags.py"), default_timeout=30
    )
    sign_in_as(direct, who).run()  # opened directly, the page refuses
    assert [e.value for e in direct.error] == ["You do not have access to this page."]
    assert not any(MARK in m.value or "harassed" in m.value for m in direct.markdown)


def test_recipients_of_the_daily_digest_are_set_on_the_page(demo_db_path, demo_db):
    from insights.red_flag_digest import recipients

    at = open_as("admin")
    box = next(t for t in at.text_input if t.label.startswith("Email addresses"))
    box.input("not-an-address")
    next(b for b in at.button if b.label == "Save recipients").click().run()
    assert at.error and recipients(demo_db) == []  # refused, nothing saved
    box = next(t for t in at.text_input if t.label.startswith("Email addresses"))
    box.input("hr@riverbend.example")
    next(b for b in at.button if b.label == "Save recipients").click().run()
    assert not at.error and recipients(demo_db) == ["hr@riverbend.example"]
