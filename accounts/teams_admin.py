"""Editing the team hierarchy and its leaders (audited; the hierarchy never gets a cycle)."""

from __future__ import annotations

import sqlite_utils

from org import audit
from org.teams import descendants
from storage import write_transaction


class TeamError(ValueError):
    """A hierarchy change that cannot be made; the message says why."""


def _name(db: sqlite_utils.Database, team_id: int) -> str:
    row = db.execute("SELECT name FROM teams WHERE id = ?", [team_id]).fetchone()
    if row is None:
        raise TeamError("Unknown team.")
    return row[0]


def create_team(db: sqlite_utils.Database, name: str, parent_id: int | None, actor: str) -> int:
    name = name.strip()
    if not name:
        raise TeamError("A team needs a name.")
    with write_transaction(db):
        if db.execute("SELECT 1 FROM teams WHERE name = ? COLLATE NOCASE", [name]).fetchone():
            raise TeamError(f"A team called {name} already exists.")
        if parent_id is not None:
            _name(db, parent_id)
        team_id = db["teams"].insert({"name": name, "parent_id": parent_id}).last_pk
        audit.record(db, actor, "team_created", {"team": name, "parent_id": parent_id})
    return team_id


def set_parent(db: sqlite_utils.Database, team_id: int, parent_id: int | None, actor: str) -> None:
    """Move a team under another (or to the top); refuses a move that would make a cycle."""
    with write_transaction(db):
        name = _name(db, team_id)
        if parent_id is not None:
            parent = _name(db, parent_id)
            if parent_id in descendants(db, team_id):
                raise TeamError(f"{parent} is {name} or below it: that would make a cycle.")
        db.execute("UPDATE teams SET parent_id = ? WHERE id = ?", [parent_id, team_id])
        audit.record(db, actor, "team_moved", {"team": name, "parent_id": parent_id})


def rename_team(db: sqlite_utils.Database, team_id: int, new_name: str, actor: str) -> None:
    new_name = new_name.strip()
    if not new_name:
        raise TeamError("A team needs a name.")
    with write_transaction(db):
        old = _name(db, team_id)
        clash = db.execute(
            "SELECT 1 FROM teams WHERE name = ? COLLATE NOCASE AND id <> ?", [new_name, team_id]
        ).fetchone()
        if clash:
            raise TeamError(f"A team called {new_name} already exists.")
        db.execute("UPDATE teams SET name = ? WHERE id = ?", [new_name, team_id])
        audit.record(db, actor, "team_renamed", {"from": old, "to": new_name})


def set_leaders(
    db: sqlite_utils.Database, team_id: int, employee_ids: list[int], actor: str
) -> None:
    """Replace a team's leaders with ``employee_ids`` (active employees only)."""
    with write_transaction(db):
        name = _name(db, team_id)
        for employee_id in employee_ids:
            active = db.execute(
                "SELECT 1 FROM employees WHERE id = ? AND status = 'active'", [employee_id]
            ).fetchone()
            if not active:
                raise TeamError("Leaders must be active employees.")
        db.execute("DELETE FROM team_leaders WHERE team_id = ?", [team_id])
        db["team_leaders"].insert_all(
            [{"team_id": team_id, "employee_id": e} for e in sorted(set(employee_ids))]
        )
        audit.record(db, actor, "leaders_set", {"team": name, "employee_ids": sorted(employee_ids)})


def leader_ids(db: sqlite_utils.Database, team_id: int) -> list[int]:
    return [
        r[0]
        for r in db.execute(
            "SELECT employee_id FROM team_leaders WHERE team_id = ? ORDER BY employee_id", [team_id]
        )
    ]
