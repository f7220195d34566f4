"""A personal link answered in Chromium on a phone: form, submit, thank-you. Each test takes
the next unused invitation of the shared server's open pulse and counts what it adds."""

import time

from tests.sealed import sealed_payloads
from tests.surveys.helpers import counts, fresh_tokens


def test_a_personal_link_is_answered_in_the_browser(shared_app, shared_db, phone_page):
    page, db = phone_page, shared_db
    token = fresh_tokens(db)[0]
    before = counts(db)
    started = time.monotonic()
    page.goto(f"{shared_app.url}/?invite={token}")
    page.get_by_text("Question 1 of 8").wait_for()
    page.get_by_text("Energised: I have the energy my work needs.").click()
    page.get_by_role("radiogroup").nth(1).get_by_text("9", exact=True).click()
    page.get_by_label("Anything you would like to tell us?").fill("Great huddles this week 👍 شكرا")
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_text("Thank you. Your answers are in.").wait_for()
    page.get_by_text("What leaders will not see").wait_for()  # streamed after the banner
    page.get_by_text("Leaders will not see your name").wait_for()
    elapsed = time.monotonic() - started
    assert elapsed < 60
    after = counts(db)
    assert after[0] == before[0] + 1 and after[2] == before[2] + 1 and after[3] == before[3] + 1
    latest = [  # sealed until the round is published (storage/seal.py)
        p["answers"]
        for p in sealed_payloads(db).values()
        if p["comment"] == "Great huddles this week 👍 شكرا"
    ]
    assert latest == [{"burnout": 1, "enps": 9}]


def test_a_long_paste_is_kept_and_the_person_chooses_before_anything_is_sent(
    shared_app, shared_db, phone_page
):
    """Issue 15: a 1,500-character paste used to leave the box empty and send without it."""
    page, db = phone_page, shared_db
    token = fresh_tokens(db)[0]
    before = counts(db)
    pasted = ("The new claims system freezes every afternoon and we lose work. " * 24)[:1500]
    page.goto(f"{shared_app.url}/?invite={token}")
    page.get_by_text("Question 1 of 8").wait_for()
    page.get_by_role("radiogroup").nth(1).get_by_text("6", exact=True).click()
    box = page.get_by_label("Anything you would like to tell us?")
    box.click()
    page.keyboard.insert_text(pasted)  # what a paste does: one input of the whole text
    assert box.input_value() == pasted
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_text("Your comment is 1,500 characters; the limit is 1,000").first.wait_for()
    assert counts(db) == before  # nothing sent without the comment
    assert box.input_value() == pasted  # the paste is still there
    page.get_by_role("button", name="Keep the first 1,000 characters").click()
    page.get_by_text("now holds its first 1,000 characters").wait_for()
    kept = box.input_value()
    assert len(kept) <= 1000 and pasted.startswith(kept)
    assert counts(db) == before
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_text("Thank you. Your answers are in.").wait_for()
    assert counts(db)[2] == before[2] + 1
    stored = [p["comment"] for p in sealed_payloads(db).values()]
    assert stored.count(kept) == 1
