"""Open rounds' responses sealed with a key held outside the data folder (storage/seal.py).

A copy of the data folder taken while a round is open must hold no team, band, day, answer or
comment of that round in the clear (issue: "At rest, an open round's responses", formerly
admitted in docs/PRIVACY.md); publishing with the key restores exactly what was sent, and
without it refuses and loses nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from actions.replies import ReplyError, issue_code, open_conversation
from insights.red_flags import red_flag_queue, review
from insights.releases import publish_due
from sentiment.analysis import analyse
from storage import seal as sealing
from storage.seal import SealError
from surveys.answering import submit_as_employee
from surveys.rounds import create_round
from surveys.templates import ensure_builtin_templates
from tests.insights.fixtures import ADMIN
from tests.storage.test_at_rest import copy_folder

MONDAY, WEDNESDAY = dt.date(2026, 11, 23), dt.date(2026, 11, 25)
CLOSED = MONDAY + dt.timedelta(days=5)
BILLING, CODING = 8, 3
ANSWER_TABLES = (
    "responses",
    "answers",
    "comments",
    "comment_scores",
    "comment_sentences",
    "comment_themes",
    "red_flags",
)


@pytest.fixture
def org(db):
    templates = ensure_builtin_templates(db)
    db.execute("UPDATE survey_cadences SET active = 0")
    db["teams"].insert_all(
        [
            {"id": 1, "name": "Revenue Cycle", "parent_id": None},
            {"id": 2, "name": "Billing", "parent_id": 1},
            {"id": 3, "name": "Coding", "parent_id": 1},
        ]
    )
    db["employees"].insert_all(
        [
            {
                "id": i,
                "name": f"Person {i}",
                "email": f"p{i}@x.example",
                "team_id": 2 if i <= BILLING else 3,
                "job_family": "Staff" if i % 2 else "Senior",
                "start_date": "2026-10-01" if i == BILLING + 1 else "2020-01-06",
            }
            for i in range(1, BILLING + CODING + 1)
        ]
    )
    round_id = create_round(
        db, templates["Weekly pulse"], MONDAY, MONDAY + dt.timedelta(days=4), actor="test"
    )
    return db, round_id


def _comment(e: int) -> str:
    return f"Quokka-{e:03d} says the rota on our ward is unfair to {e} of us"


def _send(db, round_id, people):
    sent = {}
    for e in people:
        answers = {"enps": e % 11, "burnout": 1 + e % 5}
        rid = submit_as_employee(db, e, round_id, answers, _comment(e), today=WEDNESDAY)
        sent[rid] = (answers, _comment(e))
    return sent


def _rows(path: Path, sql: str, params=()) -> list:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("people", [[BILLING + 1], [BILLING + 1, BILLING + 2, 1, 2, 3]])
def test_a_copy_taken_while_a_round_is_open_holds_none_of_its_answers_in_the_clear(
    org, isolated_database, tmp_path, people
):
    """The first Coding answer (a team of three, one of them a new starter) used to sit in a
    copy with its team, band and day beside it: one used Coding invitation, one response."""
    db, round_id = org
    _send(db, round_id, people)
    copy = copy_folder(isolated_database, tmp_path / "copy")
    raw = b"".join(p.read_bytes() for p in copy.parent.iterdir())
    for e in people:
        assert _comment(e).encode() not in raw
        assert f"Quokka-{e:03d}".encode() not in raw
    for table in ANSWER_TABLES:
        assert _rows(copy, f"SELECT count(*) FROM {table}") == [(0,)], table
    for table in ("response_counts", "measure_counts"):
        assert _rows(copy, f"SELECT count(*) FROM {table} WHERE round_id = ?", [round_id]) == [
            (0,)
        ], table
    # What is there: who used their link (as before), and one opaque blob per response.
    assert _rows(copy, "SELECT count(*) FROM invitations WHERE used = 1") == [(len(people),)]
    sealed = _rows(copy, "SELECT * FROM sealed_responses")
    assert len(sealed) == len(people)
    assert all(len(row) == 3 and row[1] == round_id for row in sealed)
    for _, _, blob in sealed:
        for clear in (b"Coding", b"Under 1 year", b"3+ years", b"Staff", b"2026-11-25", b"enps"):
            assert clear not in blob
    assert _rows(copy, "SELECT count(*) FROM open_red_flags") == [(0,)]  # nothing flagged


def test_publication_with_the_key_restores_exactly_what_was_sent(org):
    db, round_id = org
    sent = _send(db, round_id, range(1, BILLING + 1))
    code = issue_code(db, next(iter(sent)))
    assert open_conversation(db, code).comment == sent[next(iter(sent))][1]
    assert publish_due(db, CLOSED) == [round_id]
    assert db.execute("SELECT count(*) FROM sealed_responses").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM responses").fetchone()[0] == BILLING
    answers = Counter(db.execute("SELECT question_id, value FROM answers").fetchall())
    assert answers == Counter((q, v) for a, _ in sent.values() for q, v in a.items())
    texts = dict(db.execute("SELECT text, response_id FROM comments").fetchall())
    assert set(texts) == {c for _, c in sent.values()}
    scores = dict(db.execute("SELECT response_id, compound FROM comment_scores").fetchall())
    assert {text: scores[rid] for text, rid in texts.items()} == {
        text: analyse(text).compound for text in texts
    }
    assert not set(texts.values()) & set(sent)  # fresh ids: an open-round copy's ids say nothing
    # The reply code follows its comment to its new id.
    assert open_conversation(db, code).comment == sent[next(iter(sent))][1]
    # The rollups count what the release shows (Billing, shown, with its eight).
    assert (
        db.execute("SELECT sum(n) FROM response_counts WHERE round_id = ?", [round_id]).fetchone()[
            0
        ]
        == BILLING
    )


def test_a_missing_or_wrong_key_refuses_to_publish_and_loses_nothing(
    org, monkeypatch, tmp_path_factory
):
    db, round_id = org
    tmp_path = tmp_path_factory.mktemp("keys")  # outside the data folder
    _send(db, round_id, range(1, BILLING + 1))
    blobs = db.execute("SELECT * FROM sealed_responses ORDER BY id").fetchall()
    key = sealing.key_path()
    monkeypatch.setenv(sealing.KEY_ENV, str(tmp_path / "elsewhere" / "seal.key"))
    with pytest.raises(SealError, match="No sealing key"):
        publish_due(db, CLOSED, strict=True)
    assert publish_due(db, CLOSED) == []  # pages carry on; the round waits
    assert not (tmp_path / "elsewhere" / "seal.key").exists()  # opening never makes a key
    wrong = tmp_path / "wrong.key"
    wrong.write_bytes(os.urandom(32))
    monkeypatch.setenv(sealing.KEY_ENV, str(wrong))
    with pytest.raises(SealError, match="does not open"):
        publish_due(db, CLOSED, strict=True)
    assert db.execute("SELECT * FROM sealed_responses ORDER BY id").fetchall() == blobs
    assert db.execute("SELECT count(*) FROM releases").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM responses").fetchone()[0] == 0
    monkeypatch.setenv(sealing.KEY_ENV, str(key))  # the key is back from its backup
    assert publish_due(db, CLOSED) == [round_id]
    assert db.execute("SELECT count(*) FROM responses").fetchone()[0] == BILLING


def test_a_blob_moved_to_another_row_does_not_open(org):
    db, round_id = org
    first, second = _send(db, round_id, [1, 2])
    (blob,) = db.execute("SELECT blob FROM sealed_responses WHERE id = ?", [first]).fetchone()
    with pytest.raises(SealError):
        sealing.unseal(blob, sealing.response_context(second, round_id))
    assert sealing.unseal(blob, sealing.response_context(first, round_id))["answers"]


def test_the_key_is_made_once_private_and_never_inside_the_data_folder(
    isolated_database, monkeypatch
):
    path = sealing.key_path()
    assert not path.exists()
    blob = sealing.seal({"a": 1})
    assert path.stat().st_mode & 0o777 == 0o600 and len(path.read_bytes()) == 32
    assert sealing.unseal(blob) == {"a": 1}
    sealing.seal({"b": 2})
    assert sealing.unseal(blob) == {"a": 1}  # the same key, not a new one
    monkeypatch.setenv(sealing.KEY_ENV, str(isolated_database.parent / "keys" / "seal.key"))
    with pytest.raises(SealError, match="inside the database's folder"):
        sealing.seal({"a": 1})
    monkeypatch.delenv(sealing.KEY_ENV)
    monkeypatch.setenv("XDG_CONFIG_HOME", "/somewhere/config")
    assert sealing.key_path() == Path("/somewhere/config/vitals/seal.key")


def test_a_flagged_comment_of_an_open_round_is_on_the_queue_at_once_and_keeps_its_review(org):
    db, round_id = org
    text = "My supervisor threatened me in the car park."
    flagged = submit_as_employee(db, BILLING + 1, round_id, {"enps": 2}, text, today=WEDNESDAY)
    _send(db, round_id, range(1, BILLING + 1))
    stored = db.execute("SELECT * FROM open_red_flags").fetchall()
    assert len(stored) == 1
    columns = [c[0] for c in db.execute("SELECT * FROM open_red_flags").description]
    row = dict(zip(columns, stored[0], strict=True))
    assert row["flagged_on"] == WEDNESDAY.isoformat() and row["categories"] == ""
    assert "threat" not in str(row).lower() and "car park" not in str(row)  # sealed
    assert flagged not in {str(v) for v in stored[0]}  # no response id, team or round
    (item,) = red_flag_queue(db, ADMIN)
    assert item.text == text and item.group is None and "threats" in item.categories
    review(db, ADMIN, item.response_id, "Spoke to security.")
    assert red_flag_queue(db, ADMIN) == []
    assert "security" not in str(db.execute("SELECT * FROM open_red_flags").fetchall())
    assert publish_due(db, CLOSED) == [round_id]
    assert db.execute("SELECT count(*) FROM open_red_flags").fetchone()[0] == 0
    (item,) = red_flag_queue(db, ADMIN, include_reviewed=True)
    assert item.text == text and item.reviewed and item.note == "Spoke to security."


def test_a_reply_code_of_a_comment_that_does_not_survive_publication_goes(org):
    """``reply_codes`` no longer references ``comments`` (a code is issued while its comment
    is sealed): publishing deletes the codes whose comment it does not keep (a round fewer
    than k answered keeps no response)."""
    db, round_id = org
    sent = _send(db, round_id, [1, 2])
    code = issue_code(db, next(iter(sent)))
    assert db.execute("SELECT count(*) FROM reply_codes").fetchone()[0] == 1
    assert publish_due(db, CLOSED) == [round_id]
    assert db.execute("SELECT count(*) FROM responses").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM reply_codes").fetchone()[0] == 0
    with pytest.raises(ReplyError):
        open_conversation(db, code)


def test_a_reply_code_survives_publication_under_a_hash_a_copy_of_the_open_round_cannot_match(
    org,
):
    """Red team (redteam/attack_sealed_reply_code_bridge.py): the code's hash, unchanged by
    publication, led from a person named by two open-round copies to their published response.
    Publishing keys it with the seal key; the code still opens the conversation."""
    db, round_id = org
    sent = _send(db, round_id, [1, 2, 3, 4, 5, 6])
    code = issue_code(db, next(iter(sent)))
    (open_hash,) = db.execute("SELECT code_hash FROM reply_codes").fetchone()
    assert publish_due(db, CLOSED) == [round_id]
    (published_hash,) = db.execute("SELECT code_hash FROM reply_codes").fetchone()
    assert published_hash != open_hash
    assert published_hash == sealing.published_code_hash(open_hash, sealing.db_file(db))
    assert open_conversation(db, code).comment in {_comment(e) for e in range(1, 7)}


def test_a_response_without_a_comment_gets_no_reply_code(org):
    db, round_id = org
    rid = submit_as_employee(db, 1, round_id, {"enps": 5}, None, today=WEDNESDAY)
    with pytest.raises(ReplyError):
        issue_code(db, rid)


def test_every_blob_of_a_round_has_the_same_length_whatever_its_comment(org):
    """Red team (redteam/attack_sealed_blob_sizes.py): padded to 256 bytes, a long comment's
    blob (or an emoji's, or a flagged one's) had its own length, which after publication
    pointed at the one published comment of that length; two copies around the submission
    named its author. Every blob now has one length, up to the longest comment."""
    db, round_id = org
    comments = [
        None,
        "Ok.",
        "My supervisor threatened me in the car park.",  # flagged: a flag id in the payload
        "x" * 1000,
        "\U0001f600" * 1000,  # 4 bytes in UTF-8, 12 escaped as JSON ASCII
        '"\\' * 500,  # escaped in JSON: two bytes each
    ]
    for e, comment in enumerate(comments, start=1):
        submit_as_employee(db, e, round_id, {"enps": 10, "burnout": 5}, comment, WEDNESDAY)
    lengths = {n for (n,) in db.execute("SELECT length(blob) FROM sealed_responses")}
    assert len(lengths) == 1, lengths


@pytest.mark.parametrize("loss", ["missing", "wrong"])
def test_a_submission_never_seals_with_another_key_than_the_round_was_sealed_with(
    org, monkeypatch, tmp_path_factory, loss
):
    """Red team (redteam/attack_sealed_key_lost_midround.py): with the key file missing
    mid-round, the next submission made a new key, and the round, its blobs under two keys,
    could never be published, not even once the old key was restored. A submission now
    refuses (its link stays unused) unless the key opens what is sealed already."""
    db, round_id = org
    _send(db, round_id, [1, 2])
    key = sealing.key_path()
    other = tmp_path_factory.mktemp("keys") / "seal.key"
    if loss == "wrong":
        other.write_bytes(os.urandom(32))
    monkeypatch.setenv(sealing.KEY_ENV, str(other))
    with pytest.raises(SealError):
        submit_as_employee(db, 3, round_id, {"enps": 4}, None, today=WEDNESDAY)
    assert (loss == "wrong") == other.exists()  # no new key made
    assert db.execute("SELECT count(*) FROM sealed_responses").fetchone()[0] == 2
    assert db.execute("SELECT used FROM invitations WHERE employee_id = 3").fetchone() == (0,)
    monkeypatch.setenv(sealing.KEY_ENV, str(key))  # restored from its backup
    submit_as_employee(db, 3, round_id, {"enps": 4}, None, today=WEDNESDAY)
    assert publish_due(db, CLOSED, strict=True) == [round_id]
