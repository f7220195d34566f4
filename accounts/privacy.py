"""Privacy requests: erase a former employee's identified data.

Erased: the employee row, their account, nominations they made or received (with their value
links, shortlist entries and awards) and their leadership rows. Kept: anonymous survey
responses, which hold no link to the person; their invitations keep team and ``used`` but lose
the employee (``ON DELETE SET NULL``), so participation figures stay right.
"""

from __future__ import annotations

import secrets

import sqlite_utils

from org import audit
from storage import write_transaction


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
    return deleted


def former_employees(db: sqlite_utils.Database) -> list[dict]:
    return list(
        db.query(
            "SELECT e.id, e.name, e.email, t.name AS team, e.left_date FROM employees e "
            "LEFT JOIN teams t ON t.id = e.team_id WHERE e.status = 'left' ORDER BY e.left_date"
        )
    )
