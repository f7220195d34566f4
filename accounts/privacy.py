"""Privacy requests: erase a former employee's identified data.

Erased: the employee row, their account, nominations they made or received (with their value
links, shortlist entries and awards) and their leadership rows. Kept: anonymous survey
responses, which hold no link to the person; their invitations keep team and ``used`` but lose
the employee (``ON DELETE SET NULL``), so participation figures stay right. Audit entries by or
about them stay, with their email, login and name replaced: the log still shows what was done
and that an erasure happened, not by or to whom.
"""

from __future__ import annotations

import json
import re
import secrets

import sqlite_utils

from org import audit
from storage import checkpoint_and_truncate, write_transaction


class PrivacyError(ValueError):
    """A privacy request that cannot be carried out; nothing was changed."""


def erasure_preview(db: sqlite_utils.Database, employee_id: int) -> dict[str, int]:
    """What erasing this person would delete, counted."""
    one = lambda sql: db.execute(sql, [employee_id] * sql.count("?")).fetchone()[0]  # noqa: E731
    return {
        "employee": one("SELECT count(*) FROM employees WHERE id = ?"),
        "account": one("SELECT count(*) FROM accounts WHERE employee_id = ?"),
        "nominations_made": one("SELECT count(*) FROM nominations WHERE nominator_id = ?"),
        "nominations_received": one("SELECT count(*) FROM nominations WHERE nominee_id = ?"),
        "leader_roles": one("SELECT count(*) FROM team_leaders WHERE employee_id = ?"),
        "invitations_unlinked": one("SELECT count(*) FROM invitations WHERE employee_id = ?"),
    }


def erase_former_employee(
    db: sqlite_utils.Database, employee_id: int, actor: str
) -> dict[str, int]:
    """Erase a person who has left; returns what was deleted (see ``erasure_preview``)."""
    with write_transaction(db):
        row = db.execute("SELECT status FROM employees WHERE id = ?", [employee_id]).fetchone()
        if row is None:
            raise PrivacyError("Unknown employee.")
        if row[0] != "left":
            raise PrivacyError("Mark the person as left before erasing their data.")
        deleted = erasure_preview(db, employee_id)
        deleted["audit_entries_redacted"] = _redact_audit(db, employee_id)
        db.execute("DELETE FROM accounts WHERE employee_id = ?", [employee_id])
        db.execute(
            "DELETE FROM nominations WHERE nominator_id = ? OR nominee_id = ?",
            [employee_id, employee_id],
        )
        # The guard compares rounds by who answered; a stable random stand-in keeps an erased
        # person one person across rounds, linked to no name.
        stand_in = -1 - secrets.randbelow(2**53)
        db.execute(
            "UPDATE invitations SET erased_key = ? WHERE employee_id = ?", [stand_in, employee_id]
        )
        db.execute("DELETE FROM employees WHERE id = ?", [employee_id])
        # The audit entry names no one: the point is to forget them.
        audit.record(db, actor, "privacy_erasure", {"employee_id": employee_id, **deleted})
    # Old versions of the rewritten pages must not linger in the WAL (secure_delete already
    # zeroes the freed bytes in the database file).
    checkpoint_and_truncate(db)
    return deleted


ERASED = "(erased person)"


def _redact_audit(db: sqlite_utils.Database, employee_id: int) -> int:
    """Replace the person's email, login and name in audit entries; returns how many changed.

    The entries stay (what was done, when, how often) but no longer say by or about whom.
    Their name is only matched as a whole actor or value, and only when nobody else on the
    roster has the same name, so a namesake's entries are left alone.
    """
    person = db.execute("SELECT name, email FROM employees WHERE id = ?", [employee_id]).fetchone()
    logins = [
        r[0] for r in db.execute("SELECT login FROM accounts WHERE employee_id = ?", [employee_id])
    ]
    exact = {value.casefold() for value in [person[1], *logins] if value}
    namesakes = db.execute(
        "SELECT count(*) FROM employees WHERE name = ? AND id <> ?", [person[0], employee_id]
    ).fetchone()[0]
    if person[0] and not namesakes:
        exact.add(person[0].casefold())
    patterns = [
        re.compile(re.escape(value), re.IGNORECASE) for value in [person[1], *logins] if value
    ]

    def clean(value: object) -> object:
        if isinstance(value, str):
            if value.casefold() in exact:
                return ERASED
            for pattern in patterns:
                value = pattern.sub(ERASED, value)
            return value
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        return value

    changed = 0
    for entry_id, actor, detail in db.execute("SELECT id, actor, detail FROM audit_log").fetchall():
        try:
            parsed = json.loads(detail) if detail else detail
        except json.JSONDecodeError:
            parsed = detail
        new_actor, new_parsed = clean(actor), clean(parsed)
        if new_actor == actor and new_parsed == parsed:
            continue
        new_detail = (
            new_parsed
            if isinstance(new_parsed, str) or new_parsed is None
            else (json.dumps(new_parsed, sort_keys=True))
        )
        db.execute(
            "UPDATE audit_log SET actor = ?, detail = ? WHERE id = ?",
            [new_actor, new_detail, entry_id],
        )
        changed += 1
    return changed


def former_employees(db: sqlite_utils.Database) -> list[dict]:
    return list(
        db.query(
            "SELECT e.id, e.name, e.email, t.name AS team, e.left_date FROM employees e "
            "LEFT JOIN teams t ON t.id = e.team_id WHERE e.status = 'left' ORDER BY e.left_date"
        )
    )
