import datetime as dt

import pytest

from surveys import answering, links, rounds, templates
from surveys.answering import InvalidAnswers, LinkProblem
from surveys.tokens import hash_token
from tests.sealed import sealed_payloads, unseal_now
from tests.surveys.helpers import counts, small_org

MONDAY = dt.date(2026, 11, 23)
FRIDAY = dt.date(2026, 11, 27)
WEDNESDAY = dt.date(2026, 11, 25)


@pytest.fixture
def pulse(db):
    ids = small_org(db)
    round_id = rounds.create_round(db, ids["Weekly pulse"], MONDAY, FRIDAY, actor="t")
    tokens = {
        employee: links.reissue_token(db, invitation)
        for invitation, employee in db.execute(
            "SELECT id, employee_id FROM invitations WHERE round_id = ?", [round_id]
        ).fetchall()
    }
    return round_id, tokens


def submit(db, token, answers, comment=None, today=WEDNESDAY):
    return answering.submit_with_token(db, token, answers, comment, today)


def test_a_response_is_stored_with_team_bands_and_day_but_nothing_personal(db, pulse):
    round_id, tokens = pulse
    response_id = submit(db, tokens[2], {"burnout": 2, "enps": 9}, "  All good  ")
    assert counts(db) == (1, 2, 1, 1)
    # Sealed while the round is open (storage/seal.py): no row until it is published.
    assert db.execute("SELECT count(*) FROM responses").fetchone()[0] == 0
    assert unseal_now(db) == 1
    row = db.execute("SELECT * FROM responses").fetchone()
    columns = [c[0] for c in db.execute("SELECT * FROM responses").description]
    assert columns == ["id", "round_id", "team_id", "tenure_band", "job_family", "submitted_on"]
    assert tuple(row[1:]) == (round_id, 2, "Under 1 year", "Staff", "2026-11-25")
    for uid in (response_id, row[0]):  # the sealed id, and the fresh one given when opened
        assert len(uid) == 36 and uid[14] == "4"  # uuid4
    assert row[0] != response_id
    assert dict(db.execute("SELECT question_id, value FROM answers").fetchall()) == {
        "burnout": 2,
        "enps": 9,
    }
    assert db.execute("SELECT text FROM comments").fetchone()[0] == "All good"
    assert (
        db.execute(
            "SELECT used FROM invitations WHERE employee_id = 2 AND round_id = ?", [round_id]
        ).fetchone()[0]
        == 1
    )
    assert counts(db) == (1, 2, 1, 1)


def test_the_team_and_bands_of_the_invitation_are_stored_not_those_of_the_day(db, pulse):
    """A mover answers under the team they were invited in: the guard decides on invitations,
    so figures must count the same people (a move mid-round must not be subtractable)."""
    _, tokens = pulse
    invited_team = db.execute("SELECT team_id FROM invitations WHERE employee_id = 1").fetchone()[0]
    db.execute("UPDATE employees SET team_id = 3 WHERE id = 1")  # Ann moved after the invite
    submit(db, tokens[1], {"enps": 7})
    unseal_now(db)
    stored = db.execute("SELECT team_id, tenure_band FROM responses").fetchone()
    assert stored == (invited_team, "3+ years") and invited_team != 3


def test_unicode_emoji_and_rtl_text_are_stored_intact(db, pulse):
    _, tokens = pulse
    text = "Thanks 🙏🏽 to the team — שלום עליכם, مرحبا\u200f! Ça va 👩‍⚕️"
    response_id = submit(db, tokens[3], {}, text)
    assert sealed_payloads(db)[response_id]["comment"] == text
    unseal_now(db)
    assert db.execute("SELECT text FROM comments").fetchall() == [(text,)]


def test_the_comment_is_scored_by_sentiment_when_its_round_is_unsealed(db, pulse):
    _, tokens = pulse
    submit(db, tokens[1], {"enps": 10}, "I love my team, they are wonderful.")
    assert db.execute("SELECT count(*) FROM comment_scores").fetchone()[0] == 0
    unseal_now(db)
    label = db.execute("SELECT label FROM comment_scores").fetchone()
    assert label is not None and label[0] == "positive"


@pytest.mark.parametrize(
    "answers, comment, message",
    [
        ({"enps": 11}, None, "not a valid answer"),
        ({"enps": -1}, None, "not a valid answer"),
        ({"burnout": 0}, None, "not a valid answer"),
        ({"eng_stay": 6}, None, "not a valid answer"),
        ({"enps": "9"}, None, "not a valid answer"),
        ({"enps": 9.0}, None, "not a valid answer"),
        ({"enps": True}, None, "not a valid answer"),
        ({"enps": [9]}, None, "not a valid answer"),
        ({"safety_speak": 4}, None, "not a question of this pulse"),
        ({"comment": 3}, None, "not a question of this pulse"),
        ({1: 3}, None, "not a question of this pulse"),
        ([("enps", 9)], None, "per question"),
        ({"enps": 9}, "x" * 1001, "limit is 1000"),
        ({"enps": 9}, 12345, "must be text"),
        ({}, None, "at least one question"),
        ({"enps": None}, "   ", "at least one question"),
    ],
)
def test_bad_answers_are_refused_and_store_nothing(db, pulse, answers, comment, message):
    _, tokens = pulse
    with pytest.raises(InvalidAnswers, match=message):
        submit(db, tokens[1], answers, comment)
    assert counts(db) == (0, 0, 0, 0)
    # The link still works afterwards.
    submit(db, tokens[1], {"enps": 8})
    assert counts(db) == (1, 1, 0, 1)


def test_a_comment_of_exactly_the_limit_is_accepted(db, pulse):
    _, tokens = pulse
    submit(db, tokens[1], {}, "é" * 1000)
    unseal_now(db)
    assert len(db.execute("SELECT text FROM comments").fetchone()[0]) == 1000


def test_required_questions_must_be_answered(db, pulse):
    round_id, tokens = pulse
    db.execute(
        "UPDATE round_questions SET required = 1 WHERE round_id = ? AND question_id = 'burnout'",
        [round_id],
    )
    with pytest.raises(InvalidAnswers, match="Please answer: Over the past few weeks"):
        submit(db, tokens[1], {"enps": 9})
    submit(db, tokens[1], {"enps": 9, "burnout": 1})
    assert counts(db)[0] == 1


def test_a_used_link_stores_nothing_more(db, pulse):
    _, tokens = pulse
    submit(db, tokens[1], {"enps": 9})
    with pytest.raises(LinkProblem) as problem:
        submit(db, tokens[1], {"enps": 3})
    assert problem.value.kind == "used" and "already been used" in problem.value.message
    with pytest.raises(LinkProblem):
        answering.open_invitation(db, tokens[1], WEDNESDAY)
    assert counts(db) == (1, 1, 0, 1)
    assert [p["answers"] for p in sealed_payloads(db).values()] == [{"enps": 9}]


@pytest.mark.parametrize("token", ["not-a-token", "", None, 42, "x" * 5000, "' OR 1=1 --"])
def test_unknown_links_get_a_friendly_message(db, pulse, token):
    with pytest.raises(LinkProblem) as problem:
        answering.open_invitation(db, token, WEDNESDAY)
    assert problem.value.kind == "unknown" and "Nothing was stored" in problem.value.message
    with pytest.raises(LinkProblem):
        submit(db, token, {"enps": 9})
    assert counts(db) == (0, 0, 0, 0)


def test_closed_and_not_yet_open_rounds(db, pulse):
    _, tokens = pulse
    pulse_form = answering.open_invitation(db, tokens[1], WEDNESDAY)
    assert pulse_form.closes_on == FRIDAY and pulse_form.comment.id == "comment"
    # The round closes while the person is answering.
    with pytest.raises(LinkProblem) as problem:
        submit(db, tokens[1], {"enps": 9}, today=dt.date(2026, 11, 28))
    assert problem.value.kind == "closed" and "Friday 27 November 2026" in problem.value.message
    with pytest.raises(LinkProblem) as problem:
        submit(db, tokens[1], {"enps": 9}, today=dt.date(2026, 11, 22))
    assert problem.value.kind == "not_open"
    assert counts(db) == (0, 0, 0, 0)
    submit(db, tokens[1], {"enps": 9}, today=FRIDAY)  # the last day still counts
    assert counts(db)[0] == 1


def test_only_hashes_are_stored_and_every_link_issued_keeps_working_until_one_is_used(db, pulse):
    round_id, tokens = pulse
    stored = db.execute(
        "SELECT id FROM invitations WHERE employee_id = 1 AND round_id = ?", [round_id]
    ).fetchone()
    hashes = {r[0] for r in db.execute("SELECT token_hash FROM invitation_tokens")}
    assert hash_token(tokens[1]) in hashes and not any(tokens[1] in h for h in hashes)
    fresh = links.reissue_token(db, stored[0])
    assert fresh != tokens[1] and len(fresh) >= 32
    # The earlier link still opens the pulse, and so does the new one.
    assert answering.open_invitation(db, tokens[1], WEDNESDAY).round_id == round_id
    assert answering.open_invitation(db, fresh, WEDNESDAY).round_id == round_id
    submit(db, fresh, {"enps": 9})
    # Either link is now used up: the answer is stored once whichever was clicked.
    for token in (tokens[1], fresh):
        with pytest.raises(LinkProblem) as problem:
            submit(db, token, {"enps": 3})
        assert problem.value.kind == "used"
    assert counts(db) == (1, 1, 0, 1)
    with pytest.raises(links.LinkError, match="already used"):
        links.reissue_token(db, stored[0])


def test_links_for_email_reissues_only_unused_open_invitations(db, pulse):
    round_id, tokens = pulse
    found = links.links_for_email(db, "ANN@x.example", WEDNESDAY, "http://host:9/")
    assert [title for title, _ in found] == ["Weekly pulse, 23 Nov 2026"]
    url = found[0][1]
    assert url.startswith("http://host:9/?invite=")
    token = url.split("invite=", 1)[1]
    submit(db, token, {"enps": 9})
    with pytest.raises(links.LinkError, match="already answered"):
        links.links_for_email(db, "ann@x.example", WEDNESDAY)
    with pytest.raises(links.LinkError, match="no invitation"):
        links.links_for_email(db, "bo@x.example", dt.date(2026, 12, 2))
    with pytest.raises(links.LinkError, match="No one"):
        links.links_for_email(db, "nobody@x.example", WEDNESDAY)


def test_links_csv_export_reissues_unused_links_and_is_audited(db, pulse):
    import csv
    import io

    round_id, tokens = pulse
    submit(db, tokens[1], {"enps": 9})
    db.execute("UPDATE employees SET name = '=HYPERLINK(\"x\")' WHERE id = 3")
    text, count = links.export_links_csv(db, round_id, "admin ann", "http://h/")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert count == 3 and len(rows) == 3
    assert sorted(r["email"] for r in rows) == ["bo@x.example", "cy@x.example", "di@x.example"]
    assert any(r["name"] == '\'=HYPERLINK("x")' for r in rows)
    for row in rows:
        token = row["link"].split("invite=", 1)[1]
        assert answering.open_invitation(db, token, WEDNESDAY).round_id == round_id
    # The links emailed before the export still work.
    assert answering.open_invitation(db, tokens[2], WEDNESDAY).round_id == round_id
    audit = db.execute(
        "SELECT actor, detail FROM audit_log WHERE action = 'survey_links_exported'"
    ).fetchone()
    assert audit[0] == "admin ann" and '"links": 3' in audit[1]


def test_signed_in_people_answer_their_open_pulses(db, pulse):
    round_id, _ = pulse
    mine = answering.open_pulses(db, 3, WEDNESDAY)
    assert [p.round_id for p in mine] == [round_id]
    answering.submit_as_employee(db, 3, round_id, {"enps": 6}, None, WEDNESDAY)
    assert answering.open_pulses(db, 3, WEDNESDAY) == []
    with pytest.raises(LinkProblem) as problem:
        answering.submit_as_employee(db, 3, round_id, {"enps": 6}, None, WEDNESDAY)
    assert problem.value.kind == "used"
    with pytest.raises(LinkProblem) as problem:
        answering.submit_as_employee(db, 6, round_id, {"enps": 6}, None, WEDNESDAY)
    assert problem.value.kind == "unknown"  # Flo was not invited
    assert counts(db) == (1, 1, 0, 1)


def test_a_template_without_comment_refuses_a_comment(db):
    ids = small_org(db)
    templates.set_template_questions(db, ids["Exit survey"], [("enps", False)], "t")
    round_id = rounds.create_round(db, ids["Exit survey"], MONDAY, FRIDAY, actor="t")
    invitation = db.execute(
        "SELECT id FROM invitations WHERE round_id = ? LIMIT 1", [round_id]
    ).fetchone()[0]
    token = links.reissue_token(db, invitation)
    with pytest.raises(InvalidAnswers, match="does not ask for a comment"):
        submit(db, token, {"enps": 5}, "hello")
    assert counts(db) == (0, 0, 0, 0)


def test_a_used_link_still_says_used_after_the_round_is_mixed_at_rest(db, pulse):
    from storage.at_rest import mix_round

    round_id, tokens = pulse
    submit(db, tokens[1], {"enps": 9})
    mix_round(db, round_id, seal=True)  # deletes and re-inserts used invitations
    with pytest.raises(LinkProblem) as problem:
        answering.open_invitation(db, tokens[1], WEDNESDAY)
    assert problem.value.kind == "used"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
