"""Nominating a colleague: the rules, and one all-or-nothing write.

A message is stored as typed (apart from surrounding blank space) and always shown as plain
text, so HTML or markdown in it is kept verbatim and never interpreted.
"""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from org.access import Viewer
from recognition.errors import RecognitionError
from storage import write_transaction

MESSAGE_MIN = 20
MESSAGE_MAX = 1000
REPEAT_WINDOW = dt.timedelta(days=1)
# A nomination names what stood out: citing every value says nothing (and counts for nothing).
MAX_VALUES = 3
VISIBILITIES = ("public", "private")


def colleague_choices(db: sqlite_utils.Database, viewer: Viewer) -> list[dict]:
    """Current colleagues the viewer may nominate, labelled "Name — Team" for searching."""
    me = viewer.employee_id if viewer.employee_id is not None else -1
    rows = db.query(
        "SELECT e.id, e.name, coalesce(t.name, 'No team') AS team FROM employees e "
        "LEFT JOIN teams t ON t.id = e.team_id "
        "WHERE e.status = 'active' AND e.id <> ? ORDER BY e.name, t.name, e.id",
        [me],
    )
    return [{**row, "label": f"{row['name']} — {row['team']}"} for row in rows]


def _person(db: sqlite_utils.Database, employee_id: int) -> dict | None:
    row = db.execute(
        "SELECT id, name, team_id, status FROM employees WHERE id = ?", [employee_id]
    ).fetchone()
    return dict(zip(("id", "name", "team_id", "status"), row, strict=True)) if row else None


def _check_message(message: str | None) -> str:
    text = (message or "").strip()
    if not text:
        raise RecognitionError("Write a message saying what they did (at least 20 characters).")
    if len(text) < MESSAGE_MIN:
        raise RecognitionError(
            f"Say a little more: the message needs at least {MESSAGE_MIN} characters "
            f"(it has {len(text)})."
        )
    if len(text) > MESSAGE_MAX:
        raise RecognitionError(
            f"Keep the message to {MESSAGE_MAX:,} characters (it has {len(text):,})."
        )
    return text


def _check_values(db: sqlite_utils.Database, value_ids) -> list[int]:
    chosen = sorted({int(v) for v in (value_ids or [])})
    if not chosen:
        raise RecognitionError("Choose at least one of our values that this shows.")
    if len(chosen) > MAX_VALUES:
        raise RecognitionError(f"Choose up to {MAX_VALUES} values: the ones this really shows.")
    marks = ",".join("?" * len(chosen))
    active = {
        r[0]
        for r in db.execute(
            f"SELECT id FROM org_values WHERE active = 1 AND id IN ({marks})", chosen
        )
    }
    if set(chosen) - active:
        raise RecognitionError(
            "One of the chosen values is not one of our current values; choose again."
        )
    return chosen


def nominate(
    db: sqlite_utils.Database,
    viewer: Viewer,
    nominee_id: int | None,
    value_ids,
    message: str | None,
    visibility: str = "public",
    now: dt.datetime | None = None,
) -> int:
    """Store one nomination from the viewer and the values it cites; returns its id.

    Raises ``RecognitionError`` (nothing stored) for: no nominator on the roster, no or
    unknown nominee, self-nomination, a nominee who has left, an empty, short or over-long
    message, no or unknown values, an unknown visibility, or a second nomination of the same
    colleague by the same person within a day.
    """
    now = now or dt.datetime.now()
    if viewer.employee_id is None:
        raise RecognitionError(
            "Nominations come from a person: pick who you are in the sidebar (demo mode); "
            "the demo administrator is not on the roster."
        )
    if nominee_id is None:
        raise RecognitionError("Choose the colleague you want to recognise.")
    text = _check_message(message)
    if visibility not in VISIBILITIES:
        raise RecognitionError("Choose whether the recognition is public or private.")
    with write_transaction(db):
        nominator = _person(db, viewer.employee_id)
        if nominator is None or nominator["status"] != "active":
            raise RecognitionError("Only current employees can nominate colleagues.")
        nominee = _person(db, int(nominee_id))
        if nominee is None:
            raise RecognitionError(
                "That person is no longer on the roster; choose another colleague."
            )
        if nominee["id"] == nominator["id"]:
            raise RecognitionError(
                "You cannot nominate yourself; recognition is for what others see in you."
            )
        if nominee["status"] != "active":
            raise RecognitionError(
                f"{nominee['name']} has left the organisation and can no longer be nominated."
            )
        chosen = _check_values(db, value_ids)
        since = (now - REPEAT_WINDOW).isoformat(timespec="seconds")
        repeat = db.execute(
            "SELECT 1 FROM nominations WHERE nominator_id = ? AND nominee_id = ? "
            "AND created_at > ?",
            [nominator["id"], nominee["id"], since],
        ).fetchone()
        if repeat:
            raise RecognitionError(
                f"You already recognised {nominee['name']} in the last 24 hours; "
                "you can recognise them again tomorrow."
            )
        nomination_id = (
            db["nominations"]
            .insert(
                {
                    "nominator_id": nominator["id"],
                    "nominee_id": nominee["id"],
                    "message": text,
                    "visibility": visibility,
                    "created_at": now.isoformat(timespec="seconds"),
                    "nominator_team_id": nominator["team_id"],
                    "nominee_team_id": nominee["team_id"],
                }
            )
            .last_pk
        )
        db["nomination_values"].insert_all(
            [{"nomination_id": nomination_id, "value_id": v} for v in chosen]
        )
    return int(nomination_id)
