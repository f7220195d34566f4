"""Team action plans: what a leader (for their teams) or an administrator (for any team) does
about a result, who owns it, when it is due, and the short updates the team reads.

The rules live here once: who may act on which team (``org.access`` scope), at most
``MAX_OPEN_PER_TEAM`` open actions per team, no due date in the past, no empty title. Every
refusal raises ``ActionError`` before anything is written; every change is audited. Marking an
action done schedules its follow-up item (actions/followup.py) in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils

from actions import followup
from insights.measures import measure
from org import audit
from org.access import Viewer, visible_team_ids
from storage import write_transaction
from surveys import clock
from surveys.bank import DRIVERS

KINDS: dict[str, str] = {
    "training": "Role-specific training",
    "mentorship": "Mentorship and peer support",
    "staffing": "Staffing change",
    "automation": "Workflow or automation",
    "recognition": "Recognition",
    "communication": "Communication",
    "other": "Other",
}
STATUSES: dict[str, str] = {
    "planned": "Planned",
    "in_progress": "In progress",
    "done": "Done",
    "dropped": "Dropped",
}
OPEN_STATUSES = ("planned", "in_progress")
MAX_OPEN_PER_TEAM = 3  # focus: a team works on a few things at once (issue 16)
TITLE_MAX, OWNER_MAX, PLAN_MAX, UPDATE_MAX = 120, 80, 1000, 280
# What an action can address: the released measures with a share and an interval (eNPS is a
# difference of two shares, so it has no single-proportion interval) and every driver.
MEASURES: dict[str, str] = {
    **{key: measure(key).label for key in ("engagement", "burnout", "stay")},
    **{f"driver:{key}": f"{label} (driver)" for key, label in DRIVERS.items()},
}


class ActionError(ValueError):
    """An action change that cannot be made; the message is safe to show and names the value."""


@dataclass(frozen=True)
class Update:
    posted_on: dt.date
    author: str
    text: str


@dataclass(frozen=True)
class Action:
    id: int
    team_id: int
    team: str
    title: str
    measure: str
    kind: str
    owner: str
    due_on: dt.date
    status: str
    plan: str
    shared: bool
    created_on: dt.date
    created_by: str
    done_on: dt.date | None
    followup_question_id: str | None
    updates: tuple[Update, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def measure_label(self) -> str:
        return MEASURES.get(self.measure, self.measure)

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]


# --- scope -------------------------------------------------------------------------------------
def manageable_teams(db: sqlite_utils.Database, viewer: Viewer) -> dict[int, str]:
    """Teams the viewer may plan actions for: led teams and below, every team for admins;
    archived teams take no new work."""
    ids = visible_team_ids(db, viewer) if viewer.is_leader else set()
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return {
        row[0]: row[1]
        for row in db.execute(
            f"SELECT id, name FROM teams WHERE id IN ({marks}) AND archived = 0 ORDER BY name",
            sorted(ids),
        )
    }


def _check_scope(db: sqlite_utils.Database, viewer: Viewer, team_id: object, what: str) -> int:
    """The team id when the viewer may act on it; otherwise the refusal is audited and raised
    (a leader reaching for another team's plan is worth knowing about)."""
    if isinstance(team_id, int) and team_id in manageable_teams(db, viewer):
        return team_id
    with write_transaction(db):
        audit.record(db, viewer.name, "action_refused", {"team": str(team_id), "what": what})
    raise ActionError("You can only plan actions for the teams you lead.")


# --- validation --------------------------------------------------------------------------------
def _text(value: object, label: str, limit: int, required: bool) -> str:
    text = " ".join(str(value or "").split()) if label != "The plan" else str(value or "").strip()
    if required and not text:
        raise ActionError(f"{label} cannot be empty.")
    if len(text) > limit:
        raise ActionError(f"{label} is {len(text)} characters long; the limit is {limit}.")
    return text


def _choice(value: object, options: dict[str, str], label: str) -> str:
    if value not in options:
        raise ActionError(f"Unknown {label}: {value!r}. Choose one of: {', '.join(options)}.")
    return str(value)


def _due(value: object, today: dt.date) -> dt.date:
    if not isinstance(value, dt.date):
        raise ActionError("Give a due date.")
    if value < today:
        raise ActionError(f"The due date {value:%d %b %Y} is in the past; pick today or later.")
    return value


def _open_count(db: sqlite_utils.Database, team_id: int, besides: int | None = None) -> int:
    marks = ",".join("?" * len(OPEN_STATUSES))
    return db.execute(
        f"SELECT count(*) FROM actions WHERE team_id = ? AND status IN ({marks}) AND id <> ?",
        [team_id, *OPEN_STATUSES, besides or -1],
    ).fetchone()[0]


def open_slots(db: sqlite_utils.Database, team_id: int) -> int:
    """How many more open actions the team can take before the limit."""
    return max(0, MAX_OPEN_PER_TEAM - _open_count(db, team_id))


def _limit(db: sqlite_utils.Database, team_id: int, besides: int | None = None) -> None:
    if _open_count(db, team_id, besides) >= MAX_OPEN_PER_TEAM:
        raise ActionError(
            f"This team already has {MAX_OPEN_PER_TEAM} open actions. Finish or drop one "
            "first: a few things done beat a long list."
        )


# --- changes -----------------------------------------------------------------------------------
def create_action(
    db: sqlite_utils.Database,
    viewer: Viewer,
    team_id: int,
    title: str,
    measure: str,
    kind: str,
    owner: str,
    due_on: dt.date,
    plan: str = "",
    shared: bool = True,
    today: dt.date | None = None,
) -> int:
    """Store a new planned action for a team in the viewer's scope; returns its id."""
    today = today or clock.today()
    team_id = _check_scope(db, viewer, team_id, "create")
    row = {
        "team_id": team_id,
        "title": _text(title, "The title", TITLE_MAX, True),
        "measure": _choice(measure, MEASURES, "measure"),
        "kind": _choice(kind, KINDS, "kind of programme"),
        "owner": _text(owner, "The owner", OWNER_MAX, True),
        "due_on": _due(due_on, today).isoformat(),
        "plan": _text(plan, "The plan", PLAN_MAX, False),
        "shared": int(bool(shared)),
        "status": "planned",
        "created_on": today.isoformat(),
        "created_by": viewer.name,
    }
    with write_transaction(db):
        _limit(db, team_id)
        action_id = db["actions"].insert(row).last_pk
        audit.record(db, viewer.name, "action_created", {"action": action_id, "team": team_id})
    return action_id


def update_action(
    db: sqlite_utils.Database,
    viewer: Viewer,
    action_id: int,
    today: dt.date | None = None,
    update: str = "",
    **changes: object,
) -> str:
    """Change an action's title, measure, kind, owner, due date, status, plan or sharing, and
    post ``update`` with it (all or nothing).

    A done action is final (its follow-up item is already asked). Marking one done schedules
    its follow-up; returns a note about that ("" when there is nothing to say)."""
    today = today or clock.today()
    current = get_action(db, viewer, action_id)
    allowed = {"title", "measure", "kind", "owner", "due_on", "status", "plan", "shared"}
    if unknown := set(changes) - allowed:
        raise ActionError(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    if current.status == "done":
        raise ActionError("This action is done; start a new action for further work.")
    row: dict[str, object] = {}
    if "title" in changes:
        row["title"] = _text(changes["title"], "The title", TITLE_MAX, True)
    if "measure" in changes:
        row["measure"] = _choice(changes["measure"], MEASURES, "measure")
    if "kind" in changes:
        row["kind"] = _choice(changes["kind"], KINDS, "kind of programme")
    if "owner" in changes:
        row["owner"] = _text(changes["owner"], "The owner", OWNER_MAX, True)
    if "due_on" in changes and changes["due_on"] != current.due_on:
        row["due_on"] = _due(changes["due_on"], today).isoformat()
    if "plan" in changes:
        row["plan"] = _text(changes["plan"], "The plan", PLAN_MAX, False)
    if "shared" in changes:
        row["shared"] = int(bool(changes["shared"]))
    status = current.status
    if "status" in changes:
        status = _choice(changes["status"], STATUSES, "status")
        row["status"] = status
        row["done_on"] = today.isoformat() if status == "done" else None
    posted = _text(update, "The update", UPDATE_MAX, False)
    note = ""
    with write_transaction(db):
        if posted:
            _insert_update(db, viewer, action_id, posted, today)
        if status in OPEN_STATUSES and not current.is_open:
            _limit(db, current.team_id, besides=action_id)
        if row:
            db["actions"].update(action_id, row)
        if status == "done":
            note = followup.schedule(db, action_id, today)
        audit.record(
            db,
            viewer.name,
            "action_updated",
            {"action": action_id, "team": current.team_id, "fields": sorted(row)},
        )
    return note


def post_update(
    db: sqlite_utils.Database,
    viewer: Viewer,
    action_id: int,
    text: str,
    today: dt.date | None = None,
) -> None:
    """A short note on progress ("new phone queue live from Monday") the team reads."""
    today = today or clock.today()
    action = get_action(db, viewer, action_id)
    clean = _text(text, "The update", UPDATE_MAX, True)
    with write_transaction(db):
        _insert_update(db, viewer, action.id, clean, today)


def _insert_update(
    db: sqlite_utils.Database, viewer: Viewer, action_id: int, text: str, today: dt.date
) -> None:
    db["action_updates"].insert(
        {
            "action_id": action_id,
            "posted_on": today.isoformat(),
            "author": viewer.name,
            "text": text,
        }
    )
    audit.record(db, viewer.name, "action_update_posted", {"action": action_id})


# --- reading -----------------------------------------------------------------------------------
_SELECT = (
    "SELECT a.id, a.team_id, t.name, a.title, a.measure, a.kind, a.owner, a.due_on, a.status, "
    "a.plan, a.shared, a.created_on, a.created_by, a.done_on, a.followup_question_id "
    "FROM actions a JOIN teams t ON t.id = a.team_id "
)


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _actions(db: sqlite_utils.Database, where: str, params: list) -> list[Action]:
    rows = db.execute(_SELECT + where + " ORDER BY a.due_on, a.id", params).fetchall()
    updates: dict[int, list[Update]] = {}
    if rows:
        marks = ",".join("?" * len(rows))
        for action_id, posted, author, text in db.execute(
            f"SELECT action_id, posted_on, author, text FROM action_updates "
            f"WHERE action_id IN ({marks}) ORDER BY posted_on DESC, id DESC",
            [r[0] for r in rows],
        ):
            updates.setdefault(action_id, []).append(Update(_day(posted), author, text))
    return [
        Action(
            r[0], r[1], r[2], r[3], r[4], r[5], r[6], _day(r[7]), r[8], r[9], bool(r[10]),
            _day(r[11]), r[12], _day(r[13]), r[14], tuple(updates.get(r[0], ())),
        )
        for r in rows
    ]  # fmt: skip


def get_action(db: sqlite_utils.Database, viewer: Viewer, action_id: object) -> Action:
    """One action in the viewer's scope (the same refusal for unknown and out of scope, so
    ids cannot be probed)."""
    found = _actions(db, "WHERE a.id = ?", [action_id]) if isinstance(action_id, int) else []
    if not found:
        raise ActionError("No such action among the teams you lead.")
    _check_scope(db, viewer, found[0].team_id, "open")
    return found[0]


def actions_for(db: sqlite_utils.Database, viewer: Viewer) -> list[Action]:
    """Every action of the teams the viewer may plan for, soonest due first."""
    teams = manageable_teams(db, viewer)
    if not teams:
        return []
    marks = ",".join("?" * len(teams))
    return _actions(db, f"WHERE a.team_id IN ({marks})", list(teams))


def team_actions(db: sqlite_utils.Database, team_ids: list[int]) -> list[Action]:
    """All actions of these teams (for statistics: which teams had no action when)."""
    if not team_ids:
        return []
    marks = ",".join("?" * len(team_ids))
    return _actions(db, f"WHERE a.team_id IN ({marks})", list(team_ids))


def shared_with(db: sqlite_utils.Database, team_id: int | None) -> list[Action]:
    """ "You said, we did": the shared, not dropped actions of a team and the departments
    above it, what an employee of that team (or a respondent on their thank-you) reads."""
    if team_id is None:
        return []
    chain, node = [], team_id
    while node is not None and node not in chain:
        chain.append(node)
        row = db.execute("SELECT parent_id FROM teams WHERE id = ?", [node]).fetchone()
        node = row[0] if row else None
    marks = ",".join("?" * len(chain))
    return _actions(
        db, f"WHERE a.team_id IN ({marks}) AND a.shared = 1 AND a.status <> 'dropped'", chain
    )


def employee_team(db: sqlite_utils.Database, employee_id: int | None) -> int | None:
    """The roster team of an employee (whose shared actions they read on their home page)."""
    if employee_id is None:
        return None
    row = db.execute("SELECT team_id FROM employees WHERE id = ?", [employee_id]).fetchone()
    return row[0] if row else None
