"""Roster administration: CSV import with a preview and row-by-row errors, export, leavers, moves.

The import reads two CSV files, teams (``name``, ``parent``) and employees (``name``, ``email``,
``team``, ``start_date`` and optionally ``job_role``, ``job_family``, ``left_date``). It is checked
as a whole first: any error (missing columns, duplicate or malformed emails, unknown teams, bad
dates, cycles in the team hierarchy) is reported with its file, line and column and nothing is
written. A clean plan is applied all-or-nothing in one transaction. Rows match existing teams by
name and existing employees by email (case-insensitive): matches that differ are updated, the
same are "unchanged" (re-importing an export changes nothing and says so), others created.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

import sqlite_utils

from accounts.session import end_employee_sessions
from org import audit
from org.spreadsheet import csv_text, from_cell
from storage import write_transaction

TEAM_COLUMNS = ("name", "parent")
TEAM_REQUIRED = ("name",)
EMPLOYEE_COLUMNS = ("name", "email", "team", "start_date", "job_role", "job_family", "left_date")
EMPLOYEE_REQUIRED = ("name", "email", "team", "start_date")


class RosterError(ValueError):
    """The roster cannot be imported; nothing was changed."""


@dataclass(frozen=True)
class RowError:
    file: str  # "teams" or "employees"
    line: int  # line in the CSV file; 1 is the header
    column: str
    message: str


@dataclass
class RosterPlan:
    teams: list[dict] = field(default_factory=list)  # name, parent, action
    employees: list[dict] = field(default_factory=list)  # columns + action
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.teams or self.employees)


def _read(text: str | bytes | None) -> tuple[list[str], list[dict]]:
    if text is None:
        return [], []
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    rows = []
    for raw in reader:
        row = {
            (k or "").strip().lower(): from_cell((v or "").strip()).strip()
            for k, v in raw.items()
            if k
        }
        row["_line"] = reader.line_num
        rows.append(row)
    return header, rows


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def plan_import(
    db: sqlite_utils.Database, teams_csv: str | bytes | None, employees_csv: str | bytes | None
) -> RosterPlan:
    """Check both files and describe what importing them would do (writes nothing)."""
    plan = RosterPlan()
    existing_teams = {
        name.casefold(): (tid, parent)
        for tid, name, parent in db.execute("SELECT id, name, parent_id FROM teams")
    }
    names_by_id = {
        tid: name for tid, name, _ in db.execute("SELECT id, name, parent_id FROM teams")
    }
    parents: dict[str, str | None] = {
        name.casefold(): (names_by_id[parent].casefold() if parent else None)
        for name, (_, parent) in existing_teams.items()
    }
    display: dict[str, str] = {n.casefold(): n for n in names_by_id.values()}

    header, rows = _read(teams_csv)
    if teams_csv is not None:
        missing = [c for c in TEAM_REQUIRED if c not in header]
        for column in missing:
            plan.errors.append(RowError("teams", 1, column, f"missing column '{column}'"))
        seen: dict[str, int] = {}
        for row in rows if not missing else []:
            line, name, parent = row["_line"], row.get("name", ""), row.get("parent", "")
            if not name:
                plan.errors.append(RowError("teams", line, "name", "team name is empty"))
                continue
            key = name.casefold()
            if key in seen:
                plan.errors.append(
                    RowError("teams", line, "name", f"team '{name}' repeats line {seen[key]}")
                )
                continue
            seen[key] = line
            display.setdefault(key, name)
            parents[key] = parent.casefold() if parent else None
            if key not in existing_teams:
                action = "create"
            else:
                was = existing_teams[key][1]
                same = (names_by_id[was].casefold() if was else None) == parents[key]
                action = "unchanged" if same else "update"
            plan.teams.append({"line": line, "name": name, "parent": parent, "action": action})
        for team in plan.teams:
            parent = team["parent"]
            if parent and parent.casefold() not in parents:
                plan.errors.append(
                    RowError("teams", team["line"], "parent", f"unknown team '{parent}'")
                )
        for team in plan.teams:
            cycle = _cycle_from(team["name"].casefold(), parents)
            if cycle:
                path = " → ".join(display.get(n, n) for n in cycle)
                plan.errors.append(
                    RowError(
                        "teams", team["line"], "parent", f"cycle in the team hierarchy: {path}"
                    )
                )

    header, rows = _read(employees_csv)
    if employees_csv is not None:
        missing = [c for c in EMPLOYEE_REQUIRED if c not in header]
        for column in missing:
            plan.errors.append(RowError("employees", 1, column, f"missing column '{column}'"))
        emails: dict[str, int] = {}
        for row in rows if not missing else []:
            plan.employees.append(_check_employee(db, row, parents, emails, plan.errors))
        plan.employees = [e for e in plan.employees if e is not None]
    if teams_csv is None and employees_csv is None:
        plan.errors.append(RowError("employees", 0, "", "no file to import"))
    return plan


def _cycle_from(start: str, parents: dict[str, str | None]) -> list[str] | None:
    path, node = [start], parents.get(start)
    while node is not None:
        if node == start:
            return path + [node]
        if node in path:
            return None  # a cycle not through ``start``: reported on its own members' rows
        path.append(node)
        node = parents.get(node)
    return None


def _check_employee(
    db: sqlite_utils.Database,
    row: dict,
    teams: dict[str, str | None],
    emails: dict[str, int],
    errors: list[RowError],
) -> dict | None:
    line = row["_line"]
    before = len(errors)

    def error(column: str, message: str) -> None:
        errors.append(RowError("employees", line, column, message))

    for column in EMPLOYEE_REQUIRED:
        if not row.get(column):
            error(column, f"{column.replace('_', ' ')} is empty")
    email = row.get("email", "")
    if email:
        if "@" not in email or email.startswith("@") or email.endswith("@") or " " in email:
            error("email", f"'{email}' is not an email address")
        elif email.casefold() in emails:
            error("email", f"duplicate email {email} (also on line {emails[email.casefold()]})")
        else:
            emails[email.casefold()] = line
    team = row.get("team", "")
    if team and team.casefold() not in teams:
        error("team", f"unknown team '{team}'")
    start = _date(row.get("start_date", "")) if row.get("start_date") else None
    if row.get("start_date") and start is None:
        error("start_date", f"'{row['start_date']}' is not a date (use YYYY-MM-DD)")
    left = None
    if row.get("left_date"):
        left = _date(row["left_date"])
        if left is None:
            error("left_date", f"'{row['left_date']}' is not a date (use YYYY-MM-DD)")
        elif start is not None and left < start:
            error("left_date", "left date is before the start date")
    if len(errors) > before:
        return None
    person = {
        "line": line,
        "name": row["name"],
        "email": email,
        "team": team,
        "job_role": row.get("job_role", ""),
        "job_family": row.get("job_family", ""),
        "start_date": start.isoformat() if start else "",
        "left_date": left.isoformat() if left else "",
    }
    return {**person, "action": _employee_action(db, person)}


def _employee_action(db: sqlite_utils.Database, person: dict) -> str:
    """create, update, or unchanged when every imported field already holds the same value."""
    found = db.execute(
        "SELECT e.name, coalesce(t.name, ''), coalesce(e.job_role, ''), "
        "coalesce(e.job_family, ''), coalesce(e.start_date, ''), coalesce(e.left_date, '') "
        "FROM employees e LEFT JOIN teams t ON t.id = e.team_id WHERE e.email = ?",
        [person["email"]],
    ).fetchone()
    if found is None:
        return "create"
    name, team, role, family, start, left = found
    now = (name, team.casefold(), role, family, start, left)
    wanted = (
        person["name"],
        person["team"].casefold(),
        person["job_role"],
        person["job_family"],
        person["start_date"],
        person["left_date"],
    )
    return "unchanged" if now == wanted else "update"


def apply_import(db: sqlite_utils.Database, plan: RosterPlan, actor: str) -> dict[str, int]:
    """Write a clean plan in one transaction; any failure leaves the database as it was."""
    if plan.errors:
        raise RosterError(f"The roster has {len(plan.errors)} error(s); nothing was imported.")
    counts = {
        "teams_created": 0,
        "teams_updated": 0,
        "employees_created": 0,
        "employees_updated": 0,
        "unchanged": 0,
    }
    with write_transaction(db):
        ids = {n.casefold(): i for i, n in db.execute("SELECT id, name FROM teams")}
        for team in plan.teams:
            key = team["name"].casefold()
            if key not in ids:
                ids[key] = db["teams"].insert({"name": team["name"]}).last_pk
                counts["teams_created"] += 1
            elif team["action"] == "unchanged":
                counts["unchanged"] += 1
            else:
                counts["teams_updated"] += 1
        for team in plan.teams:
            parent = ids[team["parent"].casefold()] if team["parent"] else None
            db.execute(
                "UPDATE teams SET parent_id = ? WHERE id = ?",
                [parent, ids[team["name"].casefold()]],
            )
        for person in plan.employees:
            if person["action"] == "unchanged":
                counts["unchanged"] += 1
                continue
            values = {
                "name": person["name"],
                "team_id": ids[person["team"].casefold()],
                "job_role": person["job_role"],
                "job_family": person["job_family"],
                "start_date": person["start_date"],
                "status": "left" if person["left_date"] else "active",
                "left_date": person["left_date"] or None,
            }
            found = db.execute(
                "SELECT id FROM employees WHERE email = ?", [person["email"]]
            ).fetchone()
            if found:
                db["employees"].update(found[0], values)
                counts["employees_updated"] += 1
            else:
                db["employees"].insert({**values, "email": person["email"]})
                counts["employees_created"] += 1
        audit.record(db, actor, "roster_imported", counts)
    return counts


def export_roster(db: sqlite_utils.Database, actor: str) -> str:
    """The roster as an employees CSV that ``plan_import`` accepts back (audited)."""
    rows = db.query(
        "SELECT e.name, e.email, t.name AS team, e.start_date, e.job_role, e.job_family, "
        "coalesce(e.left_date, '') AS left_date FROM employees e "
        "LEFT JOIN teams t ON t.id = e.team_id ORDER BY t.name, e.name"
    )
    records = [[row[c] for c in EMPLOYEE_COLUMNS] for row in rows]
    with write_transaction(db):
        audit.record(db, actor, "export", {"what": "roster", "rows": len(records)})
    return csv_text(EMPLOYEE_COLUMNS, records)


def export_teams(db: sqlite_utils.Database, actor: str) -> str:
    rows = db.query(
        "SELECT t.name, coalesce(p.name, '') AS parent FROM teams t "
        "LEFT JOIN teams p ON p.id = t.parent_id WHERE t.archived = 0 ORDER BY t.id"
    )
    records = [[row[c] for c in TEAM_COLUMNS] for row in rows]
    with write_transaction(db):
        audit.record(db, actor, "export", {"what": "teams"})
    return csv_text(TEAM_COLUMNS, records)


def roster(db: sqlite_utils.Database, include_left: bool = True) -> list[dict]:
    where = "" if include_left else "WHERE e.status = 'active'"
    return list(
        db.query(
            "SELECT e.id, e.name, e.email, e.team_id, t.name AS team, e.job_role, e.start_date, "
            f"e.status, e.left_date FROM employees e LEFT JOIN teams t ON t.id = e.team_id {where} "
            "ORDER BY e.name"
        )
    )


def mark_left(db: sqlite_utils.Database, employee_id: int, left_date: dt.date, actor: str) -> None:
    with write_transaction(db):
        row = db.execute(
            "SELECT email, start_date, status FROM employees WHERE id = ?", [employee_id]
        ).fetchone()
        if row is None:
            raise RosterError("Unknown employee.")
        if row[2] == "left":
            raise RosterError("This person is already marked as left.")
        if left_date.isoformat() < row[1]:
            raise RosterError("The leaving date cannot be before the start date.")
        db.execute(
            "UPDATE employees SET status = 'left', left_date = ? WHERE id = ?",
            [left_date.isoformat(), employee_id],
        )
        db.execute("DELETE FROM team_leaders WHERE employee_id = ?", [employee_id])
        end_employee_sessions(db, employee_id)
        audit.record(
            db, actor, "employee_left", {"email": row[0], "left_date": left_date.isoformat()}
        )


def move_employee(db: sqlite_utils.Database, employee_id: int, team_id: int, actor: str) -> None:
    with write_transaction(db):
        row = db.execute(
            "SELECT email, team_id FROM employees WHERE id = ?", [employee_id]
        ).fetchone()
        team = db.execute(
            "SELECT name FROM teams WHERE id = ? AND archived = 0", [team_id]
        ).fetchone()
        if row is None or team is None:
            raise RosterError("Unknown employee or team.")
        if row[1] == team_id:
            raise RosterError("This person is already in that team.")
        db.execute("UPDATE employees SET team_id = ? WHERE id = ?", [team_id, employee_id])
        audit.record(db, actor, "employee_moved", {"email": row[0], "team": team[0]})
