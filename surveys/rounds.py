"""Rounds: one sending of a template to an audience between two dates, with its invitations.

Creating a round fixes its questions (a pulse takes this week's rotation) and invites its
audience: one invitation per person, with the team they are in now and the hash of a fresh
one-time token. The tokens themselves are thrown away; personal links are (re)issued when
they are exported or mailed (``surveys.links``), so the database never holds a usable link.
"""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from org import audit
from org.teams import descendants
from storage import write_transaction
from surveys import rotation
from surveys.bands import tenure_band
from surveys.tokens import hash_token, new_token

AUDIENCES = ("all", "teams", "employees")


class RoundError(ValueError):
    """A round that cannot be created as asked (bad dates, empty audience, duplicate)."""


def round_question_ids(
    db: sqlite_utils.Database, template_id: int, opens_on: dt.date
) -> list[tuple[str, bool]]:
    """The (question id, required) a new round of the template asks, in order.

    A pulse asks its fixed items (burnout, eNPS) every time and rotates its engagement and
    driver items by week (``surveys.rotation``); other kinds ask every template question.
    """
    rows = list(
        db.query(
            "SELECT q.id, q.construct, tq.required FROM template_questions tq "
            "JOIN questions q ON q.id = tq.question_id WHERE tq.template_id = ? "
            "ORDER BY tq.position",
            [template_id],
        )
    )
    kind = db.execute("SELECT kind FROM templates WHERE id = ?", [template_id]).fetchone()
    if kind is None:
        raise RoundError("Unknown template.")
    required = {r["id"]: bool(r["required"]) for r in rows}
    if kind[0] != "pulse":
        return [(r["id"], required[r["id"]]) for r in rows]
    fixed = tuple(r["id"] for r in rows if r["construct"] in ("burnout", "enps"))
    engagement = [r["id"] for r in rows if r["construct"] == "engagement"]
    drivers = [r["id"] for r in rows if r["construct"] == "driver"]
    comment = next((r["id"] for r in rows if r["construct"] == "open"), None)
    ids = rotation.pulse_question_ids(
        rotation.week_index(opens_on), engagement, drivers, fixed=fixed, comment_id=comment
    )
    return [(q, required[q]) for q in ids]


def audience_employee_ids(
    db: sqlite_utils.Database,
    audience: str,
    opens_on: dt.date,
    team_ids: list[int] | tuple[int, ...] = (),
    employee_ids: list[int] | tuple[int, ...] = (),
) -> list[int]:
    """Active people the round invites: everyone who has started, chosen teams (with their
    sub-teams), or chosen people."""
    if audience == "all":
        rows = db.execute(
            "SELECT id FROM employees WHERE status = 'active' AND start_date <= ? ORDER BY id",
            [opens_on.isoformat()],
        )
        return [r[0] for r in rows]
    if audience == "teams":
        teams: set[int] = set()
        for team_id in team_ids:
            teams.update(descendants(db, int(team_id)))
        marks = ",".join("?" * len(teams)) or "NULL"
        rows = db.execute(
            f"SELECT id FROM employees WHERE status = 'active' AND team_id IN ({marks}) "
            "AND start_date <= ? ORDER BY id",
            [*sorted(teams), opens_on.isoformat()],
        )
        return [r[0] for r in rows]
    if audience == "employees":
        wanted = sorted({int(e) for e in employee_ids})
        marks = ",".join("?" * len(wanted)) or "NULL"
        rows = db.execute(
            f"SELECT id FROM employees WHERE status = 'active' AND id IN ({marks}) ORDER BY id",
            wanted,
        )
        return [r[0] for r in rows]
    raise RoundError(f"Unknown audience {audience!r}.")


def invite(db: sqlite_utils.Database, round_id: int, employee_ids: list[int]) -> int:
    """Invite people to a round (skipping anyone already invited); returns how many were new."""
    before = db.execute("SELECT count(*) FROM invitations WHERE round_id = ?", [round_id])
    count_before = before.fetchone()[0]
    opens_on = db.execute("SELECT opens_on FROM rounds WHERE id = ?", [round_id]).fetchone()[0]
    opens = dt.date.fromisoformat(opens_on)
    people = db.execute(
        f"SELECT id, team_id, start_date, job_family FROM employees "
        f"WHERE id IN ({','.join('?' * len(employee_ids))})",
        list(employee_ids),
    ).fetchall()
    # Team and bands are frozen here: the response records what its invitation recorded.
    db.conn.executemany(
        "INSERT OR IGNORE INTO invitations (round_id, employee_id, team_id, tenure_band, "
        "job_family, token_hash) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (round_id, e, team, tenure_band(dt.date.fromisoformat(start), opens), family)
            + (hash_token(new_token()),)
            for e, team, start, family in people
        ],
    )
    after = db.execute("SELECT count(*) FROM invitations WHERE round_id = ?", [round_id])
    return after.fetchone()[0] - count_before


def create_round(
    db: sqlite_utils.Database,
    template_id: int,
    opens_on: dt.date,
    closes_on: dt.date,
    *,
    actor: str,
    audience: str = "all",
    team_ids: list[int] | tuple[int, ...] = (),
    employee_ids: list[int] | tuple[int, ...] = (),
    period: str | None = None,
    title: str | None = None,
) -> int:
    """Create a round, its questions and its invitations in one transaction; returns its id."""
    if closes_on < opens_on:
        raise RoundError("A round must close on or after the day it opens.")
    if audience not in AUDIENCES:
        raise RoundError(f"Unknown audience {audience!r}.")
    if audience == "teams" and not team_ids:
        raise RoundError("Choose at least one team.")
    if audience == "employees" and not employee_ids:
        raise RoundError("Choose at least one person.")
    with write_transaction(db):
        template = db.execute("SELECT name FROM templates WHERE id = ?", [template_id]).fetchone()
        if template is None:
            raise RoundError("Unknown template.")
        period = period or opens_on.isoformat()
        if db.execute(
            "SELECT 1 FROM rounds WHERE template_id = ? AND period = ?", [template_id, period]
        ).fetchone():
            raise RoundError(f"{template[0]} already has a round for {period}.")
        questions = round_question_ids(db, template_id, opens_on)
        if not questions:
            raise RoundError("The template has no questions.")
        people = audience_employee_ids(db, audience, opens_on, team_ids, employee_ids)
        if not people:
            raise RoundError("Nobody is in that audience.")
        round_id = db.execute(
            "INSERT INTO rounds (template_id, title, period, opens_on, closes_on, audience) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                template_id,
                title or f"{template[0]}, {opens_on:%d %b %Y}",
                period,
                opens_on.isoformat(),
                closes_on.isoformat(),
                audience,
            ],
        ).lastrowid
        db.conn.executemany(
            "INSERT INTO round_questions (round_id, question_id, position, required) "
            "VALUES (?, ?, ?, ?)",
            [(round_id, q, i, int(req)) for i, (q, req) in enumerate(questions)],
        )
        if audience == "teams":
            db.conn.executemany(
                "INSERT INTO round_teams (round_id, team_id) VALUES (?, ?)",
                [(round_id, int(t)) for t in sorted(set(team_ids))],
            )
        invite(db, round_id, people)
        audit.record(
            db,
            actor,
            "survey_round_created",
            {"round_id": round_id, "template_id": template_id, "invited": len(people)},
        )
    return round_id


def list_rounds(db: sqlite_utils.Database, limit: int = 200) -> list[dict]:
    """Rounds, newest first, with how many were invited and how many links were used."""
    return list(
        db.query(
            "SELECT r.id, r.title, t.name AS template, r.period, r.opens_on, r.closes_on, "
            "r.audience, count(i.id) AS invited, coalesce(sum(i.used), 0) AS responded "
            "FROM rounds r JOIN templates t ON t.id = r.template_id "
            "LEFT JOIN invitations i ON i.round_id = r.id "
            "GROUP BY r.id ORDER BY r.opens_on DESC, r.id DESC LIMIT ?",
            [limit],
        )
    )


def participation(db: sqlite_utils.Database, round_id: int) -> list[dict]:
    """Per team: invited and responded, counted from invitations (never from responses)."""
    return list(
        db.query(
            "SELECT i.team_id, coalesce(t.name, '(no team)') AS team, count(*) AS invited, "
            "sum(i.used) AS responded, "
            'round(100.0 * sum(i.used) / count(*)) AS "participation %" '
            "FROM invitations i LEFT JOIN teams t ON t.id = i.team_id "
            "WHERE i.round_id = ? GROUP BY i.team_id ORDER BY team",
            [round_id],
        )
    )
