"""The shared screen in Chromium: one person scans their card's QR code (the kiosk page with
?code=) on a phone, answers and is thanked; the next types their code on the front desk's
tablet and the screen shows nothing of the first."""

from surveys import codes
from surveys.code_cards import kiosk_url
from tests.browser.conftest import PHONE, another_person
from tests.conftest import DEMO_TODAY


def test_a_scanned_card_and_a_typed_code_each_answer_once(shared_app, shared_db, page):
    people = [
        r[0]
        for r in shared_db.execute(
            "SELECT i.employee_id FROM invitations i JOIN rounds r ON r.id = i.round_id "
            "WHERE i.used = 0 AND r.opens_on <= ? AND r.closes_on >= ? ORDER BY i.id LIMIT 2",
            [DEMO_TODAY.isoformat()] * 2,
        )
    ]
    issued = codes.issue_codes(shared_db, people, actor="admin")
    used = (
        "SELECT count(*) FROM invitations i JOIN rounds r ON r.id = i.round_id "
        "WHERE i.used = 1 AND i.employee_id = ? AND r.closes_on >= ?"
    )
    before = [shared_db.execute(used, [p, DEMO_TODAY.isoformat()]).fetchone()[0] for p in people]

    phone = another_person(page, PHONE)
    phone.goto(kiosk_url(issued[people[0]], shared_app.url))
    phone.get_by_text("Energised: I have the energy my work needs.").click()
    phone.get_by_role("button", name="Send my answers").click()
    phone.get_by_text("Thank you. Your answers are in.").wait_for()
    assert "code=" not in phone.url

    tablet = another_person(page, {"width": 1024, "height": 768})
    tablet.goto(f"{shared_app.url}/kiosk")
    tablet.get_by_label("Personal code", exact=True).fill(issued[people[1]])
    tablet.get_by_role("button", name="Open my pulse").click()
    tablet.get_by_text("Energised: I have the energy my work needs.").click()
    tablet.get_by_role("button", name="Send my answers").click()
    tablet.get_by_text("Thank you. Your answers are in.").wait_for()
    tablet.get_by_role("button", name="Done: ready for the next person").click()
    tablet.get_by_label("Personal code", exact=True).wait_for()
    assert tablet.get_by_text("Thank you").count() == 0
    after = [shared_db.execute(used, [p, DEMO_TODAY.isoformat()]).fetchone()[0] for p in people]
    assert [a - b for a, b in zip(after, before, strict=True)] == [1, 1]  # once each
