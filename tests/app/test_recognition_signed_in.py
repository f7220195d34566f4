"""Recognition pages with real sign-in (accounts): the nominator is the signed-in person."""

from streamlit.testing.v1 import AppTest

from tests.conftest import PROJECT_ROOT
from tests.helpers import sign_in_as
from tests.recognition.small_org import BOB, CAT, GUS, HAL, TEAMWORK, build_small_org

GOOD = "Walked a new colleague through the payer portal twice, patiently."


def page(name: str) -> AppTest:
    return AppTest.from_file(str(PROJECT_ROOT / "app_pages" / f"{name}.py"), default_timeout=30)


def test_signed_in_employee_nominates_as_themself(db, monkeypatch):
    monkeypatch.delenv("VITALS_DEMO_MODE", raising=False)
    build_small_org(db, nominations=False)
    at = sign_in_as(page("nominate"), CAT).run()
    assert not at.exception
    assert "Cat Cole — Team A" not in at.selectbox(key="nominee").options
    at.selectbox(key="nominee").set_value(BOB)
    at.multiselect(key="nominate_values").set_value([TEAMWORK])
    at.text_area(key="nominate_message").set_value(GOOD)
    next(b for b in at.button if b.label == "Send recognition").click().run()
    assert at.success and not at.error
    assert db.execute("SELECT nominator_id, nominee_id FROM nominations").fetchall() == [(CAT, BOB)]


def test_signed_out_visitors_see_no_recognition(db, monkeypatch):
    monkeypatch.delenv("VITALS_DEMO_MODE", raising=False)
    build_small_org(db)
    at = page("feed").run()
    assert at.info[0].value == "Please sign in to continue."
    assert not [t for t in at.text if "Nomination number" in t.value]


def test_signed_in_leader_sees_private_recognition_of_their_team(db, monkeypatch):
    monkeypatch.delenv("VITALS_DEMO_MODE", raising=False)
    build_small_org(db)
    private = "Nomination number 4 says thank you for the help."
    leader = sign_in_as(page("feed"), HAL).run()  # leads the department above Team A
    assert private in [t.value for t in leader.text]
    colleague = sign_in_as(page("feed"), GUS).run()
    assert private not in [t.value for t in colleague.text]
