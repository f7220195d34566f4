"""Answering a pulse: open a personal link, validate answers, store them confidentially.

``submit_with_token`` (personal link) and ``submit_as_employee`` (signed-in "My open pulses")
share one write transaction that validates every value against the round's questions and
scales, marks the invitation used (``UPDATE ... WHERE used = 0`` must change exactly one row:
the exactly-once guarantee when two tabs or a double click race) and stores the response.

While the round is open the response (team and coarse bands recorded on the invitation, day,
answers, comment) is one sealed blob under a random id (``sealed_responses``,
storage/seal.py): nothing of it is in the clear in the data folder. A comment that raises a
red flag is also copied, text and categories only, to ``open_red_flags`` (duty of care).
``publish_sealed``, called when the round is published, opens the blobs and inserts the
rows, which the release then coarsens. Any problem raises before commit, so bad input
stores nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import unicodedata
import uuid
from dataclasses import dataclass

import sqlite_utils

from org.settings import anonymity_threshold
from sentiment.store import score_comment
from storage import write_transaction
from storage.at_rest import after_submission
from storage.seal import (
    check_key_opens_sealed,
    db_file,
    published_code_hash,
    response_context,
    seal,
    seal_flag,
    unseal,
    unseal_flag,
)
from surveys import clock
from surveys.scales import COMMENT_MAX_CHARS, SCALES
from surveys.tokens import INVITATION_BY_HASH, hash_token

log = logging.getLogger(__name__)
MAX_TOKEN_CHARS = 200
_shuffle = random.SystemRandom()


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    construct: str
    scale: str
    required: bool

    @property
    def options(self) -> dict[int, str]:
        """Value -> label a respondent picks from (empty for the comment)."""
        scale = SCALES.get(self.scale)
        return dict(scale.labels) if scale else {}

    @property
    def is_comment(self) -> bool:
        return self.scale == "text"


@dataclass(frozen=True)
class OpenPulse:
    round_id: int
    title: str
    closes_on: dt.date
    questions: tuple[Question, ...]
    team_id: int | None = None  # the team at invitation: its "you said, we did" on thank-you

    @property
    def rated(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if not q.is_comment)

    @property
    def comment(self) -> Question | None:
        return next((q for q in self.questions if q.is_comment), None)


class LinkProblem(Exception):
    """The link or round cannot take an answer; ``message`` is safe to show as it is."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message


class InvalidAnswers(ValueError):
    """Answers that do not fit the round's questions; nothing was stored."""

    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems))
        self.problems = problems


def _problem(kind: str, closes_on: str | None = None, opens_on: str | None = None) -> LinkProblem:
    if kind == "unknown":
        return LinkProblem(
            kind,
            "We could not find this pulse link. It may have been copied only in part: try "
            "opening it again from your invitation. Nothing was stored.",
        )
    if kind == "used":
        return LinkProblem(
            kind,
            "This link has already been used, so your answers for this pulse are in. "
            "Each link works once; nothing more was stored.",
        )
    if kind == "closed":
        day = dt.date.fromisoformat(closes_on or "1970-01-01")
        return LinkProblem(
            kind,
            f"This pulse closed on {day:%A %d %B %Y}. Thank you for wanting to take part; "
            "the next one will reach you soon. Nothing was stored.",
        )
    day = dt.date.fromisoformat(opens_on or "1970-01-01")
    return LinkProblem(kind, f"This pulse opens on {day:%A %d %B %Y}. Please come back then.")


def round_questions(
    db: sqlite_utils.Database, round_id: int, team_id: int | None = None
) -> tuple[Question, ...]:
    """The round's questions, plus (for a pulse) the follow-up items asked of ``team_id`` on
    the round's opening day (``team_questions``, written by actions/), before the comment."""
    rows = db.execute(
        "SELECT q.id, q.text, q.construct, q.scale, rq.required FROM round_questions rq "
        "JOIN questions q ON q.id = rq.question_id WHERE rq.round_id = ? ORDER BY rq.position",
        [round_id],
    )
    questions = [Question(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows]
    extra = [
        Question(r[0], r[1], r[2], r[3], False)
        for r in db.execute(
            "SELECT q.id, q.text, q.construct, q.scale FROM team_questions tq "
            "JOIN questions q ON q.id = tq.question_id "
            "JOIN rounds r ON r.id = ? JOIN templates t ON t.id = r.template_id "
            "WHERE tq.team_id = ? AND t.kind = 'pulse' "
            "AND r.opens_on BETWEEN tq.starts_on AND tq.ends_on ORDER BY tq.starts_on, q.id",
            [round_id, team_id],
        )
    ]
    at = next((i for i, q in enumerate(questions) if q.is_comment), len(questions))
    return tuple(questions[:at] + extra + questions[at:])


def _check_window(opens_on: str, closes_on: str, today: dt.date) -> None:
    if today.isoformat() > closes_on:
        raise _problem("closed", closes_on=closes_on)
    if today.isoformat() < opens_on:
        raise _problem("not_open", opens_on=opens_on)


_INVITATION = (
    "SELECT i.id, i.used, i.employee_id, i.team_id, r.id, r.title, r.opens_on, r.closes_on, "
    "i.tenure_band, i.job_family "
    "FROM invitations i JOIN rounds r ON r.id = i.round_id "
)


def _token_hash(token: object) -> str | None:
    if not isinstance(token, str) or not token.strip() or len(token) > MAX_TOKEN_CHARS:
        return None
    return hash_token(token.strip())


def _find(db: sqlite_utils.Database, where: str, params: list) -> tuple | None:
    return db.execute(_INVITATION + where, params).fetchone()


def _open(row: tuple | None, db: sqlite_utils.Database, today: dt.date) -> OpenPulse:
    if row is None:
        raise _problem("unknown")
    if row[1]:
        raise _problem("used")
    _check_window(row[6], row[7], today)
    return OpenPulse(
        row[4],
        row[5],
        dt.date.fromisoformat(row[7]),
        round_questions(db, row[4], row[3]),
        row[3],
    )


def open_invitation(
    db: sqlite_utils.Database, token: object, today: dt.date | None = None
) -> OpenPulse:
    """The pulse a personal link opens, or ``LinkProblem`` saying why it cannot be answered."""
    token_hash = _token_hash(token)
    row = _find(db, "WHERE " + INVITATION_BY_HASH, [token_hash] * 2) if token_hash else None
    return _open(row, db, today or clock.today())


def open_pulses(
    db: sqlite_utils.Database, employee_id: int, today: dt.date | None = None
) -> list[OpenPulse]:
    """A signed-in person's unanswered invitations in rounds open today, closing soonest first."""
    today = today or clock.today()
    rows = db.execute(
        _INVITATION + "WHERE i.employee_id = ? AND i.used = 0 AND r.opens_on <= ? "
        "AND r.closes_on >= ? ORDER BY r.closes_on, r.id",
        [employee_id, today.isoformat(), today.isoformat()],
    ).fetchall()
    return [_open(row, db, today) for row in rows]


def _without_controls(comment: str) -> str:
    return "".join(
        ch for ch in comment if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")
    ).strip()


def comment_length(comment: object) -> int:
    """The length a comment would be stored with, so a form can say how far over it is."""
    return len(_without_controls(comment)) if isinstance(comment, str) else 0


def comment_within_limit(comment: str) -> str:
    """The first ``COMMENT_MAX_CHARS`` characters, for a person who chose to shorten a paste."""
    return _without_controls(comment)[:COMMENT_MAX_CHARS].rstrip()


def clean_comment(comment: object) -> str | None:
    """The comment as stored: surrounding space and control characters removed, else intact."""
    if comment is None:
        return None
    if not isinstance(comment, str):
        raise InvalidAnswers(["The comment must be text."])
    text = _without_controls(comment)
    if len(text) > COMMENT_MAX_CHARS:
        raise InvalidAnswers(
            [f"The comment is {len(text)} characters long; the limit is {COMMENT_MAX_CHARS}."]
        )
    return text or None


def validate(
    questions: tuple[Question, ...], answers: object, comment: object
) -> tuple[dict[str, int], str | None]:
    """Check every value against the round's questions and scales; returns what to store."""
    if not isinstance(answers, dict):
        raise InvalidAnswers(["Answers must be given per question."])
    by_id = {q.id: q for q in questions}
    problems: list[str] = []
    clean: dict[str, int] = {}
    for qid, value in answers.items():
        question = by_id.get(qid) if isinstance(qid, str) else None
        if question is None or question.is_comment:
            problems.append(f"{qid!r} is not a question of this pulse.")
            continue
        if value is None:
            continue
        if not SCALES[question.scale].is_valid(value):
            problems.append(f"{value!r} is not a valid answer to: {question.text}")
            continue
        clean[qid] = value
    text = None
    comment_question = next((q for q in questions if q.is_comment), None)
    try:
        text = clean_comment(comment)
    except InvalidAnswers as error:
        problems += error.problems
    if text and comment_question is None:
        problems.append("This pulse does not ask for a comment.")
    for question in questions:
        given = bool(text) if question.is_comment else question.id in clean
        if question.required and not given:
            problems.append(f"Please answer: {question.text}")
    if not problems and not clean and not text:
        problems.append("Please answer at least one question before sending.")
    if problems:
        raise InvalidAnswers(problems)
    return clean, text


def _store(
    db: sqlite_utils.Database,
    row: tuple | None,
    answers: object,
    comment: object,
    today: dt.date,
) -> str:
    """Inside the caller's write transaction: check, mark used, insert. Returns the new id."""
    if row is None:
        raise _problem("unknown")
    invitation_id, used, _person, invited_team, round_id = row[:5]
    if used:
        raise _problem("used")
    _check_window(row[6], row[7], today)
    clean, text = validate(round_questions(db, round_id, invited_team), answers, comment)
    marked = db.execute(
        "UPDATE invitations SET used = 1 WHERE id = ? AND used = 0", [invitation_id]
    )
    if marked.rowcount != 1:
        raise _problem("used")
    # Team and bands as the invitation recorded them (frozen at launch), never as of today:
    # the guard decides on the invitation's team, so the figures must count the same people.
    band, family = row[8], row[9]
    response_id = str(uuid.uuid4())
    payload = {
        "team_id": invited_team,
        "tenure_band": band,
        "job_family": family,
        "submitted_on": today.isoformat(),
        "answers": clean,
        "comment": text,
        "flag": _flag_at_once(db, text, today) if text else None,
    }
    # At rest: nothing of an open round's response sits in the clear (storage/seal.py); the
    # rows are inserted, and the comment scored, when the round is published. Never under a
    # second key: a round sealed under two could not be published.
    check_key_opens_sealed(db)
    db.execute(
        "INSERT INTO sealed_responses (id, round_id, blob) VALUES (?, ?, ?)",
        [
            response_id,
            round_id,
            seal(payload, response_context(response_id, round_id), db_file(db)),
        ],
    )
    return response_id


def _flag_at_once(db: sqlite_utils.Database, text: str, today: dt.date) -> str | None:
    """Duty of care: a flagged comment reaches the red-flag queue at once, as text, categories
    and day only (``open_red_flags``); returns the flag's id, kept inside the sealed response."""
    try:
        from sentiment.red_flags import detect_red_flags

        flags = detect_red_flags(text)
    except Exception:  # noqa: BLE001 - the answer matters more; publishing scans it again
        log.exception("Red-flag scan failed; the comment is scanned again when published.")
        return None
    if not flags:
        return None
    flag_id = str(uuid.uuid4())
    fields = {"text": text, "categories": " ".join(flags), "note": ""}
    db.execute(  # text, categories (and later the review note) sealed: see seal.seal_flag
        "INSERT INTO open_red_flags (id, text, categories, flagged_on) VALUES (?, ?, '', ?)",
        [flag_id, seal_flag(flag_id, fields, db_file(db)), today.isoformat()],
    )
    return flag_id


def sealed_comment(db: sqlite_utils.Database, response_id: str) -> str | None:
    """The comment of a sealed (not yet published) response, for its author's reply code;
    None when there is no such response or it has no comment."""
    row = db.execute(
        "SELECT round_id, blob FROM sealed_responses WHERE id = ?", [response_id]
    ).fetchone()
    if row is None:
        return None
    payload = unseal(row[1], response_context(response_id, row[0]), db_file(db))
    return payload.get("comment") or None


def publish_sealed(db: sqlite_utils.Database, round_id: int) -> int:
    """Open a round's sealed responses and store them as rows (inside the caller's write
    transaction, when the round is published); returns how many.

    Every blob is opened first, so a missing or wrong key (``SealError``) changes nothing.
    Rows go in in a random order under fresh ids (a reply code follows its comment; triggers
    keep the rollups), comments are scored, a flag
    raised at submission carries its review over to ``red_flags``, and the blobs are deleted
    (``secure_delete`` zeroes their bytes).
    """
    rows = db.execute(
        "SELECT id, blob FROM sealed_responses WHERE round_id = ?", [round_id]
    ).fetchall()
    if not rows:
        return 0
    opened = [
        (response_id, unseal(blob, response_context(response_id, round_id), db_file(db)))
        for response_id, blob in rows
    ]
    _shuffle.shuffle(opened)
    # A fresh id each: a copy taken while the round was open (the blobs' ids, in the order
    # their cells sat) says nothing about which published response is which.
    renamed = [(str(uuid.uuid4()), old, p) for old, p in opened]
    db.conn.executemany(
        "UPDATE reply_codes SET response_id = ? WHERE response_id = ?",
        [(new, old) for new, old, _ in renamed],
    )
    new_ids = [new for new, _, _ in renamed]
    marks = ",".join("?" * len(new_ids))
    codes = db.execute(
        f"SELECT code_hash FROM reply_codes WHERE response_id IN ({marks})", new_ids
    ).fetchall()
    db.conn.executemany(  # and a hash a copy of the open round cannot match (seal.py)
        "UPDATE reply_codes SET code_hash = ? WHERE code_hash = ?",
        [(published_code_hash(h, db_file(db)), h) for (h,) in codes],
    )
    opened = [(new, p) for new, _, p in renamed]
    for response_id, p in opened:
        db.execute(
            "INSERT INTO responses (id, round_id, team_id, tenure_band, job_family, "
            "submitted_on) VALUES (?, ?, ?, ?, ?, ?)",
            [
                response_id,
                round_id,
                p["team_id"],
                p["tenure_band"],
                p["job_family"],
                p["submitted_on"],
            ],
        )
        db.conn.executemany(
            "INSERT INTO answers (response_id, question_id, value) VALUES (?, ?, ?)",
            [(response_id, qid, value) for qid, value in p["answers"].items()],
        )
        if p.get("comment"):
            db.execute(
                "INSERT INTO comments (response_id, text) VALUES (?, ?)",
                [response_id, p["comment"]],
            )
    for response_id, p in opened:
        if p.get("comment"):
            _score_comment(db, response_id, p["comment"])
            _carry_flag(db, response_id, p.get("flag"))
    db.execute("DELETE FROM sealed_responses WHERE round_id = ?", [round_id])
    return len(opened)


def _carry_flag(db: sqlite_utils.Database, response_id: str, flag_id: str | None) -> None:
    """The queue's item for a comment flagged at submission, now keyed on its response."""
    if not flag_id:
        return
    row = db.execute(
        "SELECT text, reviewed, notified FROM open_red_flags WHERE id = ?", [flag_id]
    ).fetchone()
    if row is None:
        return
    sealed, reviewed, notified = row
    fields = unseal_flag(flag_id, sealed, db_file(db))
    categories, note = fields["categories"], fields["note"]
    db.conn.executemany(
        "INSERT OR IGNORE INTO red_flags (response_id, category) VALUES (?, ?)",
        [(response_id, c) for c in categories.split()],
    )
    if reviewed:
        db.execute("UPDATE red_flags SET reviewed = 1 WHERE response_id = ?", [response_id])
        db.execute(
            "INSERT OR REPLACE INTO red_flag_reviews (response_id, note) VALUES (?, ?)",
            [response_id, note],
        )
    if notified:
        db.execute("INSERT OR IGNORE INTO red_flag_notices (response_id) VALUES (?)", [response_id])
    db.execute("DELETE FROM open_red_flags WHERE id = ?", [flag_id])


def _score_comment(db: sqlite_utils.Database, response_id: str, text: str) -> None:
    """Score the comment in a savepoint of the publishing transaction (sentiment's documented
    way). A scoring failure never loses the response: ``make rescore`` picks it up later."""
    try:
        with write_transaction(db):
            score_comment(db, response_id, text)
    except Exception:  # noqa: BLE001 - the answer matters more than its score
        log.exception("Comment scoring failed; it stays pending for `make rescore`.")


def submit_with_token(
    db: sqlite_utils.Database,
    token: object,
    answers: object,
    comment: object = None,
    today: dt.date | None = None,
) -> str:
    """Store one response for a personal link, exactly once; returns the response id."""
    today = today or clock.today()
    token_hash = _token_hash(token)
    with write_transaction(db):
        row = _find(db, "WHERE " + INVITATION_BY_HASH, [token_hash] * 2) if token_hash else None
        response_id = _store(db, row, answers, comment, today)
    after_submission(db, row[4], today)  # at rest: empty the WAL, mix the round when due
    return response_id


def submit_as_employee(
    db: sqlite_utils.Database,
    employee_id: int,
    round_id: int,
    answers: object,
    comment: object = None,
    today: dt.date | None = None,
) -> str:
    """Store one response for a signed-in person's invitation to ``round_id``, exactly once."""
    today = today or clock.today()
    with write_transaction(db):
        row = _find(db, "WHERE i.employee_id = ? AND i.round_id = ?", [employee_id, round_id])
        response_id = _store(db, row, answers, comment, today)
    after_submission(db, round_id, today)  # at rest: empty the WAL, mix the round when due
    return response_id


def confidentiality_note(db: sqlite_utils.Database) -> tuple[str, str]:
    """(what leaders will see, what they will not), in plain words for the thank-you."""
    n = anonymity_threshold(db)
    will = (
        f"Leaders will see results for groups of at least {n} people, once this pulse has "
        "closed: averages, percentages and trends for their teams, and comments (with names "
        f"masked) only when at least {n} people in the group answered."
    )
    will_not = (
        "Leaders will not see your name, your email, which link was yours, what time you "
        "answered, or any single person's answers. Until the pulse closes your response is "
        "stored sealed (encrypted, with the key kept away from the data); then under a random "
        "number with only the group its results are shown for, never with who you are."
    )
    return will, will_not
