"""My open pulses: a signed-in employee answers their unanswered invitations."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import DEMO_TODAY, PROJECT_ROOT
from tests.helpers import sign_in_as
from tests.surveys.helpers import counts, open_pulse_round

PAGE = str(PROJECT_ROOT / "app_pages" / "my_pulses.py")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("VITALS_TODAY", DEMO_TODAY.isoformat())


def unanswered_employee(db):
    return db.execute(
        "SELECT employee_id FROM invitations WHERE round_id = ? AND used = 0 ORDER BY id LIMIT 1",
        [open_pulse_round(db)],
    ).fetchone()[0]


def test_an_employee_answers_their_open_pulse_once(demo_db):
    employee = unanswered_employee(demo_db)
    before = counts(demo_db)
    at = sign_in_as(AppTest.from_file(PAGE, default_timeout=30), employee).run()
    assert not at.exception
    assert at.title[0].value == "My open pulses"
    assert at.subheader[0].value.startswith("Weekly pulse")
    at.radio[1].set_value(10)
    at.button(key=next(b.key for b in at.button if b.label == "Send my answers")).click().run()
    assert not at.exception
    assert any("Thank you" in s.value for s in at.success)
    assert any("no open pulses" in i.value for i in at.info)
    assert counts(demo_db)[0] == before[0] + 1 and counts(demo_db)[3] == before[3] + 1


def test_someone_who_answered_has_nothing_open(demo_db):
    employee = demo_db.execute(
        "SELECT employee_id FROM invitations WHERE round_id = ? AND used = 1 LIMIT 1",
        [open_pulse_round(demo_db)],
    ).fetchone()[0]
    at = sign_in_as(AppTest.from_file(PAGE, default_timeout=30), employee).run()
    assert not at.exception
    assert len(at.radio) == 0
    assert any("no open pulses" in i.value for i in at.info)


def test_signed_out_visitors_are_asked_to_sign_in(demo_db):
    at = AppTest.from_file(PAGE, default_timeout=30).run()
    assert len(at.radio) == 0
    assert any("sign in" in i.value.lower() for i in at.info)
