"""Sessions that survive a reload: a random token in a cookie, only its hash in the database.

A browser holds a 256-bit random token (cookie ``COOKIE_NAME``); the ``sessions`` table holds
its SHA-256, the account, when it began and when it was last used. A copy of the database
therefore cannot be replayed as a cookie. A session ends after ``IDLE_MINUTES`` without use
(idle) or ``SESSION_HOURS`` after sign-in whatever happens (absolute), on sign-out and on a
password change or reset (every session of the account), and when the person leaves.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
from dataclasses import dataclass
from typing import Literal

import sqlite_utils

from org import audit
from storage import write_transaction
from storage.at_rest import checkpoint_and_truncate

IDLE_MINUTES = float(os.environ.get("VITALS_IDLE_MINUTES", "30"))
SESSION_HOURS = float(os.environ.get("VITALS_SESSION_HOURS", "12"))  # absolute expiry
COOKIE_NAME = "vitals_session"
TOKEN_BYTES = 32  # 256 bits
TOUCH_SECONDS = 60  # ``last_seen`` is written at most once a minute, not on every click

Outcome = Literal["ok", "unknown", "idle", "expired", "left"]


def is_expired(last_seen: float | None, now: float, idle_minutes: float = IDLE_MINUTES) -> bool:
    """True when more than ``idle_minutes`` passed since ``last_seen`` (epoch seconds)."""
    return last_seen is None or now - last_seen > idle_minutes * 60


@dataclass(frozen=True)
class SessionCheck:
    """What a token is worth now: ``account_id`` is set only when ``outcome`` is ``ok``."""

    outcome: Outcome
    account_id: int | None = None
    login: str | None = None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def token_hash(token: str) -> str:
    """The only form of a token the server keeps (hex SHA-256)."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_session(
    db: sqlite_utils.Database, account_id: int, now: dt.datetime | None = None
) -> str:
    """Start a session for an account that just signed in; returns the token (shown once).

    Sessions that have run out are purged here, so the table holds live sessions only.
    """
    now = now or _now()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    idle_cut = (now - dt.timedelta(minutes=IDLE_MINUTES)).isoformat()
    life_cut = (now - dt.timedelta(hours=SESSION_HOURS)).isoformat()
    with write_transaction(db):
        db.execute(
            "DELETE FROM sessions WHERE last_seen < ? OR created_at < ?", [idle_cut, life_cut]
        )
        db.execute(
            "INSERT INTO sessions (token_hash, account_id, created_at, last_seen) "
            "VALUES (?, ?, ?, ?)",
            [token_hash(token), account_id, now.isoformat(), now.isoformat()],
        )
    return token


def check_session(
    db: sqlite_utils.Database, hashed: str, now: dt.datetime | None = None
) -> SessionCheck:
    """Whether the session with this token hash is still valid, and whose it is.

    A valid session's ``last_seen`` moves forward (at most once per ``TOUCH_SECONDS``, so a
    busy page does not queue for the write lock on every click). A session past its idle or
    absolute limit, or of a person who has left, is deleted.
    """
    now = now or _now()
    row = db.execute(
        "SELECT s.account_id, s.created_at, s.last_seen, a.login, a.employee_id, e.status "
        "FROM sessions s JOIN accounts a ON a.id = s.account_id "
        "LEFT JOIN employees e ON e.id = a.employee_id WHERE s.token_hash = ?",
        [hashed],
    ).fetchone()
    if row is None:
        return SessionCheck("unknown")
    account_id, created, last_seen, login, employee_id, status = row
    seconds_idle = (now - dt.datetime.fromisoformat(last_seen)).total_seconds()
    outcome: Outcome = "ok"
    if employee_id is not None and status != "active":
        outcome = "left"
    elif now - dt.datetime.fromisoformat(created) > dt.timedelta(hours=SESSION_HOURS):
        outcome = "expired"
    elif seconds_idle > IDLE_MINUTES * 60:
        outcome = "idle"
    if outcome != "ok":
        with write_transaction(db):
            db.execute("DELETE FROM sessions WHERE token_hash = ?", [hashed])
        return SessionCheck(outcome, None, login)
    if seconds_idle >= TOUCH_SECONDS:
        with write_transaction(db):
            db.execute(
                "UPDATE sessions SET last_seen = ? WHERE token_hash = ?", [now.isoformat(), hashed]
            )
        # Out of the WAL at once: left there, the touch that follows a signed-in person's
        # submission (their thank-you page) was the next commit after it, and a copy of the
        # folder paired them with the newest response (red team, redteam/README.md).
        checkpoint_and_truncate(db)
    return SessionCheck("ok", account_id, login)


def resume_session(
    db: sqlite_utils.Database, token: str, now: dt.datetime | None = None
) -> SessionCheck:
    """A new browser tab or a reload presenting a cookie: check it and audit the outcome.

    Audited like the other ways in (``sign_in`` with method ``session``); a session that ran
    out is audited as the sign-out it is (reason ``idle``, ``expired`` or ``left``).
    """
    check = check_session(db, token_hash(token), now)
    if check.login is not None:
        with write_transaction(db):
            if check.outcome == "ok":
                audit.record(db, check.login, "sign_in", {"method": "session"})
            else:
                audit.record(db, check.login, "sign_out", {"reason": check.outcome})
    return check


def end_sessions(db: sqlite_utils.Database, account_id: int) -> None:
    """Sign an account out everywhere (sign-out, password change or reset, leaving)."""
    with write_transaction(db):
        db.execute("DELETE FROM sessions WHERE account_id = ?", [account_id])


def end_employee_sessions(db: sqlite_utils.Database, employee_id: int) -> None:
    """Sign out every browser of a person who has left (their account stops working)."""
    with write_transaction(db):
        db.execute(
            "DELETE FROM sessions WHERE account_id IN "
            "(SELECT id FROM accounts WHERE employee_id = ?)",
            [employee_id],
        )
