"""Personal codes: a way in for staff without a work email or a desk (front desk, call centre
on shared terminals). An administrator prints each person a short code; on the shared
screen's "Answer with a code" page the code opens that person's open pulses, nothing else.

A code is 16 characters of Crockford's base32 (80 bits): too many to guess online (the page
refuses after a handful of wrong tries a minute) and, since only its SHA-256 is stored beside
the person, too many to sweep offline from a copy of the data folder (50 bits fell to one
GPU-day; red team, redteam/README.md). Codes printed before, of 10 characters, still work.
An unknown code and a code with nothing to answer get the same reply, so the page tells nobody whose
code is real.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time

import sqlite_utils

from org import audit
from org.spreadsheet import csv_text
from storage import write_transaction
from surveys import clock
from surveys.answering import OpenPulse, open_pulses
from surveys.code_cards import CodeCard

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32: no I, L, O, U
LENGTH = 16
WRONG_TRIES_PER_MINUTE = 10  # across the whole server: a shared screen is one place
# A thank-you left on a shared screen tells the next person who stood there (and, shown, the
# reply code): the screen clears itself this long after sending (red team, redteam/README.md).
FORGET_AFTER_S = 90
NOTHING_TO_ANSWER = "No pulse to answer with this code right now. Check the code and try again."
SLOW_DOWN = "Too many wrong codes in the last minute. Wait a minute and try again."


class CodeProblem(ValueError):
    """A code that opens nothing (message safe to show)."""


def new_code() -> str:
    """``XXXX-XXXX-XXXX-XXXX``: the dashes only help people read it."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def normalise(code: object) -> str:
    """What a person types, as stored: upper case, no spaces or dashes, look-alikes mapped
    (O -> 0, I and L -> 1), as Crockford's base32 reads them."""
    text = str(code or "").upper().translate(str.maketrans("OIL", "011"))
    return "".join(ch for ch in text if ch not in " -\t")


def hash_code(code: object) -> str:
    return hashlib.sha256(normalise(code).encode("utf-8")).hexdigest()


def issue_codes(db: sqlite_utils.Database, employee_ids: list[int], actor: str) -> dict[int, str]:
    """A new code for each active person given (an earlier code stops working); audited as a
    count, never the codes."""
    active = {
        r[0]
        for r in db.execute(
            f"SELECT id FROM employees WHERE status = 'active' AND id IN "
            f"({','.join('?' * len(employee_ids))})",
            employee_ids,
        )
    } if employee_ids else set()  # fmt: skip
    codes = {employee: new_code() for employee in sorted(active)}
    with write_transaction(db):
        db.conn.executemany(
            "INSERT INTO personal_codes (employee_id, code_hash) VALUES (?, ?) "
            "ON CONFLICT (employee_id) DO UPDATE SET code_hash = excluded.code_hash",
            [(employee, hash_code(code)) for employee, code in codes.items()],
        )
        audit.record(db, actor, "surveys.codes_issued", {"people": len(codes)})
    return codes


class _WrongTries:
    """Wrong codes in the last minute, for the whole server (thread-safe: each Streamlit
    rerun runs in its own thread)."""

    def __init__(self) -> None:
        self._times: list[float] = []
        self._lock = threading.Lock()

    def too_many(self, now: float) -> bool:
        with self._lock:
            self._times = [t for t in self._times if now - t < 60]
            return len(self._times) >= WRONG_TRIES_PER_MINUTE

    def add(self, now: float) -> None:
        with self._lock:
            self._times.append(now)


WRONG_TRIES = _WrongTries()


def pulses_for_code(db: sqlite_utils.Database, code: object) -> tuple[int, list[OpenPulse]]:
    """The person behind ``code`` and their open pulses, or ``CodeProblem``."""
    now = time.monotonic()
    if WRONG_TRIES.too_many(now):
        raise CodeProblem(SLOW_DOWN)
    row = db.execute(
        "SELECT c.employee_id FROM personal_codes c JOIN employees e ON e.id = c.employee_id "
        "WHERE c.code_hash = ? AND e.status = 'active'",
        [hash_code(code)],
    ).fetchone()
    pulses = open_pulses(db, row[0], clock.today()) if row else []
    if not pulses:
        if row is None:
            WRONG_TRIES.add(now)
        raise CodeProblem(NOTHING_TO_ANSWER)
    return row[0], pulses


def sheet_csv(cards: list[CodeCard]) -> str:
    """The codes as a spreadsheet-safe CSV (name, team, code)."""
    return csv_text(["name", "team", "code"], [(c.name, c.team, c.code) for c in cards])


def issue_team_codes(db: sqlite_utils.Database, team_ids: list[int], actor: str) -> list[CodeCard]:
    """New codes for every active member of the teams, by team and name (for the CSV and the
    printable cards). Earlier codes of these people stop working."""
    if not team_ids:
        return []
    members = db.execute(
        f"SELECT e.id, e.name, t.name FROM employees e JOIN teams t ON t.id = e.team_id "
        f"WHERE e.status = 'active' AND e.team_id IN ({','.join('?' * len(team_ids))}) "
        "ORDER BY t.name, e.name",
        team_ids,
    ).fetchall()
    codes = issue_codes(db, [m[0] for m in members], actor)
    return [CodeCard(name, team, codes[e]) for e, name, team in members]
