"""Anonymous replies through the pages: the code on the thank-you, a leader's reply on the
Comments page, the author reading and answering on "Replies to my comment", wrong codes."""

import datetime as dt
import re

import pytest
from streamlit.testing.v1 import AppTest

from actions import replies
from insights.comments import THREAD, comments_view
from insights.views import visible_groups
from storage import connect
from tests.conftest import DEMO_TODAY, PROJECT_ROOT
from tests.helpers import shown
from tests.insights.fixtures import leader_label, leader_of, score_comments
from tests.surveys.helpers import fresh_tokens

CODE = re.compile(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}")


@pytest.fixture
def demo(demo_db_path, monkeypatch):
    monkeypatch.setenv("VITALS_DEMO_MODE", "1")
    monkeypatch.setenv("VITALS_TODAY", DEMO_TODAY.isoformat())
    score_comments(demo_db_path)
    database = connect(demo_db_path)
    yield database
    database.close()


def billing_comment(db) -> str:
    """A comment the Billing leader reads on the Comments page."""
    leader = leader_of(db, "Billing")
    group = min(visible_groups(db, leader))
    table = comments_view(db, leader, group, dt.date(2026, 1, 1), DEMO_TODAY)
    return table[THREAD].iloc[0]


def replies_page() -> AppTest:
    return AppTest.from_file(str(PROJECT_ROOT / "app_pages" / "replies.py"), default_timeout=30)


def messages(at) -> str:
    parts = [m.value for m in at.markdown] + [e.value for e in at.error]
    parts += [i.value for i in at.info] + [s.value for s in at.success]
    return shown("\n".join(parts))


def test_the_thank_you_shows_a_reply_code_once_for_a_comment(demo):
    at = AppTest.from_file(str(PROJECT_ROOT / "app_pages" / "answer.py"), default_timeout=30)
    at.query_params["invite"] = fresh_tokens(demo)[0]
    at.run()
    at.radio[1].set_value(6)
    at.text_area[0].input("Could we get a second person on the phones on Mondays?")
    at.button[0].click().run()
    assert not at.exception
    (code,) = [c.value for c in at.code]
    assert CODE.fullmatch(code)
    conversation = replies.open_conversation(demo, code)
    assert conversation.comment == "Could we get a second person on the phones on Mondays?"
    plain = AppTest.from_file(str(PROJECT_ROOT / "app_pages" / "answer.py"), default_timeout=30)
    plain.query_params["invite"] = fresh_tokens(demo)[0]
    plain.run()
    plain.radio[1].set_value(6)
    plain.button[0].click().run()
    assert "Thank you" in messages(plain) and not plain.code  # no comment, no code
    assert demo["reply_codes"].count == 1


def test_a_leader_replies_from_a_comment_card(demo):
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.session_state["demo_viewer"] = leader_label(demo, "Billing")
    at.run()
    at.switch_page("app_pages/comments.py").run()
    at.text_area(key="reply_text_0").input("Thanks: a second login server goes live Monday.")
    next(b for b in at.button if b.label == "Send reply").click().run()
    assert not at.exception
    (stored,) = demo.execute("SELECT leader, body FROM comment_replies").fetchall()
    assert stored == (
        leader_of(demo, "Billing").name,
        "Thanks: a second login server goes live Monday.",
    )
    assert "Reply sent" in messages(at)
    assert "thread" not in at.dataframe[0].value.columns  # the id never reaches the screen
    assert any("a second login server" in c.value for c in at.caption)  # under its card
    assert demo.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'comment_reply_posted'"
    ).fetchone() == (1,)


def test_an_empty_reply_from_a_card_says_so_and_stores_nothing(demo):
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.session_state["demo_viewer"] = leader_label(demo, "Billing")
    at.run()
    at.switch_page("app_pages/comments.py").run()
    next(b for b in at.button if b.label == "Send reply").click().run()
    assert "Write a reply before sending." in messages(at)
    assert demo["comment_replies"].count == 0


def test_the_author_reads_the_reply_with_the_code_and_answers_without_a_name(demo):
    comment_id = billing_comment(demo)
    code = replies.issue_code(demo, comment_id)
    replies.reply_as_leader(demo, leader_of(demo, "Billing"), comment_id, "We hear you.")
    at = replies_page().run()
    at.text_input(key="reply_code_input").input(code.lower())
    at.button[0].click().run()
    assert not at.exception
    assert "We hear you." in messages(at)
    at.text_area(key="reply_answer").input("Thanks, it got better this week.")
    next(b for b in at.button if b.label == "Send answer").click().run()
    assert "Sent." in messages(at)
    rows = demo.execute("SELECT from_author, leader, body FROM comment_replies ORDER BY id")
    assert rows.fetchall()[-1] == (1, None, "Thanks, it got better this week.")
    assert not [b for b in at.button if b.label == "Send answer"]  # once per leader message


def test_wrong_codes_say_so_and_a_session_stops_after_five(demo):
    at = replies_page().run()
    for attempt in range(6):
        at.text_input(key="reply_code_input").input(f"ABCD-EFGH-JK{attempt}{attempt}")
        at.button[0].click().run()
    assert "Too many codes that open nothing" in messages(at)
    assert demo.execute(
        "SELECT actor FROM audit_log WHERE action = 'reply_code_attempts_blocked'"
    ).fetchall() == [("anonymous",)]
    fresh = replies_page().run()
    fresh.text_input(key="reply_code_input").input("nonsense")
    fresh.button[0].click().run()
    assert "No conversation matches this code" in messages(fresh)


def test_the_page_is_open_to_people_who_are_not_signed_in(demo, monkeypatch):
    monkeypatch.setenv("VITALS_DEMO_MODE", "0")
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("app_pages/replies.py").run()
    assert not at.exception
    assert at.title[0].value == "Replies to my comment"


def test_a_conversation_is_forgotten_when_its_reader_leaves_the_page(demo, monkeypatch):
    """Red team: on a shared screen the conversation stayed open in the browser session after
    its author went back to the kiosk or signed out (neither clears it), so the next person
    read it and could answer as the author (redteam/attack_replies_page_shared_screen.py)."""
    monkeypatch.setenv("VITALS_DEMO_MODE", "0")
    comment_id = billing_comment(demo)
    code = replies.issue_code(demo, comment_id)
    replies.reply_as_leader(demo, leader_of(demo, "Billing"), comment_id, "Tell me more.")
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("app_pages/replies.py").run()
    at.text_input(key="reply_code_input").input(code)
    next(b for b in at.button if b.label == "Open").click().run()
    assert "Tell me more." in messages(at)
    at.switch_page("app_pages/kiosk.py").run()  # the author walks away
    at.switch_page("app_pages/replies.py").run()  # the next person at the screen
    assert not at.exception
    assert "Tell me more." not in messages(at) and not at.text_area
    # Closing by hand forgets it too, without leaving the page.
    at.text_input(key="reply_code_input").input(code)
    next(b for b in at.button if b.label == "Open").click().run()
    assert "Tell me more." in messages(at)
    next(b for b in at.button if b.label.startswith("Close")).click().run()
    assert "Tell me more." not in messages(at)


def test_signing_out_forgets_an_open_conversation(demo, monkeypatch):
    from tests.helpers import sign_in_as

    monkeypatch.setenv("VITALS_DEMO_MODE", "0")
    comment_id = billing_comment(demo)
    code = replies.issue_code(demo, comment_id)
    replies.reply_as_leader(demo, leader_of(demo, "Billing"), comment_id, "We hear you.")
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    sign_in_as(at, "employee").run()
    at.switch_page("app_pages/replies.py").run()
    at.text_input(key="reply_code_input").input(code)
    next(b for b in at.button if b.label == "Open").click().run()
    assert "We hear you." in messages(at)
    next(b for b in at.button if b.label == "Sign out").click().run()
    assert "We hear you." not in messages(at)
    assert "reply_code" not in at.session_state  # the page draws its empty code box again
    assert at.text_input(key="reply_code_input").value == ""
