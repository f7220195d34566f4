"""Cadences create due rounds when the app starts or ``make cadence`` runs.

Only the period containing ``today`` is considered, and only while its round would still be
open: a server that was down for a month does not wake up to a backlog of closed rounds.
Running twice is harmless: each cadence checks for its period inside a write transaction and
``UNIQUE (template_id, period)`` backs that up.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass

import sqlite_utils

from org import audit
from storage import write_transaction
from storage.at_rest import seal_closed_rounds
from surveys import clock
from surveys.rounds import RoundError, create_round, invite

ACTOR = "cadence"


@dataclass(frozen=True)
class Window:
    period: str
    opens_on: dt.date
    closes_on: dt.date
    title: str


def _iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def window_for(cadence: dict, template_name: str, today: dt.date) -> Window | None:
    """The round window of ``cadence`` that contains ``today``, or None when none is open."""
    kind, weekday, open_days = cadence["kind"], cadence["weekday"], cadence["open_days"]
    if kind in ("weekly", "onboarding"):
        opens = today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=weekday)
        period = _iso_week(opens)
        title = f"{template_name}, week of {opens:%d %b %Y}"
    elif kind == "quarterly":
        quarter = (today.month - 1) // 3
        first = dt.date(today.year, quarter * 3 + 1, 1)
        opens = first + dt.timedelta(days=(weekday - first.weekday()) % 7)
        period = f"{today.year}-Q{quarter + 1}"
        title = f"{template_name}, Q{quarter + 1} {today.year}"
    else:
        raise ValueError(f"Unknown cadence kind {kind!r}")
    closes = opens + dt.timedelta(days=open_days - 1)
    if not opens <= today <= closes:
        return None
    return Window(period, opens, closes, title)


def onboarding_employee_ids(
    db: sqlite_utils.Database, offset_days: int, window: Window
) -> list[int]:
    """Active people whose start date plus ``offset_days`` falls in the window's week."""
    monday = window.opens_on - dt.timedelta(days=window.opens_on.weekday())
    rows = db.execute(
        "SELECT id FROM employees WHERE status = 'active' "
        "AND date(start_date, '+' || ? || ' days') BETWEEN ? AND ? ORDER BY id",
        [offset_days, monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat()],
    )
    return [r[0] for r in rows]


def run_cadence(db: sqlite_utils.Database, today: dt.date | None = None) -> list[int]:
    """Create every round that is due today; returns the ids of rounds created now.

    Onboarding rounds also invite people added to the roster after the week's round was made.
    """
    today = today or clock.today()
    seal_closed_rounds(db, today)  # at rest: closed rounds keep no order of submissions
    if "survey_cadences" not in db.table_names():
        return []
    cadences = list(
        db.query(
            "SELECT c.*, t.name AS template_name FROM survey_cadences c "
            "JOIN templates t ON t.id = c.template_id WHERE c.active = 1 ORDER BY c.id"
        )
    )
    created: list[int] = []
    for cadence in cadences:
        window = window_for(cadence, cadence["template_name"], today)
        if window is None:
            continue
        try:
            with write_transaction(db):
                existing = db.execute(
                    "SELECT id FROM rounds WHERE template_id = ? AND period = ?",
                    [cadence["template_id"], window.period],
                ).fetchone()
                if cadence["kind"] == "onboarding":
                    people = onboarding_employee_ids(db, cadence["offset_days"], window)
                    if existing:
                        invite(db, existing[0], people)
                        continue
                    if not people:
                        continue
                    audience = {"audience": "employees", "employee_ids": people}
                else:
                    if existing:
                        continue
                    audience = {"audience": "all"}
                created.append(
                    create_round(
                        db,
                        cadence["template_id"],
                        window.opens_on,
                        window.closes_on,
                        actor=ACTOR,
                        period=window.period,
                        title=window.title,
                        **audience,
                    )
                )
        except sqlite3.IntegrityError:
            continue  # another process created the same period first
        except RoundError:
            continue  # nobody to invite (an empty roster)
    return created


def run_cadence_on_start(db: sqlite_utils.Database) -> list[int]:
    """Start-up hook: ``run_cadence`` unless ``VITALS_CADENCE_ON_START=0`` (the test suite sets
    it so other packages' tests do not get a new round depending on the weekday they run)."""
    if os.environ.get("VITALS_CADENCE_ON_START", "1") == "0":
        return []
    return run_cadence(db)


def list_cadences(db: sqlite_utils.Database) -> list[dict]:
    return list(
        db.query(
            "SELECT c.id, t.name AS template, c.kind, c.weekday, c.open_days, c.offset_days, "
            "c.active FROM survey_cadences c JOIN templates t ON t.id = c.template_id "
            "ORDER BY c.id"
        )
    )


def set_cadence_active(
    db: sqlite_utils.Database, cadence_id: int, active: bool, actor: str
) -> None:
    with write_transaction(db):
        db.execute("UPDATE survey_cadences SET active = ? WHERE id = ?", [int(active), cadence_id])
        audit.record(db, actor, "survey_cadence_changed", {"id": cadence_id, "active": active})
