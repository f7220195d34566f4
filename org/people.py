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


def roster_spells(db: sqlite_utils.Database) -> list[tuple[int | None, str, str | None]]:
    """Every employee's (current team, start date, leaving date or None): who was in a team
    on a day and who left after it (the retention backtest). The roster keeps today's team
    only, so a person who moved counts in their current team throughout."""
    return [
        (team, start, left)
        for team, start, left in db.execute(
            "SELECT team_id, start_date, CASE WHEN status = 'left' THEN left_date END "
            "FROM employees"
        ).fetchall()
    ]
