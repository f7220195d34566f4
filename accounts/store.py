"""Accounts: creation, sign-in with lockout, password changes. Every outcome is audited.

Sign-in failures give one message whatever the cause (unknown login, wrong password, locked),
so the form does not reveal which logins exist; the audit log records the precise reason.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

import sqlite_utils

from accounts.passwords import (
    dummy_hash,
    hash_password,
    needs_rehash,
    one_time_password,
    rehash,
    verify_password,
)
from accounts.session import end_sessions
from org import audit
from org.access import Viewer, viewer_for_employee
from storage import write_transaction

MAX_FAILED_ATTEMPTS = int(os.environ.get("VITALS_MAX_FAILED_ATTEMPTS", "5"))
LOCK_MINUTES = int(os.environ.get("VITALS_LOCK_MINUTES", "15"))  # the longest back-off
BACKOFF_BASE_SECONDS = 30
SIGN_IN_FAILED = "Wrong email or password, or the account is locked for a while."


class SignInError(Exception):
    """Sign-in refused; ``str()`` is safe to show, ``reason`` goes to the audit log only."""

    def __init__(self, reason: str):
        super().__init__(SIGN_IN_FAILED)
        self.reason = reason


class AccountError(ValueError):
    """An administration request that cannot be done; the message says why."""


@dataclass(frozen=True)
class Account:
    id: int
    login: str
    employee_id: int | None
    is_admin: bool
    must_change_password: bool


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _account(row: dict) -> Account:
    return Account(
        row["id"],
        row["login"],
        row["employee_id"],
        bool(row["is_admin"]),
        bool(row["must_change_password"]),
    )


def get_account(db: sqlite_utils.Database, account_id: int) -> Account | None:
    rows = list(db.query("SELECT * FROM accounts WHERE id = ?", [account_id]))
    return _account(rows[0]) if rows else None


def find_account(db: sqlite_utils.Database, login: str) -> Account | None:
    rows = list(db.query("SELECT * FROM accounts WHERE login = ?", [login.strip()]))
    return _account(rows[0]) if rows else None


def create_account(
    db: sqlite_utils.Database,
    login: str,
    password: str,
    *,
    employee_id: int | None = None,
    is_admin: bool = False,
    must_change_password: bool = False,
    actor: str = "system",
) -> Account:
    login = login.strip()
    if not login:
        raise AccountError("A login (email) is required.")
    if employee_id is None and not is_admin:
        raise AccountError("An account without an employee must be an administrator.")
    if find_account(db, login) is not None:
        raise AccountError(f"An account for {login} already exists.")
    if (
        employee_id is not None
        and db.execute("SELECT 1 FROM accounts WHERE employee_id = ?", [employee_id]).fetchone()
    ):
        raise AccountError("This employee already has an account.")
    password_hash = hash_password(password)
    with write_transaction(db):
        account_id = (
            db["accounts"]
            .insert(
                {
                    "login": login,
                    "employee_id": employee_id,
                    "password_hash": password_hash,
                    "is_admin": int(is_admin),
                    "must_change_password": int(must_change_password),
                    "created_at": _now().isoformat(),
                }
            )
            .last_pk
        )
        audit.record(db, actor, "account_created", {"login": login, "admin": is_admin})
    account = get_account(db, account_id)
    assert account is not None
    return account


def create_admin(db: sqlite_utils.Database, login: str = "admin") -> str:
    """Create an administrator with a one-time password and return that password (once)."""
    password = one_time_password()
    create_account(db, login, password, is_admin=True, must_change_password=True, actor="cli")
    return password


def backoff_seconds(failures: int) -> int:
    """How long an account waits after ``failures`` wrong passwords in a row.

    The first ``MAX_FAILED_ATTEMPTS - 1`` cost nothing; then the wait doubles from
    ``BACKOFF_BASE_SECONDS`` up to ``LOCK_MINUTES``. A growing wait instead of a fixed lock:
    a guesser gets a handful of tries an hour, while someone who only wants to keep a person
    out has to keep trying for as long as they want them out, which is audited each time.
    """
    if failures < MAX_FAILED_ATTEMPTS:
        return 0
    return min(BACKOFF_BASE_SECONDS * 2 ** (failures - MAX_FAILED_ATTEMPTS), LOCK_MINUTES * 60)


def authenticate(
    db: sqlite_utils.Database, login: str, password: str, now: dt.datetime | None = None
) -> Account:
    """The account for these credentials, or ``SignInError``.

    Unknown logins, accounts waiting out a back-off and wrong passwords all cost one argon2
    verification and one short write, and give one message, so neither the answer nor its
    time tells whether a login exists. Hashing runs before the write lock is taken: a flood
    of attempts uses CPU but never holds up a survey submission for an argon2 run.
    """
    now = now or _now()
    login = login.strip()
    rows = list(db.query("SELECT * FROM accounts WHERE login = ?", [login]))
    row = rows[0] if rows else None
    waiting = row is not None and _backing_off(row, now)
    if row is None or waiting:
        verify_password(dummy_hash(), password)  # the same work as a real check
        verified = False
    else:
        verified = verify_password(row["password_hash"], password)
    new_hash = rehash(password) if verified and needs_rehash(row["password_hash"]) else None
    with write_transaction(db):  # the outcome is recorded (committed) before we raise
        account, reason = _record_attempt(db, login, row, waiting, verified, new_hash, now)
    if account is None:
        raise SignInError(reason)
    return account


def _backing_off(row: dict, now: dt.datetime) -> bool:
    until = row["locked_until"]
    return bool(until) and dt.datetime.fromisoformat(until) > now


def _record_attempt(
    db: sqlite_utils.Database,
    login: str,
    row: dict | None,
    waiting: bool,
    verified: bool,
    new_hash: str | None,
    now: dt.datetime,
) -> tuple[Account | None, str]:
    if row is None:
        audit.record(db, login or "?", "sign_in_failed", {"reason": "unknown login"})
        return None, "unknown login"
    if waiting:
        audit.record(db, row["login"], "sign_in_failed", {"reason": "locked"})
        return None, "locked"
    if not verified:
        # Count from the stored value, not the one read before hashing: attempts that ran
        # side by side must all count.
        current = db.execute(
            "SELECT failed_attempts FROM accounts WHERE id = ?", [row["id"]]
        ).fetchone()
        attempts = (current[0] if current else 0) + 1
        wait = backoff_seconds(attempts)
        until = (now + dt.timedelta(seconds=wait)).isoformat() if wait else None
        db.execute(
            "UPDATE accounts SET failed_attempts = ?, locked_until = ? WHERE id = ?",
            [attempts, until, row["id"]],
        )
        audit.record(db, row["login"], "sign_in_failed", {"reason": "wrong password"})
        if until:
            audit.record(
                db,
                row["login"],
                "account_locked",
                {"until": until, "seconds": wait, "failures": attempts},
            )
        return None, "wrong password"
    updates = {"failed_attempts": 0, "locked_until": None, "last_sign_in": now.isoformat()}
    if new_hash:
        updates["password_hash"] = new_hash
    db["accounts"].update(row["id"], updates)
    audit.record(db, row["login"], "sign_in", {"method": "password"})
    return _account(row), ""


def change_password(db: sqlite_utils.Database, account_id: int, current: str, new: str) -> None:
    """Replace a password after checking the current one (``AccountError``, ``WeakPassword``)."""
    row = db.execute(
        "SELECT login, password_hash FROM accounts WHERE id = ?", [account_id]
    ).fetchone()
    if row is None:
        raise AccountError("Unknown account.")
    if not verify_password(row[1], current):
        raise AccountError("The current password is not right.")
    if new == current:
        raise AccountError("Choose a password different from the current one.")
    new_hash = hash_password(new)
    with write_transaction(db):
        db["accounts"].update(account_id, {"password_hash": new_hash, "must_change_password": 0})
        end_sessions(db, account_id)  # every browser signed in with the old password
        audit.record(db, row[0], "password_changed")


def set_password(
    db: sqlite_utils.Database, account_id: int, new: str, actor: str, *, one_time: bool = True
) -> None:
    """An administrator resets someone's password (they must change it at next sign-in).

    Every session of the account ends: whoever held the old password is signed out.
    """
    new_hash = hash_password(new)
    with write_transaction(db):
        login = db.execute("SELECT login FROM accounts WHERE id = ?", [account_id]).fetchone()
        if login is None:
            raise AccountError("Unknown account.")
        db["accounts"].update(
            account_id,
            {
                "password_hash": new_hash,
                "must_change_password": int(one_time),
                "failed_attempts": 0,
                "locked_until": None,
            },
        )
        end_sessions(db, account_id)
        audit.record(db, actor, "password_reset", {"login": login[0]})


def set_admin(db: sqlite_utils.Database, account_id: int, is_admin: bool, actor: str) -> None:
    with write_transaction(db):
        row = db.execute(
            "SELECT login, employee_id FROM accounts WHERE id = ?", [account_id]
        ).fetchone()
        if row is None:
            raise AccountError("Unknown account.")
        if not is_admin and row[1] is None:
            raise AccountError("An account without an employee must stay an administrator.")
        if not is_admin:
            others = db.execute(
                "SELECT count(*) FROM accounts WHERE is_admin = 1 AND id <> ?", [account_id]
            ).fetchone()[0]
            if others == 0:
                raise AccountError("Keep at least one administrator.")
        db["accounts"].update(account_id, {"is_admin": int(is_admin)})
        audit.record(db, actor, "admin_granted" if is_admin else "admin_revoked", {"login": row[0]})


def unlock(db: sqlite_utils.Database, account_id: int, actor: str) -> None:
    with write_transaction(db):
        db["accounts"].update(account_id, {"failed_attempts": 0, "locked_until": None})
        audit.record(db, actor, "account_unlocked", {"account_id": account_id})


def has_accounts(db: sqlite_utils.Database) -> bool:
    """Whether anyone can sign in yet (a fresh database has no account until ``make admin``)."""
    return db.execute("SELECT 1 FROM accounts LIMIT 1").fetchone() is not None


def list_accounts(db: sqlite_utils.Database) -> list[dict]:
    """Accounts for the administration page (never the hashes)."""
    return list(
        db.query(
            "SELECT a.id, a.login, e.name AS employee, a.is_admin, a.must_change_password, "
            "a.failed_attempts, a.locked_until, a.last_sign_in FROM accounts a "
            "LEFT JOIN employees e ON e.id = a.employee_id ORDER BY a.login"
        )
    )


def viewer_for_account(db: sqlite_utils.Database, account: Account) -> Viewer | None:
    """The ``Viewer`` an account acts as, or None when its employee has left."""
    if account.employee_id is None:
        return Viewer(None, account.login, "admin") if account.is_admin else None
    status = db.execute(
        "SELECT status FROM employees WHERE id = ?", [account.employee_id]
    ).fetchone()
    if status is None or status[0] != "active":
        return None
    return viewer_for_employee(db, account.employee_id, admin=account.is_admin)


def record_sign_out(db: sqlite_utils.Database, login: str, reason: str) -> None:
    with write_transaction(db):
        audit.record(db, login, "sign_out", {"reason": reason})
