"""The shared screen: a printed personal code opens the person's open pulse, the answer is
stored once, and the screen forgets them for the next person (issue 15)."""

import pytest
from streamlit.testing.v1 import AppTest

from surveys import codes
from tests.conftest import DEMO_TODAY, PROJECT_ROOT
from tests.helpers import shown
from tests.surveys.helpers import counts

PAGE = str(PROJECT_ROOT / "app_pages" / "kiosk.py")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("VITALS_TODAY", DEMO_TODAY.isoformat())
    monkeypatch.setattr(codes, "WRONG_TRIES", codes._WrongTries())


@pytest.fixture
def person_and_code(demo_db):
    """Someone with an open pulse in the demo, and a freshly issued code."""
    (employee,) = demo_db.execute(
        "SELECT i.employee_id FROM invitations i JOIN rounds r ON r.id = i.round_id "
        "WHERE i.used = 0 AND r.opens_on <= ? AND r.closes_on >= ? LIMIT 1",
        [DEMO_TODAY.isoformat()] * 2,
    ).fetchone()
    return employee, codes.issue_codes(demo_db, [employee], actor="admin")[employee]


def enter(at, code):
    at.text_input[0].input(code)
    at.button[0].click().run()
    return at


def test_a_code_opens_the_pulse_stores_it_once_and_clears_the_screen(demo_db, person_and_code):
    employee, code = person_and_code
    before = counts(demo_db)
    at = enter(AppTest.from_file(PAGE, default_timeout=30).run(), code)
    assert not at.exception and at.radio  # the pulse form
    at.radio[0].set_value(2)
    send = next(b for b in at.button if b.label.startswith("Send"))
    send.click().run()
    assert "Thank you. Your answers are in." in [s.value for s in at.success]
    responses, answers, comments, used = counts(demo_db)
    assert (responses, used) == (before[0] + 1, before[3] + 1)
    at.button[0].click().run()  # "Done: ready for the next person"
    assert at.text_input and not at.radio
    # The same code now opens nothing: the pulse is answered.
    enter(at, code)
    assert [shown(i.value) for i in at.info] == [codes.NOTHING_TO_ANSWER]


def test_a_wrong_code_changes_nothing_and_says_the_same_as_an_answered_one(demo_db):
    before = counts(demo_db)
    at = enter(AppTest.from_file(PAGE, default_timeout=30).run(), "ZZZZZ-ZZZZZ")
    assert not at.exception and not at.radio
    assert [shown(i.value) for i in at.info] == [codes.NOTHING_TO_ANSWER]
    assert counts(demo_db) == before


def test_the_page_is_offered_signed_out_only(demo_db_path):
    app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60).run()
    app.switch_page("app_pages/kiosk.py").run()
    assert not app.exception and app.title[0].value == "Answer with a personal code"


def test_a_scanned_card_opens_the_pulse_and_the_code_leaves_the_address(demo_db, person_and_code):
    _, code = person_and_code
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.query_params["code"] = code.lower()
    at.run()
    assert not at.exception and at.radio  # straight to the form, no typing
    assert "code" not in at.query_params


def test_a_scanned_unknown_code_says_the_same_as_a_typed_one(demo_db):
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.query_params["code"] = "ZZZZZ-ZZZZZ"
    at.run()
    assert [shown(i.value) for i in at.info] == [codes.NOTHING_TO_ANSWER] and not at.radio


def _answer_with_comment(at):
    at.radio[0].set_value(2)
    at.text_area[0].input("The shared terminal logs us out mid-call.")
    next(b for b in at.button if b.label.startswith("Send")).click().run()


def test_the_reply_code_shows_only_on_request_and_the_screen_clears_itself(
    demo_db, person_and_code
):
    _, code = person_and_code
    at = enter(AppTest.from_file(PAGE, default_timeout=30).run(), code)
    _answer_with_comment(at)
    assert "Thank you. Your answers are in." in [s.value for s in at.success]
    assert not at.code  # hidden until its owner asks
    at.toggle(key="kiosk_show").set_value(True).run()
    assert len(at.code) == 1 and len(at.code[0].value) == 19
    at.session_state["kiosk_done_at"] -= codes.FORGET_AFTER_S + 1  # nobody touched it since
    at.run()
    assert not at.exception and not at.code and at.text_input  # back to the code box
    assert not [k for k in at.session_state if str(k).startswith("kiosk")]
