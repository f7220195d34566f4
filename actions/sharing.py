"""Sharing a closed round's results with the team ("you said, we did" starts with "we heard
you"). Culture Amp reports that sharing results raises the next survey's participation.

A leader (for their teams) or an administrator shares a round for a group; the group's
members, and the members of teams below it, read the headline figures on their home page.
The figures come from the round's release through ``insights`` (released cells only, with
their intervals), so a group or round the guard hides has nothing to share.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils

from actions.plans import manageable_teams
from insights import measures as m
from insights import source
from insights.panel import build_panel
from insights.views import window_figures
from org import audit
from org.access import AccessDenied, Viewer
from org.tree import load_tree
from storage import write_transaction
from surveys import clock

SHARED_MEASURES = ("engagement", "enps", "burnout", "stay", "participation")


class ShareError(ValueError):
    """A share that cannot be made (message safe to show)."""


@dataclass(frozen=True)
class SharedResult:
    round_title: str
    team: str
    shared_on: dt.date
    responses: int
    lines: tuple[str, ...]  # "Engagement 64 % (95 % interval 51-75 %)", ...


def _figures(db: sqlite_utils.Database, round_id: int, team_id: int):
    rounds = [r for r in source.rounds_between(db, dt.date.min, dt.date.max) if r.id == round_id]
    if not rounds:
        raise ShareError("Unknown round.")
    panel = build_panel(db, rounds, {team_id}, measures=SHARED_MEASURES[:-1])
    return rounds[0], window_figures(panel, [round_id], team_id)


def share_round(
    db: sqlite_utils.Database,
    viewer: Viewer,
    team_id: int,
    round_id: int,
    today: dt.date | None = None,
) -> None:
    """Share ``round_id``'s released results of ``team_id`` with its people (idempotent)."""
    today = today or clock.today()
    if team_id not in manageable_teams(db, viewer):
        raise AccessDenied("You can only share results of the teams you lead.")
    round_, figures = _figures(db, round_id, team_id)
    if not round_.is_closed(today):
        raise ShareError("Results are shared once the round has closed.")
    if not figures.rounds_used:
        raise ShareError(
            "This round's results for this team are not shown (to protect confidentiality), "
            "so there is nothing to share."
        )
    with write_transaction(db):
        db.execute(
            "INSERT OR IGNORE INTO shared_results (round_id, team_id, shared_by, shared_on) "
            "VALUES (?, ?, ?, ?)",
            [round_id, team_id, viewer.name, today.isoformat()],
        )
        audit.record(
            db, viewer.name, "actions.results_shared", {"round": round_id, "team": team_id}
        )


def results_for_employee(db: sqlite_utils.Database, employee_id: int) -> list[SharedResult]:
    """The results shared with an employee's team or a group above it, newest first."""
    row = db.execute("SELECT team_id FROM employees WHERE id = ?", [employee_id]).fetchone()
    if row is None or row[0] is None:
        return []
    tree, _ = load_tree(db)
    above = set(tree.ancestors(row[0]))
    out = []
    for round_id, team_id, shared_on in db.execute(
        "SELECT round_id, team_id, shared_on FROM shared_results "
        "ORDER BY shared_on DESC, round_id DESC"
    ).fetchall():
        if team_id not in above:
            continue
        round_, figures = _figures(db, round_id, team_id)
        if not figures.rounds_used:  # a threshold raised since: released whole no longer
            continue
        lines = []
        for key in SHARED_MEASURES:
            value = figures.values.get(key)
            if value is None:
                continue
            record = m.measure(key)
            interval = record.interval_text(figures.intervals.get(key))
            lines.append(
                f"{record.label} {record.text(value)}" + (f" ({interval})" if interval else "")
            )
        out.append(
            SharedResult(
                round_.title,
                tree.names.get(team_id, f"Team {team_id}"),
                dt.date.fromisoformat(shared_on),
                figures.responses,
                tuple(lines),
            )
        )
    return out


def shareable_rounds(db: sqlite_utils.Database, limit: int = 12) -> dict[int, str]:
    """The latest published rounds, newest first: round id -> title."""
    return {
        row[0]: row[1]
        for row in db.execute(
            "SELECT r.id, r.title FROM rounds r JOIN releases rel ON rel.round_id = r.id "
            "ORDER BY r.opens_on DESC, r.id DESC LIMIT ?",
            [limit],
        )
    }
