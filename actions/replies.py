"""Anonymous replies to comments: a leader answers a released comment, and only its author,
holding the reply code the thank-you page showed once, can read the answer and write back.

Nothing joins a conversation to a person. The code is random (80 bits), shown once and stored
only as a hash beside the comment it opens; storing a code or an author's answer empties the WAL
at once (``storage.at_rest``), since the commit right after it in the WAL is often the author's
own (a signed-in session's ``last_seen``); reading a conversation records nothing, so a
leader cannot learn whether, when or by whom a reply was read. A leader can reply only where
the Comments page shows the comment (``insights.comments.readable_comment``), and every
leader reply, or refused attempt, is audited. A release that deletes a comment deletes its
code and conversation with it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import sqlite3
from dataclasses import dataclass, replace

import sqlite_utils

from insights.comments import masked, readable_comment
from org import audit
from org.access import Viewer
from storage import write_transaction
from storage.at_rest import checkpoint_and_truncate, shuffle_rows
from storage.seal import SealError, db_file, published_code_hash
from surveys import clock
from surveys.answering import InvalidAnswers, clean_comment, sealed_comment

# Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Of four characters: 80 bits, beyond guessing through a web page and beyond sweeping a copy's
# hashes offline (60 bits was about 1.7 GPU-years; red team, redteam/README.md).
CODE_GROUPS = 4
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
NO_CONVERSATION = (
    "No conversation matches this code. Check it character by character; a code stops working "
    "when its pulse closed with too few answers for comments to be shown."
)


class ReplyError(ValueError):
    """A reply that cannot be stored or a code that opens nothing (message safe to show)."""


@dataclass(frozen=True)
class Message:
    from_author: bool
    leader: str | None  # who replied; None for the comment's (anonymous) author
    body: str
    posted_on: dt.date


@dataclass(frozen=True)
class Conversation:
    comment: str  # as the author wrote it (only the author opens this)
    messages: tuple[Message, ...]

    @property
    def author_may_answer(self) -> bool:
        return _author_may_answer(self.messages)


def _author_may_answer(messages) -> bool:
    """The author answers a leader's message, once each: a thread, not a second inbox."""
    return bool(messages) and not messages[-1].from_author


def new_code() -> str:
    """A fresh code, grouped for reading: ``K7QM-3XPD-9RWA-M2TB``."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(4 * CODE_GROUPS))
    return "-".join(chars[i : i + 4] for i in range(0, len(chars), 4))


def _code_hash(code: object) -> str | None:
    if not isinstance(code, str):
        return None
    plain = re.sub(r"[^0-9A-Z]", "", code.upper().translate(_LOOKALIKES))
    if len(plain) != 4 * CODE_GROUPS or any(ch not in CODE_ALPHABET for ch in plain):
        return None
    return hashlib.sha256(plain.encode("ascii")).hexdigest()


def issue_code(db: sqlite_utils.Database, response_id: str) -> str:
    """A reply code for the comment just given with ``response_id``; the caller shows it once.

    Raises ReplyError when none can be made: the response is stored already, and a missing
    code must never look like a lost answer."""
    code = new_code()
    try:
        with write_transaction(db):
            if not db.execute(
                "SELECT 1 FROM comments WHERE response_id = ?", [response_id]
            ).fetchone() and not sealed_comment(db, response_id):
                raise ReplyError("There is no comment to reply to.")
            db.execute(
                "INSERT INTO reply_codes (code_hash, response_id) VALUES (?, ?)",
                [_code_hash(code), response_id],
            )
    except (sqlite3.Error, SealError) as error:
        raise ReplyError("No reply code could be made this time.") from error
    checkpoint_and_truncate(db)  # at rest: the next commit may be the author's session
    return code


def _body(text: object) -> str:
    try:
        body = clean_comment(text)  # the comment's own rules: control characters, length
    except InvalidAnswers as error:
        raise ReplyError(" ".join(error.problems).replace("comment", "reply")) from None
    if not body:
        raise ReplyError("Write a reply before sending.")
    return body


def _messages(db: sqlite_utils.Database, response_ids: list[str]) -> dict[str, list[Message]]:
    out: dict[str, list[Message]] = {r: [] for r in response_ids}
    if not response_ids:
        return out
    marks = ",".join("?" * len(response_ids))
    for response_id, from_author, leader, body, posted_on in db.execute(
        "SELECT response_id, from_author, leader, body, posted_on FROM comment_replies "
        f"WHERE response_id IN ({marks}) ORDER BY id",
        response_ids,
    ):
        out[response_id].append(
            Message(bool(from_author), leader, body, dt.date.fromisoformat(posted_on))
        )
    return out


def _find(db: sqlite_utils.Database, code: object) -> str:
    """The comment a code opens: its plain hash while the round is sealed (or was never
    sealed), its keyed hash once a sealed round is published (``seal.published_code_hash``)."""
    digest = _code_hash(code)
    if digest is None:
        raise ReplyError(NO_CONVERSATION)
    keyed = digest
    try:
        keyed = published_code_hash(digest, db_file(db))
    except SealError:
        pass  # no key: only codes of rounds never sealed can be found
    row = db.execute(
        "SELECT response_id FROM reply_codes WHERE code_hash IN (?, ?)", [digest, keyed]
    ).fetchone()
    if not row:
        raise ReplyError(NO_CONVERSATION)
    return row[0]


def open_conversation(db: sqlite_utils.Database, code: object) -> Conversation:
    """The comment and its replies, for whoever holds the code. Reading records nothing."""
    response_id = _find(db, code)
    row = db.execute("SELECT text FROM comments WHERE response_id = ?", [response_id]).fetchone()
    text = row[0] if row else _still_sealed(db, response_id)
    return Conversation(text, tuple(_messages(db, [response_id])[response_id]))


def _still_sealed(db: sqlite_utils.Database, response_id: str) -> str:
    """The comment of a round not yet published (sealed: no leader can have replied yet)."""
    try:
        text = sealed_comment(db, response_id)
    except SealError:
        text = None
    if not text:
        raise ReplyError(NO_CONVERSATION)
    return text


def note_blocked_lookups(db: sqlite_utils.Database) -> None:
    """Audit a session that ran out of tries (no code, no person: there is neither to name)."""
    with write_transaction(db):
        audit.record(db, "anonymous", "reply_code_attempts_blocked", {})


def answer_as_author(
    db: sqlite_utils.Database, code: object, text: object, today: dt.date | None = None
) -> None:
    """The author's answer to the latest leader message, stored with no name and no time."""
    body = _body(text)
    today = today or clock.today()
    with write_transaction(db):
        response_id = _find(db, code)
        if not _author_may_answer(_messages(db, [response_id])[response_id]):
            raise ReplyError("You can answer once a leader has replied to your last message.")
        # The id right after the leader message it answers (leaders' ids are even), never the
        # next of the audited sequence; and no cell order in the file: nothing dates it.
        (answered,) = db.execute(
            "SELECT max(id) FROM comment_replies WHERE response_id = ?", [response_id]
        ).fetchone()
        db.execute(
            "INSERT INTO comment_replies (id, response_id, from_author, leader, body, posted_on) "
            "VALUES (CASE WHEN ?1 % 2 = 0 THEN ?1 + 1 "
            " ELSE (SELECT max(id) + 1 FROM comment_replies) END, ?2, 1, NULL, ?3, ?4)",
            [answered, response_id, body, today.isoformat()],
        )
        shuffle_rows(db, "comment_replies")
    checkpoint_and_truncate(db)  # as after a submission: no WAL frame beside the next writer


def reply_as_leader(
    db: sqlite_utils.Database,
    viewer: Viewer,
    response_id: str,
    text: object,
    today: dt.date | None = None,
) -> None:
    """A leader's reply to a comment the Comments page shows them; audited."""
    body = _body(text)
    today = today or clock.today()
    if not viewer.is_leader or not readable_comment(db, viewer, response_id):
        with write_transaction(db):
            audit.record(db, viewer.name, "comment_reply_refused", {})
        raise ReplyError("No such comment among those you can read.")
    with write_transaction(db):
        cursor = db.execute(  # even ids: an author's answer takes the odd one after
            "INSERT INTO comment_replies (id, response_id, from_author, leader, body, posted_on) "
            "VALUES ((SELECT (coalesce(max(id), 0) / 2 + 1) * 2 FROM comment_replies), "
            "?, 0, ?, ?, ?)",
            [response_id, viewer.name, body, today.isoformat()],
        )
        audit.record(db, viewer.name, "comment_reply_posted", {"reply": cursor.lastrowid})


def threads(
    db: sqlite_utils.Database, response_ids: list[str], today: dt.date | None = None
) -> dict[str, list[Message]]:
    """Replies under comments a leader already reads (the Comments page's own ids), with the
    author's messages masked as the comments are, each from the day after it was written: shown
    at once, a page kept open dated it to the minute, and the sign-ins of that minute in the
    audit log named the author. Leaders learn only the day, which is all that is stored."""
    today = today or clock.today()
    found = {
        response_id: [m for m in messages if not m.from_author or m.posted_on < today]
        for response_id, messages in _messages(db, list(response_ids)).items()
    }
    authors = [m for messages in found.values() for m in messages if m.from_author]
    if not authors:
        return found
    mask = dict(zip([id(m) for m in authors], masked(db, [m.body for m in authors]), strict=True))
    return {
        response_id: [replace(m, body=mask[id(m)]) if m.from_author else m for m in messages]
        for response_id, messages in found.items()
    }
