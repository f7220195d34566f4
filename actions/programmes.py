"""Programme activities: the training sessions and mentorship pairings an action consists of.

An administrator records each one under its action (what, when, who took part), so the
strategies back-office leaders actually use are visible beside what moved after: which teams
got training or mentorship, how much, and the action's measured before/after
(``actions.effect``). Who took part stays an administrator's record: leaders read counts, and
nothing here or in ``insights`` joins participants to answers (a tested rule), so the release
guard's groups are the only way answers are ever cut.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils

from actions import plans
from actions.plans import ActionError
from org import audit
from org.access import Viewer
from storage import write_transaction
from surveys import clock

ACTIVITY_KINDS: dict[str, str] = {
    "training": "Training session",
    "mentorship": "Mentorship pairing",
}
TITLE_MAX = 120
# A pairing is a mentor and a mentee; a session can be one person's course or a whole team.
PEOPLE = {"training": (1, 500), "mentorship": (2, 2)}


@dataclass(frozen=True)
class Activity:
    id: int
    action_id: int
    kind: str
    title: str
    held_on: dt.date
    people: int
    names: tuple[str, ...] = ()  # administrators only

    @property
    def kind_label(self) -> str:
        return ACTIVITY_KINDS[self.kind]


@dataclass(frozen=True)
class ProgrammeRow:
    """One action's programme, for the leaders' summary."""

    team: str
    action: str
    action_id: int
    kind: str
    training_sessions: int
    mentorship_pairings: int
    people: int
    first: dt.date
    last: dt.date


def _require_admin(db: sqlite_utils.Database, viewer: Viewer, action_id: object) -> None:
    if not viewer.is_admin:
        with write_transaction(db):
            audit.record(db, viewer.name, "activity_refused", {"action": str(action_id)})
        raise ActionError("Only an administrator records who took part in a programme.")


def _participants(db: sqlite_utils.Database, kind: str, people: object) -> list[int]:
    if not isinstance(people, list | tuple | set) or not all(isinstance(p, int) for p in people):
        raise ActionError("Choose the people who took part.")
    chosen = sorted(set(people))
    low, high = PEOPLE[kind]
    if not low <= len(chosen) <= high:
        wanted = "a mentor and a mentee" if kind == "mentorship" else f"{low} to {high} people"
        raise ActionError(f"A {ACTIVITY_KINDS[kind].lower()} takes {wanted}.")
    marks = ",".join("?" * len(chosen))
    found = db.execute(
        f"SELECT count(*) FROM employees WHERE id IN ({marks}) AND status = 'active'", chosen
    ).fetchone()[0]
    if found != len(chosen):
        raise ActionError("Everyone who took part must be an active employee on the roster.")
    return chosen


def record_activity(
    db: sqlite_utils.Database,
    viewer: Viewer,
    action_id: int,
    kind: str,
    title: str,
    held_on: object,
    people: object,
    today: dt.date | None = None,
) -> int:
    """Record a training session or a mentorship pairing that has happened; audited with its
    counts, never its names."""
    today = today or clock.today()
    _require_admin(db, viewer, action_id)
    action = plans.get_action(db, viewer, action_id)
    if kind not in ACTIVITY_KINDS:
        raise ActionError(
            f"Unknown activity: {kind!r}. Choose one of: {', '.join(ACTIVITY_KINDS)}."
        )
    name = " ".join(str(title or "").split())
    if not name or len(name) > TITLE_MAX:
        raise ActionError(f"Give the activity a title of 1 to {TITLE_MAX} characters.")
    if not isinstance(held_on, dt.date):
        raise ActionError("Give the day it was held.")
    if held_on > today:
        raise ActionError(f"{held_on:%d %b %Y} is in the future: record it once it has happened.")
    if held_on < action.created_on:
        raise ActionError(f"The action started on {action.created_on:%d %b %Y}; pick a later day.")
    chosen = _participants(db, kind, people)
    with write_transaction(db):
        activity_id = db.execute(
            "INSERT INTO action_activities (action_id, kind, title, held_on, recorded_by) "
            "VALUES (?, ?, ?, ?, ?)",
            [action.id, kind, name, held_on.isoformat(), viewer.name],
        ).lastrowid
        db.conn.executemany(
            "INSERT INTO activity_participants (activity_id, employee_id) VALUES (?, ?)",
            [(activity_id, p) for p in chosen],
        )
        audit.record(
            db,
            viewer.name,
            "activity_recorded",
            {"action": action.id, "kind": kind, "people": len(chosen)},
        )
    return activity_id


def activities(db: sqlite_utils.Database, viewer: Viewer, action_id: int) -> list[Activity]:
    """An action's activities, newest first; names only for administrators."""
    plans.get_action(db, viewer, action_id)  # the action's own scope check
    rows = db.execute(
        "SELECT a.id, a.kind, a.title, a.held_on, count(p.employee_id), "
        " group_concat(e.name, '|') "
        "FROM action_activities a LEFT JOIN activity_participants p ON p.activity_id = a.id "
        "LEFT JOIN employees e ON e.id = p.employee_id "
        "WHERE a.action_id = ? GROUP BY a.id ORDER BY a.held_on DESC, a.id DESC",
        [action_id],
    ).fetchall()
    return [
        Activity(
            id_,
            action_id,
            kind,
            title,
            dt.date.fromisoformat(held_on),
            people,
            tuple(sorted((names or "").split("|"))) if viewer.is_admin and names else (),
        )
        for id_, kind, title, held_on, people, names in rows
    ]


def programme_summary(db: sqlite_utils.Database, viewer: Viewer) -> list[ProgrammeRow]:
    """Per action in the viewer's scope that has activities: sessions, pairings, how many
    different people took part, and when (first and last)."""
    actions = {a.id: a for a in plans.actions_for(db, viewer)}
    if not actions:
        return []
    marks = ",".join("?" * len(actions))
    rows = db.execute(
        "SELECT a.action_id,"
        " count(DISTINCT CASE WHEN a.kind = 'training' THEN a.id END),"
        " count(DISTINCT CASE WHEN a.kind = 'mentorship' THEN a.id END),"
        " count(DISTINCT p.employee_id), min(a.held_on), max(a.held_on) "
        "FROM action_activities a LEFT JOIN activity_participants p ON p.activity_id = a.id "
        f"WHERE a.action_id IN ({marks}) GROUP BY a.action_id",
        sorted(actions),
    ).fetchall()
    out = [
        ProgrammeRow(
            actions[action_id].team,
            actions[action_id].title,
            action_id,
            actions[action_id].kind_label,
            training,
            mentorship,
            people,
            dt.date.fromisoformat(first),
            dt.date.fromisoformat(last),
        )
        for action_id, training, mentorship, people, first, last in rows
    ]
    return sorted(out, key=lambda r: (r.team, r.first))
