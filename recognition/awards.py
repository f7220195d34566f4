"""Monthly awards: a team's leaders shortlist that month's nominations for their people and
pick one award per team per month. Every decision is written to the audit log.

"Their people" are nominees who were in the team (or a team below it) when nominated, and a
nomination belongs to the month it was made in. Awards go to current colleagues only, never to
the leader deciding, and only from the shortlist.
"""

from __future__ import annotations

import datetime as dt
import re

import sqlite_utils

from org.access import AccessDenied, Viewer
from org.audit import record
from org.teams import descendants
from recognition.errors import RecognitionError
from recognition.scope import led_scope, readable_clause
from storage import write_transaction

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def award_teams(db: sqlite_utils.Database, viewer: Viewer) -> list[dict]:
    """Teams the viewer can award in: those they lead and every team below them."""
    scope = sorted(led_scope(db, viewer))
    if not scope:
        return []
    marks = ",".join("?" * len(scope))
    return list(
        db.query(
            f"SELECT id, name FROM teams WHERE archived = 0 AND id IN ({marks}) ORDER BY name",
            scope,
        )
    )


def _check(db: sqlite_utils.Database, viewer: Viewer, team_id: int, month: str, today: dt.date):
    if team_id not in led_scope(db, viewer):
        raise AccessDenied("You can only award recognition in the teams you lead.")
    if not isinstance(month, str) or not MONTH.match(month):
        raise RecognitionError("Choose a month written as YYYY-MM, for example 2026-11.")
    if month > month_of(today):
        raise RecognitionError("That month has not started yet.")


def month_nominations(
    db: sqlite_utils.Database,
    viewer: Viewer,
    team_id: int,
    month: str,
    today: dt.date | None = None,
) -> list[dict]:
    """That month's nominations for the team's people, with shortlist and award flags."""
    _check(db, viewer, team_id, month, today or dt.date.today())
    teams = descendants(db, team_id)
    marks = ",".join("?" * len(teams))
    return list(
        db.query(
            f"""
            SELECT n.id, n.created_at, n.message, n.visibility, n.nominee_id,
                   ee.name AS nominee, ee.status AS nominee_status, er.name AS nominator,
                   coalesce(te.name, 'No team') AS nominee_team,
                   (SELECT group_concat(v.name, ', ') FROM nomination_values nv
                      JOIN org_values v ON v.id = nv.value_id
                     WHERE nv.nomination_id = n.id) AS value_names,
                   EXISTS (SELECT 1 FROM award_shortlist s WHERE s.team_id = ? AND s.month = ?
                           AND s.nomination_id = n.id) AS shortlisted,
                   EXISTS (SELECT 1 FROM awards a WHERE a.team_id = ? AND a.month = ?
                           AND a.nomination_id = n.id) AS awarded
            FROM nominations n
            JOIN employees ee ON ee.id = n.nominee_id
            JOIN employees er ON er.id = n.nominator_id
            LEFT JOIN teams te ON te.id = n.nominee_team_id
            WHERE n.nominee_team_id IN ({marks}) AND substr(n.created_at, 1, 7) = ?
            ORDER BY n.created_at, n.id
            """,
            [team_id, month, team_id, month, *teams, month],
        )
    )


def _nomination_in(db: sqlite_utils.Database, team_id: int, month: str, nomination_id: int):
    teams = descendants(db, team_id)
    marks = ",".join("?" * len(teams))
    row = db.execute(
        f"SELECT n.nominee_id, e.name, e.status FROM nominations n "
        f"JOIN employees e ON e.id = n.nominee_id WHERE n.id = ? "
        f"AND n.nominee_team_id IN ({marks}) AND substr(n.created_at, 1, 7) = ?",
        [nomination_id, *teams, month],
    ).fetchone()
    if row is None:
        raise RecognitionError(
            "That nomination is not one of this month's nominations for this team."
        )
    return {"nominee_id": row[0], "nominee": row[1], "status": row[2]}


def _audit(db, viewer: Viewer, action: str, team_id: int, month: str, nomination_id: int | None):
    detail = {"team_id": team_id, "month": month, "nomination_id": nomination_id}
    record(db, viewer.name, action, detail)


def add_to_shortlist(
    db: sqlite_utils.Database,
    viewer: Viewer,
    team_id: int,
    month: str,
    nomination_id: int,
    today: dt.date | None = None,
) -> None:
    def insert() -> int:
        _nomination_in(db, team_id, month, nomination_id)
        return db.execute(
            "INSERT OR IGNORE INTO award_shortlist (team_id, month, nomination_id, added_by, "
            "added_at) VALUES (?, ?, ?, ?, ?)",
            [team_id, month, nomination_id, viewer.name, _stamp()],
        ).rowcount

    _change_shortlist(db, viewer, team_id, month, nomination_id, today, "add", insert)


def remove_from_shortlist(
    db: sqlite_utils.Database,
    viewer: Viewer,
    team_id: int,
    month: str,
    nomination_id: int,
    today: dt.date | None = None,
) -> None:
    def delete() -> int:
        if db.execute(
            "SELECT 1 FROM awards WHERE team_id = ? AND month = ? AND nomination_id = ?",
            [team_id, month, nomination_id],
        ).fetchone():
            raise RecognitionError("This nomination has the award; revoke the award first.")
        return db.execute(
            "DELETE FROM award_shortlist WHERE team_id = ? AND month = ? AND nomination_id = ?",
            [team_id, month, nomination_id],
        ).rowcount

    _change_shortlist(db, viewer, team_id, month, nomination_id, today, "remove", delete)


def _change_shortlist(
    db: sqlite_utils.Database,
    viewer: Viewer,
    team_id: int,
    month: str,
    nomination_id: int,
    today: dt.date | None,
    kind: str,
    change,
) -> None:
    """Check the leader may act, run ``change`` in one transaction and audit it only if it
    changed a row (adding twice or removing what is not there is a quiet no-op)."""
    _check(db, viewer, team_id, month, today or dt.date.today())
    with write_transaction(db):
        if change():
            _audit(db, viewer, f"recognition.shortlist_{kind}", team_id, month, nomination_id)


def award(
    db: sqlite_utils.Database,
    viewer: Viewer,
    team_id: int,
    month: str,
    nomination_id: int,
    today: dt.date | None = None,
) -> int:
    """Give the team's award for ``month`` to a shortlisted nomination; returns the award id."""
    _check(db, viewer, team_id, month, today or dt.date.today())
    with write_transaction(db):
        nomination = _nomination_in(db, team_id, month, nomination_id)
        if nomination["nominee_id"] == viewer.employee_id:
            raise RecognitionError("You cannot give an award to yourself; ask another leader.")
        if nomination["status"] != "active":
            raise RecognitionError(
                f"{nomination['nominee']} has left the organisation; awards go to current "
                "colleagues."
            )
        if not db.execute(
            "SELECT 1 FROM award_shortlist WHERE team_id = ? AND month = ? AND nomination_id = ?",
            [team_id, month, nomination_id],
        ).fetchone():
            raise RecognitionError("Shortlist the nomination before giving it the award.")
        existing = db.execute(
            "SELECT e.name FROM awards a JOIN nominations n ON n.id = a.nomination_id "
            "JOIN employees e ON e.id = n.nominee_id WHERE a.team_id = ? AND a.month = ?",
            [team_id, month],
        ).fetchone()
        if existing:
            raise RecognitionError(
                f"This team's award for {month} already went to {existing[0]}; "
                "revoke it first to change the decision."
            )
        award_id = (
            db["awards"]
            .insert(
                {
                    "team_id": team_id,
                    "month": month,
                    "nomination_id": nomination_id,
                    "decided_by": viewer.name,
                    "decided_at": _stamp(),
                }
            )
            .last_pk
        )
        _audit(db, viewer, "recognition.award", team_id, month, nomination_id)
    return int(award_id)


def revoke_award(
    db: sqlite_utils.Database,
    viewer: Viewer,
    team_id: int,
    month: str,
    today: dt.date | None = None,
) -> None:
    _check(db, viewer, team_id, month, today or dt.date.today())
    with write_transaction(db):
        row = db.execute(
            "SELECT nomination_id FROM awards WHERE team_id = ? AND month = ?", [team_id, month]
        ).fetchone()
        if row is None:
            raise RecognitionError("There is no award to revoke for this team and month.")
        db.execute("DELETE FROM awards WHERE team_id = ? AND month = ?", [team_id, month])
        _audit(db, viewer, "recognition.award_revoke", team_id, month, row[0])


def recent_awards(db: sqlite_utils.Database, viewer: Viewer, limit: int = 12) -> list[dict]:
    """Latest awards, newest month first. Everyone sees who won; the message only where the
    viewer may read the nomination (``message`` is None otherwise)."""
    clause, params = readable_clause(db, viewer)
    return list(
        db.query(
            f"""
            SELECT a.id, a.month, t.name AS team, ee.name AS nominee, n.id AS nomination_id,
                   CASE WHEN {clause} THEN n.message END AS message
            FROM awards a JOIN teams t ON t.id = a.team_id
            JOIN nominations n ON n.id = a.nomination_id
            JOIN employees ee ON ee.id = n.nominee_id
            ORDER BY a.month DESC, t.name LIMIT ?
            """,
            [*params, limit],
        )
    )


def _stamp() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
