"""Personal codes for a shared screen (issue 15): only hashes stored, one reply for a wrong
code and for a code with nothing to answer, a limit on wrong tries, audited as a count."""

import datetime as dt
import json

import pytest

from surveys import codes
from surveys.answering import submit_as_employee
from surveys.rounds import create_round
from surveys.templates import ensure_builtin_templates
from tests.insights.builders import add_people, add_team

MONDAY = dt.date(2026, 11, 23)


@pytest.fixture
def org(db, monkeypatch):
    monkeypatch.setattr(codes, "WRONG_TRIES", codes._WrongTries())
    monkeypatch.setattr(codes.clock, "today", lambda: MONDAY)
    templates = ensure_builtin_templates(db)
    db.execute("UPDATE survey_cadences SET active = 0")
    desk = add_team(db, "Front Desk")
    people = add_people(db, desk, 6)
    round_id = create_round(
        db, templates["Weekly pulse"], MONDAY, MONDAY + dt.timedelta(days=4), actor="t"
    )
    return db, desk, people, round_id


def test_a_code_opens_its_persons_pulse_and_only_its_hash_is_kept(org):
    db, desk, people, round_id = org
    sheet = codes.sheet_csv(codes.issue_team_codes(db, [desk], actor="admin"))
    rows = [line.split(",") for line in sheet.strip().splitlines()[1:]]
    assert len(rows) == 6 and all(len(code) == 19 and code[4::5] == "---" for *_, code in rows)
    code_of = {name: code for name, _, code in rows}
    (name,) = db.execute("SELECT name FROM employees WHERE id = ?", [people[2]]).fetchone()
    person, pulses = codes.pulses_for_code(db, code_of[name].lower())
    assert person == people[2] and [p.round_id for p in pulses] == [round_id]
    stored = {h for (h,) in db.execute("SELECT code_hash FROM personal_codes")}
    assert len(stored) == 6 and not any(
        code.replace("-", "") in h for *_, code in rows for h in stored
    )
    [(detail,)] = db.execute(
        "SELECT detail FROM audit_log WHERE action = 'surveys.codes_issued'"
    ).fetchall()
    assert json.loads(detail) == {"people": 6}  # a count, never the codes


def test_wrong_code_and_nothing_to_answer_get_the_same_reply(org):
    db, desk, people, round_id = org
    code = codes.issue_codes(db, [people[0]], actor="admin")[people[0]]
    submit_as_employee(db, people[0], round_id, {"burnout": 2}, today=MONDAY)
    with pytest.raises(codes.CodeProblem) as answered:
        codes.pulses_for_code(db, code)
    with pytest.raises(codes.CodeProblem) as unknown:
        codes.pulses_for_code(db, "ZZZZZ-ZZZZZ")
    assert str(answered.value) == str(unknown.value) == codes.NOTHING_TO_ANSWER


def test_reissuing_replaces_the_earlier_code_and_leavers_have_none(org):
    db, desk, people, round_id = org
    first = codes.issue_codes(db, [people[1]], actor="admin")[people[1]]
    second = codes.issue_codes(db, [people[1]], actor="admin")[people[1]]
    with pytest.raises(codes.CodeProblem):
        codes.pulses_for_code(db, first)
    assert codes.pulses_for_code(db, second)[0] == people[1]
    db.execute(
        "UPDATE employees SET status = 'left', left_date = '2026-11-20' WHERE id = ?", [people[1]]
    )
    with pytest.raises(codes.CodeProblem):
        codes.pulses_for_code(db, second)


def test_too_many_wrong_codes_a_minute_stop_even_a_right_one(org):
    db, desk, people, round_id = org
    code = codes.issue_codes(db, [people[3]], actor="admin")[people[3]]
    for _ in range(codes.WRONG_TRIES_PER_MINUTE):
        with pytest.raises(codes.CodeProblem, match="Check the code"):
            codes.pulses_for_code(db, "00000-00000")
    with pytest.raises(codes.CodeProblem, match="Too many wrong codes"):
        codes.pulses_for_code(db, code)


@pytest.mark.parametrize(
    ("typed", "stored"), [("ab1cd-efgh2", "AB1CDEFGH2"), (" oil01 ", "01101"), (None, "")]
)
def test_codes_are_read_as_crockford_base32(typed, stored):
    assert codes.normalise(typed) == stored


def test_printable_cards_carry_each_code_and_a_qr_to_the_kiosk_page(org):
    import re

    from surveys.code_cards import CodeCard, cards_html, kiosk_url

    db, desk, _, _ = org
    cards = codes.issue_team_codes(db, [desk], actor="admin")
    cards.append(CodeCard("<script>alert(1)</script>", "Front & Back", "ABCDE-FGHJK"))
    page = cards_html(cards, base="https://vitals.example.org/")
    assert page.count("<svg") == 7 and all(c.code in page for c in cards)
    assert "<script>" not in page and "&lt;script&gt;" in page and "Front &amp; Back" in page
    assert not re.search(r"(src|href)=\"https?:", page)  # nothing fetched from outside
    assert (
        kiosk_url("ABCDE-FGHJK", "https://v.example/") == "https://v.example/kiosk?code=ABCDE-FGHJK"
    )
