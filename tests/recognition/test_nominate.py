"""The nomination rules: each refusal says why and stores nothing."""

import datetime as dt

import pytest

from app_pages.common import DEMO_ADMIN
from recognition import RecognitionError
from recognition.nominations import colleague_choices, nominate
from tests.recognition.small_org import (
    ANN,
    BOB,
    CAT,
    DAN,
    FAY,
    GUS,
    OLD,
    PATIENT_FIRST,
    TEAM_A,
    TEAM_B,
    TEAMWORK,
)

NOON = dt.datetime(2026, 11, 25, 12, 0)
GOOD = "Stayed late to clear the prior-auth backlog before the holiday."


def counts(db):
    return (
        db.execute("SELECT count(*) FROM nominations").fetchone()[0],
        db.execute("SELECT count(*) FROM nomination_values").fetchone()[0],
    )


def test_nomination_stores_message_values_and_teams_of_the_day(bare_org, as_viewer):
    nid = nominate(bare_org, as_viewer(DAN), BOB, [TEAMWORK, PATIENT_FIRST], GOOD, "public", NOON)
    row = bare_org.execute(
        "SELECT nominator_id, nominee_id, message, visibility, created_at, nominator_team_id, "
        "nominee_team_id FROM nominations WHERE id = ?",
        [nid],
    ).fetchone()
    assert row == (DAN, BOB, GOOD, "public", "2026-11-25T12:00:00", TEAM_B, TEAM_A)
    cited = [r[0] for r in bare_org.execute("SELECT value_id FROM nomination_values ORDER BY 1")]
    assert cited == [TEAMWORK, PATIENT_FIRST]
    # Bob moves to team B later: the nomination keeps the team he was in on the day.
    bare_org.execute("UPDATE employees SET team_id = ? WHERE id = ?", [TEAM_B, BOB])
    assert bare_org.execute("SELECT nominee_team_id FROM nominations").fetchone()[0] == TEAM_A


def test_html_and_markdown_are_stored_verbatim(bare_org, as_viewer):
    text = "<script>alert('x')</script> **bold** [link](http://evil.example) <b>thanks</b>"
    nid = nominate(bare_org, as_viewer(ANN), BOB, [TEAMWORK], text, "public", NOON)
    stored = bare_org.execute("SELECT message FROM nominations WHERE id = ?", [nid]).fetchone()
    assert stored[0] == text


@pytest.mark.parametrize(
    ("who", "nominee", "values", "message", "visibility", "expected"),
    [
        (ANN, ANN, [TEAMWORK], GOOD, "public", "cannot nominate yourself"),
        (ANN, FAY, [TEAMWORK], GOOD, "public", "Fay Fox has left"),
        (ANN, 999, [TEAMWORK], GOOD, "public", "no longer on the roster"),
        (ANN, None, [TEAMWORK], GOOD, "public", "Choose the colleague"),
        (ANN, BOB, [TEAMWORK], "", "public", "Write a message"),
        (ANN, BOB, [TEAMWORK], "   \n  ", "public", "Write a message"),
        (ANN, BOB, [TEAMWORK], "x" * 19, "public", "at least 20 characters (it has 19)"),
        (ANN, BOB, [TEAMWORK], "x" * 1001, "public", "1,000 characters (it has 1,001)"),
        (ANN, BOB, [], GOOD, "public", "at least one of our values"),
        (ANN, BOB, [999], GOOD, "public", "not one of our current values"),
        (ANN, BOB, [TEAMWORK, OLD], GOOD, "public", "not one of our current values"),
        (ANN, BOB, [1, 2, 3, 4], GOOD, "public", "Choose up to 3 values"),
        (ANN, BOB, [TEAMWORK], GOOD, "everyone", "public or private"),
        (FAY, BOB, [TEAMWORK], GOOD, "public", "Only current employees"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(
    bare_org, as_viewer, who, nominee, values, message, visibility, expected
):
    with pytest.raises(RecognitionError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        nominate(bare_org, as_viewer(who), nominee, values, message, visibility, NOON)
    assert counts(bare_org) == (0, 0)


def test_the_demo_administrator_is_asked_to_pick_a_person(bare_org):
    with pytest.raises(RecognitionError, match="pick who you are"):
        nominate(bare_org, DEMO_ADMIN, BOB, [TEAMWORK], GOOD, "public", NOON)
    assert counts(bare_org) == (0, 0)


def test_message_length_limits_are_inclusive_and_ignore_surrounding_space(bare_org, as_viewer):
    nominate(bare_org, as_viewer(ANN), BOB, [TEAMWORK], "  " + "y" * 20 + "\n", "public", NOON)
    nominate(bare_org, as_viewer(ANN), CAT, [TEAMWORK], "z" * 1000, "private", NOON)
    stored = [r[0] for r in bare_org.execute("SELECT message FROM nominations ORDER BY id")]
    assert stored == ["y" * 20, "z" * 1000]


def test_same_pair_twice_within_a_day_is_refused(bare_org, as_viewer):
    nominate(bare_org, as_viewer(ANN), BOB, [TEAMWORK], GOOD, "public", NOON)
    almost_a_day = NOON + dt.timedelta(hours=23, minutes=59)
    with pytest.raises(RecognitionError, match="already recognised Bob Baker in the last 24 hours"):
        nominate(bare_org, as_viewer(ANN), BOB, [TEAMWORK], GOOD, "public", almost_a_day)
    assert counts(bare_org) == (1, 1)
    # Other pairs the same day are fine, including the other direction.
    nominate(bare_org, as_viewer(ANN), CAT, [TEAMWORK], GOOD, "public", NOON)
    nominate(bare_org, as_viewer(BOB), ANN, [TEAMWORK], GOOD, "public", NOON)
    nominate(bare_org, as_viewer(ANN), BOB, [TEAMWORK], GOOD, "public", NOON + dt.timedelta(days=1))
    assert counts(bare_org) == (4, 4)


def test_a_failure_half_way_leaves_no_nomination_behind(bare_org, as_viewer):
    bare_org.execute(
        "CREATE TRIGGER refuse_values BEFORE INSERT ON nomination_values "
        "WHEN new.value_id = 2 BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    with pytest.raises(Exception, match="disk full"):
        nominate(bare_org, as_viewer(ANN), BOB, [TEAMWORK, PATIENT_FIRST], GOOD, "public", NOON)
    assert counts(bare_org) == (0, 0)


def test_a_deleted_nominee_takes_their_nominations_and_cannot_be_nominated(org, as_viewer):
    before = org.execute("SELECT count(*) FROM nominations").fetchone()[0]
    org.execute("DELETE FROM employees WHERE id = ?", [BOB])
    after = org.execute("SELECT count(*) FROM nominations").fetchone()[0]
    assert before - after == 3  # 1 and 2 received, 3 written by Bob
    orphans = org.execute(
        "SELECT count(*) FROM nomination_values WHERE nomination_id NOT IN "
        "(SELECT id FROM nominations)"
    ).fetchone()[0]
    assert orphans == 0
    with pytest.raises(RecognitionError, match="no longer on the roster"):
        nominate(org, as_viewer(ANN), BOB, [TEAMWORK], GOOD, "public", NOON)


def test_colleague_picker_excludes_yourself_and_former_employees(bare_org, as_viewer):
    choices = colleague_choices(bare_org, as_viewer(ANN))
    ids = [c["id"] for c in choices]
    assert ANN not in ids and FAY not in ids
    assert GUS in ids and len(ids) == 6
    assert next(c["label"] for c in choices if c["id"] == BOB) == "Bob Baker — Team A"


def test_teams_are_filled_in_when_an_insert_leaves_them_out(bare_org):
    bare_org["nominations"].insert(
        {"nominator_id": DAN, "nominee_id": CAT, "message": GOOD, "created_at": "2026-11-01"}
    )
    row = bare_org.execute("SELECT nominator_team_id, nominee_team_id FROM nominations").fetchone()
    assert row == (TEAM_B, TEAM_A)
