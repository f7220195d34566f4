"""Recognition insight per team: volume by month, coverage, who has not been recognised
lately, cross-team flows and the values people cite.

A team always means the team and every team below it. Coverage counts *current* members (the
people a leader can act on) who were recognised in the ``days`` days up to and including
``as_of``; volume, flows and values count nominations by the teams recorded on the nomination
when it was made. Recognition is signed, not anonymous, so no threshold applies; pages pass
only the teams the viewer may see (``scoped_team_ids``).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlite_utils

from org.access import AccessDenied, Viewer, visible_team_ids
from org.teams import descendants


def scoped_team_ids(
    db: sqlite_utils.Database, viewer: Viewer, requested: list[int] | None = None
) -> list[int]:
    """The requested teams (default: all the viewer may see), refusing any outside scope."""
    visible = visible_team_ids(db, viewer)
    if requested is None:
        return sorted(visible)
    outside = set(requested) - visible
    if outside:
        raise AccessDenied("You can only see the teams you lead.")
    return list(requested)


def _names(db: sqlite_utils.Database, team_ids: list[int]) -> dict[int, str]:
    if not team_ids:
        return {}
    marks = ",".join("?" * len(team_ids))
    return dict(db.execute(f"SELECT id, name FROM teams WHERE id IN ({marks})", list(team_ids)))


def _members(db: sqlite_utils.Database, team_ids: list[int], as_of: dt.date) -> dict[int, set]:
    """Per team: the people on ``as_of`` in it or any team below it (one pass over the roster,
    walking each person's chain of teams upwards)."""
    parent = dict(db.execute("SELECT id, parent_id FROM teams").fetchall())
    out: dict[int, set[int]] = {team_id: set() for team_id in team_ids}
    chains: dict[int, list[set[int]]] = {}  # team -> member sets of it and the teams above it

    def chain(team_id: int) -> list[set[int]]:
        if team_id not in chains:
            found, node, seen = [], team_id, set()
            while node is not None and node not in seen:
                seen.add(node)
                if node in out:
                    found.append(out[node])
                node = parent.get(node)
            chains[team_id] = found
        return chains[team_id]

    rows = db.execute(
        "SELECT id, team_id FROM employees WHERE team_id IS NOT NULL AND start_date <= ? "
        "AND (status = 'active' OR left_date > ?)",
        [as_of.isoformat(), as_of.isoformat()],
    )
    for employee_id, team_id in rows:
        for members in chain(team_id):
            members.add(employee_id)
    return out


def _recognised(db: sqlite_utils.Database, as_of: dt.date, days: int) -> set[int]:
    since = as_of - dt.timedelta(days=days)
    rows = db.execute(
        "SELECT DISTINCT nominee_id FROM nominations "
        "WHERE substr(created_at, 1, 10) > ? AND substr(created_at, 1, 10) <= ?",
        [since.isoformat(), as_of.isoformat()],
    )
    return {r[0] for r in rows}


def coverage(
    db: sqlite_utils.Database, team_ids: list[int], as_of: dt.date, days: int = 90
) -> pd.DataFrame:
    """Per team: members on ``as_of``, how many were recognised in the window, and the share."""
    names = _names(db, team_ids)
    recognised = _recognised(db, as_of, days)
    rows = []
    people = _members(db, team_ids, as_of)
    for team_id in team_ids:
        members = people[team_id]
        hit = len(members & recognised)
        rows.append(
            {
                "team_id": team_id,
                "team": names.get(team_id, "?"),
                "members": len(members),
                "recognised": hit,
                "coverage": hit / len(members) if members else None,
            }
        )
    return pd.DataFrame(rows, columns=["team_id", "team", "members", "recognised", "coverage"])


def overall_coverage(
    db: sqlite_utils.Database, team_ids: list[int], as_of: dt.date, days: int = 90
) -> dict:
    """Across all the given teams together (each person once): members, recognised, coverage
    (None when nobody is a member)."""
    members: set[int] = set().union(*_members(db, team_ids, as_of).values())
    hit = len(members & _recognised(db, as_of, days))
    return {
        "members": len(members),
        "recognised": hit,
        "coverage": hit / len(members) if members else None,
    }


def recognition_gap(
    db: sqlite_utils.Database, team_ids: list[int], as_of: dt.date, days: int = 90
) -> dict[int, float]:
    """Per team: share (0..1) of active members NOT recognised in the last ``days`` days.

    Teams with no active members on ``as_of`` are left out (there is no one to recognise).
    """
    table = coverage(db, team_ids, as_of, days)
    return {
        int(row.team_id): 1.0 - float(row.coverage) for row in table.itertuples() if row.members > 0
    }


def teams_not_recognised_lately(
    db: sqlite_utils.Database, team_ids: list[int], as_of: dt.date, days: int = 90
) -> pd.DataFrame:
    """Teams with members of whom nobody was recognised in the window, with the day anyone
    now in the team was last recognised (None if never)."""
    table = coverage(db, team_ids, as_of, days)
    quiet = table[(table["members"] > 0) & (table["recognised"] == 0)]
    last = []
    people = _members(db, [int(t) for t in quiet["team_id"]], as_of)
    for team_id in quiet["team_id"]:
        members = sorted(people[int(team_id)])
        marks = ",".join("?" * len(members))
        row = db.execute(
            f"SELECT max(substr(created_at, 1, 10)) FROM nominations "
            f"WHERE nominee_id IN ({marks}) AND substr(created_at, 1, 10) <= ?",
            [*members, as_of.isoformat()],
        ).fetchone()
        last.append(row[0])
    quiet = quiet[["team_id", "team", "members"]].copy()
    quiet["last_recognised"] = pd.Series(last, index=quiet.index, dtype=object)
    return quiet.reset_index(drop=True)


def _months(start: dt.date, end: dt.date) -> dict[str, int]:
    """Calendar months in [start, end] -> how many of their days fall inside it."""
    covered = {}
    for period in pd.period_range(start, end, freq="M"):
        first = max(period.start_time.date(), start)
        last = min(period.end_time.date(), end)
        covered[period.strftime("%Y-%m")] = (last - first).days + 1
    return covered


MIN_MONTH_DAYS = 7  # a month seen for fewer days says little; the chart leaves it out


def _window(start: dt.date, end: dt.date) -> list[str]:
    return [start.isoformat(), end.isoformat()]


def recognitions_per_team_month(
    db: sqlite_utils.Database, team_ids: list[int], start: dt.date, end: dt.date
) -> pd.DataFrame:
    """Nominations received per team and calendar month in [start, end], zeros included, with
    the month's days inside the window and the rate per 30 days: a month only partly inside
    (this month, or the window's first) compares fairly instead of looking like a drop."""
    names = _names(db, team_ids)
    months = _months(start, end)
    rows = []
    for team_id in team_ids:
        teams = descendants(db, team_id)
        marks = ",".join("?" * len(teams))
        counts = dict(
            db.execute(
                f"SELECT substr(created_at, 1, 7), count(*) FROM nominations "
                f"WHERE nominee_team_id IN ({marks}) AND substr(created_at, 1, 10) >= ? "
                f"AND substr(created_at, 1, 10) <= ? GROUP BY 1",
                [*teams, *_window(start, end)],
            )
        )
        rows += [
            {
                "team_id": team_id,
                "team": names.get(team_id, "?"),
                "month": m,
                "recognitions": counts.get(m, 0),
                "days": days,
                "per_30_days": round(counts.get(m, 0) * 30 / days, 1),
            }
            for m, days in months.items()
        ]
    return pd.DataFrame(
        rows, columns=["team_id", "team", "month", "recognitions", "days", "per_30_days"]
    )


def _scope(db: sqlite_utils.Database, team_ids: list[int]) -> list[int]:
    scope: set[int] = set()
    for team_id in team_ids:
        scope.update(descendants(db, team_id))
    return sorted(scope)


def cross_team_flows(
    db: sqlite_utils.Database, team_ids: list[int], start: dt.date, end: dt.date
) -> pd.DataFrame:
    """Recognition between different teams (as they were on the day) in [start, end], where
    the giving or the receiving team is in scope: from_team, to_team, recognitions."""
    scope = _scope(db, team_ids)
    if not scope:
        return pd.DataFrame(columns=["from_team", "to_team", "recognitions"])
    marks = ",".join("?" * len(scope))
    rows = db.query(
        f"""
        SELECT coalesce(tr.name, 'No team') AS from_team, coalesce(te.name, 'No team') AS to_team,
               count(*) AS recognitions
        FROM nominations n
        LEFT JOIN teams tr ON tr.id = n.nominator_team_id
        LEFT JOIN teams te ON te.id = n.nominee_team_id
        WHERE n.nominator_team_id IS NOT n.nominee_team_id
          AND (n.nominator_team_id IN ({marks}) OR n.nominee_team_id IN ({marks}))
          AND substr(n.created_at, 1, 10) >= ? AND substr(n.created_at, 1, 10) <= ?
        GROUP BY 1, 2 ORDER BY recognitions DESC, from_team, to_team
        """,
        [*scope, *scope, *_window(start, end)],
    )
    return pd.DataFrame(list(rows), columns=["from_team", "to_team", "recognitions"])


def cross_team_share(
    db: sqlite_utils.Database, team_ids: list[int], start: dt.date, end: dt.date
) -> dict:
    """Of the nominations received by teams in scope in [start, end], how many came from
    another team: {"received", "cross_team", "share"} (share None when nothing received)."""
    scope = _scope(db, team_ids)
    if not scope:
        return {"received": 0, "cross_team": 0, "share": None}
    marks = ",".join("?" * len(scope))
    received, cross = db.execute(
        f"SELECT count(*), coalesce(sum(nominator_team_id IS NOT nominee_team_id), 0) "
        f"FROM nominations WHERE nominee_team_id IN ({marks}) "
        f"AND substr(created_at, 1, 10) >= ? AND substr(created_at, 1, 10) <= ?",
        [*scope, *_window(start, end)],
    ).fetchone()
    return {
        "received": received,
        "cross_team": cross,
        "share": cross / received if received else None,
    }


def values_distribution(
    db: sqlite_utils.Database, team_ids: list[int], start: dt.date, end: dt.date
) -> pd.DataFrame:
    """How often each value was cited in nominations received by teams in scope in
    [start, end]; active values with no citations appear with 0."""
    scope = _scope(db, team_ids)
    marks = ",".join("?" * len(scope)) or "NULL"
    rows = db.query(
        f"""
        SELECT v.name AS value, count(n.id) AS recognitions
        FROM org_values v
        LEFT JOIN nomination_values nv ON nv.value_id = v.id
        LEFT JOIN nominations n ON n.id = nv.nomination_id AND n.nominee_team_id IN ({marks})
             AND substr(n.created_at, 1, 10) >= ? AND substr(n.created_at, 1, 10) <= ?
        GROUP BY v.id HAVING v.active = 1 OR count(n.id) > 0
        ORDER BY recognitions DESC, value
        """,
        [*scope, *_window(start, end)],
    )
    return pd.DataFrame(list(rows), columns=["value", "recognitions"])


def leaf_team_ids(db: sqlite_utils.Database, team_ids: list[int]) -> list[int]:
    """The given teams that have no non-archived team below them (for charts that would
    otherwise count a department and its teams twice)."""
    parents = {
        r[0]
        for r in db.execute(
            "SELECT DISTINCT parent_id FROM teams WHERE parent_id IS NOT NULL AND archived = 0"
        )
    }
    return [t for t in team_ids if t not in parents]
