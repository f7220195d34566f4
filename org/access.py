"""Who is looking, and which teams they may see. The domain entry points that return team
data to a page take a ``Viewer`` and scope it with ``visible_team_ids`` (directly or through
``insights.views.visible_groups``), so a crafted request cannot widen a leader's scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import sqlite_utils

from org.teams import descendants

Role = Literal["employee", "leader", "admin"]
ROLES: tuple[Role, ...] = ("employee", "leader", "admin")


class AccessDenied(PermissionError):
    """The viewer asked for something outside their role or teams."""


@dataclass(frozen=True)
class Viewer:
    employee_id: int | None
    name: str
    role: Role
    led_team_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_leader(self) -> bool:
        return self.role in ("leader", "admin")


def led_teams(db: sqlite_utils.Database, employee_id: int) -> frozenset[int]:
    rows = db.execute("SELECT team_id FROM team_leaders WHERE employee_id = ?", [employee_id])
    return frozenset(r[0] for r in rows)


def viewer_for_employee(db: sqlite_utils.Database, employee_id: int, admin: bool = False) -> Viewer:
    """The viewer an employee is: a leader if they lead any team, an admin if granted."""
    row = db.execute("SELECT name FROM employees WHERE id = ?", [employee_id]).fetchone()
    if row is None:
        raise AccessDenied("Unknown employee.")
    teams = led_teams(db, employee_id)
    role: Role = "admin" if admin else ("leader" if teams else "employee")
    return Viewer(employee_id, row[0], role, teams)


def visible_team_ids(db: sqlite_utils.Database, viewer: Viewer) -> set[int]:
    """Teams whose insights the viewer may see: all for admins, led teams and below for leaders."""
    if viewer.is_admin:
        return {r[0] for r in db.execute("SELECT id FROM teams")}
    if viewer.role != "leader":
        return set()
    visible: set[int] = set()
    for team_id in viewer.led_team_ids:
        visible.update(descendants(db, team_id))
    return visible


def require_role(viewer: Viewer | None, *roles: Role) -> Viewer:
    if viewer is None or viewer.role not in roles:
        raise AccessDenied("You do not have access to this page.")
    return viewer
