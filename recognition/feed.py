"""The recognition feed and a person's own recognition, newest first.

Public recognition is for everyone; private recognition only reaches the people
``recognition.scope`` names. Messages come back exactly as stored: pages show them as plain
text.
"""

from __future__ import annotations

import sqlite_utils

from org.access import Viewer
from org.teams import descendants
from recognition.scope import readable_clause

_SELECT = """
SELECT n.id, n.created_at, n.visibility, n.message,
       n.nominator_id, er.name AS nominator, coalesce(tr.name, 'No team') AS nominator_team,
       n.nominee_id, ee.name AS nominee, coalesce(te.name, 'No team') AS nominee_team,
       n.nominator_team_id, n.nominee_team_id,
       (SELECT group_concat(v.name, ', ') FROM (
            SELECT v.name FROM nomination_values nv JOIN org_values v ON v.id = nv.value_id
            WHERE nv.nomination_id = n.id ORDER BY v.name) v) AS value_names,
       (SELECT group_concat(aw.label, '; ') FROM (
            SELECT t.name || ' · ' || a.month AS label FROM awards a
            JOIN teams t ON t.id = a.team_id WHERE a.nomination_id = n.id ORDER BY a.month) aw)
           AS award_names
FROM nominations n
JOIN employees er ON er.id = n.nominator_id
JOIN employees ee ON ee.id = n.nominee_id
LEFT JOIN teams tr ON tr.id = n.nominator_team_id
LEFT JOIN teams te ON te.id = n.nominee_team_id
"""


def _shape(row: dict) -> dict:
    row = dict(row)
    row["values"] = row.pop("value_names").split(", ") if row["value_names"] else []
    row["awards"] = row.pop("award_names").split("; ") if row["award_names"] else []
    row["cross_team"] = row["nominator_team_id"] != row["nominee_team_id"]
    return row


def feed(
    db: sqlite_utils.Database,
    viewer: Viewer,
    team_id: int | None = None,
    value_id: int | None = None,
    limit: int = 100,
) -> list[dict]:
    """Recognition the viewer may read, newest first.

    ``team_id`` keeps nominations whose nominee was in that team (or below it) when nominated;
    ``value_id`` keeps those citing that value.
    """
    clause, params = readable_clause(db, viewer)
    where = [clause]
    if team_id is not None:
        teams = descendants(db, team_id)
        where.append(f"n.nominee_team_id IN ({','.join('?' * len(teams))})")
        params += teams
    if value_id is not None:
        where.append(
            "EXISTS (SELECT 1 FROM nomination_values nv "
            "WHERE nv.nomination_id = n.id AND nv.value_id = ?)"
        )
        params.append(value_id)
    sql = f"{_SELECT} WHERE {' AND '.join(where)} ORDER BY n.created_at DESC, n.id DESC LIMIT ?"
    return [_shape(r) for r in db.query(sql, [*params, limit])]


def my_recognition(db: sqlite_utils.Database, viewer: Viewer) -> list[dict]:
    """Everything the viewer has received, private included, with any awards, newest first."""
    if viewer.employee_id is None:
        return []
    sql = f"{_SELECT} WHERE n.nominee_id = ? ORDER BY n.created_at DESC, n.id DESC"
    return [_shape(r) for r in db.query(sql, [viewer.employee_id])]
