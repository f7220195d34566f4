"""Roster look-ups used by pickers and pages (roster data is not anonymous)."""

from __future__ import annotations

import sqlite_utils


def active_employees(db: sqlite_utils.Database) -> list[dict]:
    return list(
        db.query(
            "SELECT e.id, e.name, e.email, e.team_id, t.name AS team, e.job_role "
            "FROM employees e LEFT JOIN teams t ON t.id = e.team_id "
            "WHERE e.status = 'active' ORDER BY e.name"
        )
    )


def team_leaders(db: sqlite_utils.Database) -> list[dict]:
    return list(
        db.query(
            "SELECT e.id, e.name, group_concat(t.name, ', ') AS teams FROM team_leaders l "
            "JOIN employees e ON e.id = l.employee_id JOIN teams t ON t.id = l.team_id "
            "WHERE e.status = 'active' GROUP BY e.id ORDER BY e.name"
        )
    )
