"""Teams and the roster: the hierarchy, headcounts and leaders (roster data, not survey data)."""

from __future__ import annotations

import pandas as pd
import sqlite_utils


def team_tree(db: sqlite_utils.Database) -> pd.DataFrame:
    """One row per team: id, name, parent, active headcount and leaders' names."""
    rows = db.query(
        """
        SELECT t.id, t.name, t.parent_id, p.name AS parent,
               (SELECT count(*) FROM employees e
                 WHERE e.team_id = t.id AND e.status = 'active') AS headcount,
               (SELECT group_concat(e.name, ', ') FROM team_leaders l
                  JOIN employees e ON e.id = l.employee_id WHERE l.team_id = t.id) AS leaders
        FROM teams t LEFT JOIN teams p ON p.id = t.parent_id
        WHERE t.archived = 0
        ORDER BY coalesce(p.name, t.name), t.parent_id IS NOT NULL, t.name
        """
    )
    return pd.DataFrame(
        list(rows), columns=["id", "name", "parent_id", "parent", "headcount", "leaders"]
    )


def descendants(db: sqlite_utils.Database, team_id: int) -> list[int]:
    """``team_id`` and every team below it, at any depth."""
    rows = db.execute(
        """
        WITH RECURSIVE sub(id) AS (
            SELECT ? UNION SELECT t.id FROM teams t JOIN sub ON t.parent_id = sub.id
        ) SELECT id FROM sub
        """,
        [team_id],
    )
    return [r[0] for r in rows]


def org_summary(db: sqlite_utils.Database) -> dict:
    """Headline roster figures for the home page."""
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    latest = db.execute(
        "SELECT r.id, r.title, r.closes_on FROM rounds r JOIN templates t ON t.id = r.template_id "
        "ORDER BY t.kind = 'pulse' DESC, r.opens_on DESC, r.id LIMIT 1"
    ).fetchone()
    participation = None
    if latest:
        invited, used = db.execute(
            "SELECT count(*), coalesce(sum(used), 0) FROM invitations WHERE round_id = ?",
            [latest[0]],
        ).fetchone()
        participation = used / invited if invited else None
    return {
        "teams": one("SELECT count(*) FROM teams WHERE archived = 0"),
        "active_employees": one("SELECT count(*) FROM employees WHERE status = 'active'"),
        "rounds": one("SELECT count(*) FROM rounds"),
        "latest_round": latest[1] if latest else None,
        "latest_closes_on": latest[2] if latest else None,
        "latest_participation": participation,
    }
