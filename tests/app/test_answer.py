"""The personal-link page: happy path and every bad case, on the demo's open pulse."""

import pytest
from streamlit.testing.v1 import AppTest

from storage import connect
from tests.conftest import DEMO_TODAY, PROJECT_ROOT
from tests.sealed import sealed_payloads
from tests.surveys.helpers import counts, fresh_tokens

PAGE = str(PROJECT_ROOT / "app_pages" / "answer.py")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("VITALS_TODAY", DEMO_TODAY.isoformat())


@pytest.fixture
def token(demo_db):
    return fresh_tokens(demo_db)[0]


def open_page(token, app=PAGE):
    at = AppTest.from_file(app, default_timeout=30)
    if token is not None:
        at.query_params["invite"] = token
    return at.run()


def texts(at):
    return " ".join(
        [e.value for e in at.success]
        + [e.value for e in at.info]
        + [e.value for e in at.error]
        + [e.value for e in at.warning]
        + [m.value for m in at.markdown]
    )


def test_a_personal_link_opens_a_one_column_form_and_stores_the_answers(demo_db, token):
    before = counts(demo_db)
    at = open_page(token)
    assert not at.exception
    assert at.title[0].value == "Pulse survey"
    labels = [r.label for r in at.radio]
    assert len(labels) == 7 and labels[0].startswith("Over the past few weeks, which comes closest")
    assert [p.value for p in at.get("progress")][:2] != []  # a progress bar per question
    assert not at.text_area[0].max_chars  # a longer paste is kept, never ignored
    assert "Up to 1,000 characters." in [c.value for c in at.caption]
    at.radio[0].set_value(2)
    at.radio[1].set_value(9)
    at.text_area[0].input("Thanks for the new headsets 🎧")
    at.button[0].click().run()
    assert not at.exception
    page = texts(at)
    assert "Thank you. Your answers are in." in page
    assert "Leaders will see results for groups of at least 5 people" in page
    assert "Leaders will not see your name" in page
    assert len(at.radio) == 0  # the form is gone
    responses, answers, comments, used = counts(demo_db)
    assert (responses, answers, comments, used) == (
        before[0] + 1,
        before[1] + 2,
        before[2] + 1,
        before[3] + 1,
    )


def test_a_second_click_or_second_tab_stores_nothing_more(demo_db, token):
    at = open_page(token)
    second_tab = open_page(token)
    at.radio[1].set_value(7)
    at.button[0].click().run()
    before = counts(demo_db)
    at.run()  # a rerun of the same session keeps the thank-you
    assert "Thank you" in texts(at)
    second_tab.radio[1].set_value(3)
    second_tab.button[0].click().run()
    assert not second_tab.exception
    assert "already been used" in texts(second_tab)
    assert counts(demo_db) == before
    assert open_page(token).info == [] and "already been used" in texts(open_page(token))


@pytest.mark.parametrize("bad", ["nonsense", "", "x" * 3000])
def test_unknown_links_get_a_friendly_message(demo_db, bad):
    before = counts(demo_db)
    at = open_page(bad)
    assert not at.exception
    assert "could not find this pulse link" in texts(at)
    assert len(at.radio) == 0 and counts(demo_db) == before


def test_a_round_that_closes_while_answering_stores_nothing(demo_db, token, monkeypatch):
    before = counts(demo_db)
    at = open_page(token)
    at.radio[1].set_value(9)
    monkeypatch.setenv("VITALS_TODAY", "2026-11-28")  # the pulse closed on Friday 27th
    at.button[0].click().run()
    assert not at.exception
    assert "closed on Friday 27 November 2026" in texts(at)
    assert len(at.radio) == 0  # the form gives way to the message
    assert counts(demo_db) == before


def test_an_expired_link_says_the_pulse_closed(demo_db):
    old_round = demo_db.execute(
        "SELECT id FROM rounds ORDER BY opens_on LIMIT 1 OFFSET 20"
    ).fetchone()[0]
    token = fresh_tokens(demo_db, round_id=old_round)[0]
    at = open_page(token)
    assert "This pulse closed on" in texts(at) and len(at.radio) == 0


def test_an_empty_submission_is_refused_with_a_clear_message(demo_db, token):
    before = counts(demo_db)
    at = open_page(token)
    at.button[0].click().run()
    assert "Please answer at least one question" in texts(at)
    assert len(at.error) == 2  # above the form and beside the button
    assert len(at.radio) == 7 and counts(demo_db) == before
    at.radio[0].set_value(1)
    at.button[0].click().run()
    assert "Thank you" in texts(at)
    assert counts(demo_db)[0] == before[0] + 1


def test_a_pasted_comment_over_the_limit_is_kept_and_nothing_is_sent_until_the_person_chooses(
    demo_db, token
):
    before = counts(demo_db)
    pasted = "Our claims queue. " * 100  # 1,800 characters, pasted in one go
    at = open_page(token)
    at.radio[1].set_value(4)
    at.text_area[0].input(pasted)
    at.button[0].click().run()
    assert not at.exception
    assert counts(demo_db) == before  # the answers were not sent without the comment
    assert "Your comment is 1,799 characters; the limit is 1,000" in texts(at)
    assert at.text_area[0].value == pasted  # still in the box
    assert at.radio[1].value == 4  # and the answers kept
    trim = next(b for b in at.button if b.label == "Keep the first 1,000 characters")
    trim.click().run()
    assert counts(demo_db) == before  # trimming sends nothing either
    kept = at.text_area[0].value
    assert len(kept) <= 1000 and pasted.startswith(kept)
    assert "now holds its first 1,000 characters" in " ".join(i.value for i in at.info)
    next(b for b in at.button if b.label == "Send my answers").click().run()
    assert "Thank you" in texts(at)
    assert counts(demo_db)[0] == before[0] + 1
    assert [p["comment"] for p in sealed_payloads(demo_db).values()] == [kept]  # sealed, whole


def test_a_crafted_over_long_comment_is_refused_by_the_server_too(demo_db):
    from surveys.answering import InvalidAnswers, submit_with_token

    before = counts(demo_db)
    with pytest.raises(InvalidAnswers, match="limit is 1000"):
        submit_with_token(demo_db, fresh_tokens(demo_db)[0], {"enps": 9}, "y" * 1001)
    assert counts(demo_db) == before


def test_unicode_emoji_and_right_to_left_comments_are_stored_and_shown_intact(demo_db, token):
    text = "שלום 👋🏽 مرحبا — naïve café, 100 % ✓"
    at = open_page(token)
    at.text_area[0].input(text)
    at.button[0].click().run()
    assert "Thank you" in texts(at)
    fresh = connect(demo_db.conn.execute("PRAGMA database_list").fetchone()[2])
    assert [p["comment"] for p in sealed_payloads(fresh).values()] == [text]  # sealed, intact
    fresh.close()


def test_the_entry_page_opens_the_pulse_for_anonymous_visitors(demo_db, token):
    at = open_page(token, str(PROJECT_ROOT / "app.py"))
    assert not at.exception
    assert at.title[0].value == "Pulse survey"
    assert len(at.radio) == 7


def test_a_signed_in_person_opening_a_link_lands_on_the_pulse(demo_db, token):
    from tests.helpers import sign_in_as

    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=30)
    at.query_params["invite"] = token
    sign_in_as(at, "admin").run()
    assert not at.exception
    assert at.title[0].value == "Pulse survey" and len(at.radio) == 7


def test_a_missing_sealing_key_stores_nothing_and_says_try_later(demo_db, token, monkeypatch):
    """The key went missing mid-round (red team, redteam3): the submission is refused, the
    link stays unused, and the page does not show the key's path."""
    from storage import seal

    def refuse(*args, **kwargs):
        raise seal.SealError("No sealing key at /secret/place/seal.key")

    monkeypatch.setattr(seal, "load_key", refuse)
    before = counts(demo_db)
    at = open_page(token)
    at.radio[1].set_value(9)
    at.button[0].click().run()
    assert not at.exception
    page = texts(at)
    assert "cannot take answers right now" in page and "/secret/place" not in page
    assert counts(demo_db) == before
