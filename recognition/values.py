"""The organisation's values: an administrator-kept list nominations cite.

Values are deactivated rather than deleted, so old nominations keep the value they cited and
the values distribution stays honest; inactive values are not offered for new nominations.
"""

from __future__ import annotations

import sqlite_utils

from org.access import AccessDenied, Viewer
from org.audit import record
from recognition.errors import RecognitionError
from storage import write_transaction

NAME_MAX = 60
DESCRIPTION_MAX = 300


def list_values(db: sqlite_utils.Database, include_inactive: bool = False) -> list[dict]:
    """Values by name; only active ones unless asked."""
    where = "" if include_inactive else "WHERE active = 1"
    return list(
        db.query(f"SELECT id, name, description, active FROM org_values {where} ORDER BY name")
    )


def _require_admin(viewer: Viewer) -> None:
    if not viewer.is_admin:
        raise AccessDenied("Only administrators can change the organisation's values.")


def _clean(db: sqlite_utils.Database, name: str, description: str, value_id: int | None):
    name = (name or "").strip()
    description = (description or "").strip()
    if not name:
        raise RecognitionError("Give the value a name.")
    if len(name) > NAME_MAX:
        raise RecognitionError(f"Keep the name to {NAME_MAX} characters (it has {len(name)}).")
    if len(description) > DESCRIPTION_MAX:
        raise RecognitionError(
            f"Keep the description to {DESCRIPTION_MAX} characters (it has {len(description)})."
        )
    clash = db.execute(
        "SELECT id FROM org_values WHERE lower(name) = lower(?) AND id IS NOT ?",
        [name, value_id],
    ).fetchone()
    if clash:
        raise RecognitionError(f"There is already a value called “{name}”.")
    return name, description


def add_value(db: sqlite_utils.Database, viewer: Viewer, name: str, description: str = "") -> int:
    _require_admin(viewer)
    with write_transaction(db):
        name, description = _clean(db, name, description, None)
        value_id = (
            db["org_values"].insert({"name": name, "description": description, "active": 1}).last_pk
        )
        record(db, viewer.name, "recognition.value_add", {"value_id": value_id, "name": name})
    return int(value_id)


def _existing(db: sqlite_utils.Database, value_id: int) -> dict:
    row = db.execute("SELECT name FROM org_values WHERE id = ?", [value_id]).fetchone()
    if row is None:
        raise RecognitionError("That value no longer exists.")
    return {"name": row[0]}


def update_value(
    db: sqlite_utils.Database, viewer: Viewer, value_id: int, name: str, description: str
) -> None:
    _require_admin(viewer)
    with write_transaction(db):
        before = _existing(db, value_id)
        name, description = _clean(db, name, description, value_id)
        db.execute(
            "UPDATE org_values SET name = ?, description = ? WHERE id = ?",
            [name, description, value_id],
        )
        record(
            db,
            viewer.name,
            "recognition.value_edit",
            {"value_id": value_id, "from": before["name"], "to": name},
        )


def set_value_active(
    db: sqlite_utils.Database, viewer: Viewer, value_id: int, active: bool
) -> None:
    _require_admin(viewer)
    with write_transaction(db):
        before = _existing(db, value_id)
        db.execute("UPDATE org_values SET active = ? WHERE id = ?", [int(active), value_id])
        action = "recognition.value_activate" if active else "recognition.value_deactivate"
        record(db, viewer.name, action, {"value_id": value_id, "name": before["name"]})
