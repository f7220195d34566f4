"""Anonymous replies: a leader answers a released comment; only the code's holder reads it."""

import datetime as dt
import json
import re

import pytest

from actions import replies
from actions.replies import NO_CONVERSATION, ReplyError
from insights.comments import readable_comment
from tests.actions.conftest import ADMIN
from tests.insights.builders import add_round, answer

DAY = dt.date(2026, 11, 20)
VALUES = {"burnout": 3, "enps": 8, "eng_pride": 4}


@pytest.fixture
def thread(db, org):
    """A closed weekly round Billing's six answered, one of them with a comment and its code."""
    week = add_round(db, 0)
    people = org.people[org.team]
    comment_id = answer(db, week, people[1], VALUES, comment="The portal logs us out hourly.")
    for person in people[2:]:
        answer(db, week, person, VALUES)
    return comment_id, replies.issue_code(db, comment_id)


def audit_actions(db):
    return [r[0] for r in db.execute("SELECT action FROM audit_log ORDER BY id")]


def test_a_code_is_twelve_unambiguous_characters_and_only_its_hash_is_stored(db, thread):
    comment_id, code = thread
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}", code)
    ((stored_hash, stored_id),) = db.execute("SELECT code_hash, response_id FROM reply_codes")
    assert stored_id == comment_id and code not in stored_hash
    assert code.replace("-", "") not in "".join(db.iterdump())
    columns = [r[1] for r in db.execute("PRAGMA table_info(reply_codes)")]
    assert columns == ["code_hash", "response_id"]  # no person, no time


def test_the_code_opens_the_comment_however_it_is_typed(db, thread):
    _, code = thread
    sloppy = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    conversation = replies.open_conversation(db, f"  {sloppy} ")
    assert conversation.comment == "The portal logs us out hourly."
    assert conversation.messages == () and not conversation.author_may_answer


@pytest.mark.parametrize("guess", ["", "ABCD-EFGH-JKMN", "short", None, 12345, "ÄBCD-EFGH-JKMN"])
def test_a_wrong_code_opens_nothing_and_says_so(db, thread, guess):
    with pytest.raises(ReplyError) as error:
        replies.open_conversation(db, guess)
    assert str(error.value) == NO_CONVERSATION


def test_a_leader_replies_the_author_reads_and_answers_once(db, org, thread):
    comment_id, code = thread
    replies.reply_as_leader(db, org.leader, comment_id, "Fixed from Monday: 8-hour sessions.", DAY)
    conversation = replies.open_conversation(db, code)
    (message,) = conversation.messages
    assert (message.from_author, message.leader, message.posted_on) == (False, org.leader.name, DAY)
    assert conversation.author_may_answer
    replies.answer_as_author(db, code, "Thank you, that helps.", DAY)
    with pytest.raises(ReplyError, match="once a leader has replied"):
        replies.answer_as_author(db, code, "And another thing", DAY)
    rows = list(db.execute("SELECT from_author, leader, body FROM comment_replies ORDER BY id"))
    assert rows == [
        (0, org.leader.name, "Fixed from Monday: 8-hour sessions."),
        (1, None, "Thank you, that helps."),
    ]
    assert audit_actions(db) == ["comment_reply_posted"]  # the author's answer names nobody


def test_a_leader_sees_the_authors_answer_with_names_masked(db, org, thread):
    comment_id, code = thread
    replies.reply_as_leader(db, org.leader, comment_id, "Who logs you out?", DAY)
    name = db.execute("SELECT name FROM employees WHERE id = ?", [org.people[org.team][4]])
    replies.answer_as_author(db, code, f"Ask {name.fetchone()[0]}, she saw it too.", DAY)
    messages = replies.threads(db, [comment_id])[comment_id]
    assert messages[1].from_author and "she saw it too" in messages[1].body
    assert "Person" not in messages[1].body


def test_a_leader_of_another_team_cannot_reply_and_the_attempt_is_audited(db, org, thread):
    comment_id, _ = thread
    assert readable_comment(db, org.leader, comment_id)
    assert not readable_comment(db, org.other_leader, comment_id)
    with pytest.raises(ReplyError, match="among those you can read"):
        replies.reply_as_leader(db, org.other_leader, comment_id, "Hello", DAY)
    with pytest.raises(ReplyError):
        replies.reply_as_leader(db, org.employee, comment_id, "Hello", DAY)
    assert db["comment_replies"].count == 0
    assert audit_actions(db) == ["comment_reply_refused", "comment_reply_refused"]


def test_an_administrator_may_reply_anywhere_a_comment_is_released(db, org, thread):
    comment_id, _ = thread
    replies.reply_as_leader(db, ADMIN, comment_id, "Thanks for raising it.", DAY)
    assert db["comment_replies"].count == 1


@pytest.mark.parametrize("text", ["", "   ", None, "x" * 1001])
def test_an_empty_or_overlong_reply_is_refused_and_nothing_is_stored(db, org, thread, text):
    comment_id, code = thread
    with pytest.raises(ReplyError, match="reply"):
        replies.reply_as_leader(db, org.leader, comment_id, text, DAY)
    assert db["comment_replies"].count == 0 and audit_actions(db) == []


def test_a_comment_in_a_round_still_open_cannot_be_replied_to(db, org):
    week = add_round(db, 11)  # opens 2026-11-23, closes 2026-11-27: open on the 25th
    people = org.people[org.team]
    comment_id = answer(db, week, people[1], VALUES, comment="Too many calls.")
    for person in people[2:]:
        answer(db, week, person, VALUES)
    with pytest.raises(ReplyError):
        replies.reply_as_leader(db, org.leader, comment_id, "Noted", DAY)


def test_a_comment_the_release_removes_takes_its_code_and_conversation_with_it(db, org):
    week = add_round(db, 0)
    tiny = org.people[org.tiny]
    comment_id = answer(db, week, tiny[0], VALUES, comment="Only three of us here.")
    answer(db, week, tiny[1], VALUES)
    code = replies.issue_code(db, comment_id)
    assert not readable_comment(db, ADMIN, comment_id)  # publishing drops the small round
    assert db["reply_codes"].count == 0
    with pytest.raises(ReplyError, match="too few answers"):
        replies.open_conversation(db, code)


def test_no_code_is_issued_without_a_comment(db, org):
    week = add_round(db, 0)
    response_id = answer(db, week, org.people[org.team][1], VALUES)
    with pytest.raises(ReplyError):
        replies.issue_code(db, response_id)
    assert db["reply_codes"].count == 0


def test_a_reply_code_and_an_authors_answer_leave_no_wal_behind(db, org, thread, isolated_database):
    """Red team: a code (issued after the submission's checkpoint) and an author's answer sat
    in the WAL, and the signed-in author's next page load touched their session in the very
    next commit: a copy of the data folder paired the comment, and its response, with them
    (redteam/attack_reply_wal_session_pairs.py)."""
    comment_id, code = thread
    wal = isolated_database.with_name(isolated_database.name + "-wal")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    other = answer(db, add_round(db, 1), org.people[org.team][2], VALUES, comment="Too hot.")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    replies.issue_code(db, other)
    assert wal.stat().st_size == 0
    replies.reply_as_leader(db, org.leader, comment_id, "What would help?", DAY)
    replies.answer_as_author(db, code, "Longer sessions.", DAY)
    assert wal.stat().st_size == 0


def test_leaders_read_an_authors_answer_from_the_next_day_only(db, org, thread):
    """Red team: the answer showed under the card as soon as it was stored, so a leader or
    administrator polling the Comments page dated it to the minute and the audit log's sign-ins
    of that minute named the author (redteam/attack_reply_answer_timing_audit.py)."""
    comment_id, code = thread
    replies.reply_as_leader(db, org.leader, comment_id, "Who logs you out?", DAY)
    replies.answer_as_author(db, code, "The portal, every hour.", DAY)
    same_day = replies.threads(db, [comment_id], today=DAY)[comment_id]
    assert [m.from_author for m in same_day] == [False]
    next_day = replies.threads(db, [comment_id], today=DAY + dt.timedelta(days=1))[comment_id]
    assert [m.from_author for m in next_day] == [False, True]
    assert replies.open_conversation(db, code).messages[-1].from_author  # the author sees it


def test_an_authors_answer_leaves_no_gap_in_the_audited_ids_and_no_order_in_the_file(
    db, org, thread, isolated_database, monkeypatch
):
    """Red team: an author's answer took the next id of the leaders' sequence, so the Audit
    log's reply ids had a gap between the two leader replies around it (dated to the second),
    and its cell sat in the file in the order it was written
    (redteam/attack_reply_id_gaps_audit.py)."""
    import random

    from storage import at_rest
    from tests.storage.test_at_rest import cells, leaf_pages, roots, varint

    # A fixed shuffle: a random one leaves the five rows in write order once in 120 runs.
    monkeypatch.setattr(at_rest, "_random", random.Random(7))
    comment_id, code = thread
    week = add_round(db, 1)
    others = [
        answer(db, week, p, VALUES, comment=f"Comment {p}.") for p in org.people[org.team][1:]
    ]
    for n in range(6):
        replies.reply_as_leader(db, org.leader, others[n % len(others)], f"Thanks {n}", DAY)
        if n == 2:
            replies.reply_as_leader(db, org.leader, comment_id, "What would help?", DAY)
            replies.answer_as_author(db, code, "Longer sessions.", DAY)
    audited = [
        json.loads(r[0])["reply"]
        for r in db.execute("SELECT detail FROM audit_log WHERE action = 'comment_reply_posted'")
    ]
    assert [b - a for a, b in zip(audited, audited[1:], strict=False)] == [2] * 6
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = isolated_database.read_bytes()
    page_size = int.from_bytes(data[16:18], "big")
    written = []  # rowids, in the order their cells were written (lowest offset = latest)
    for _, page in leaf_pages(data, page_size, roots(isolated_database)["comment_replies"]):
        found = sorted(cells(page)[1], reverse=True)
        written += [varint(page, varint(page, o)[1])[0] for o in found]
    assert len(written) == 8 and written != sorted(written)
