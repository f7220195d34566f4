"""Weekly operational figures per team: the CSV importer (checked whole, all-or-nothing, with
row-level errors, like the roster), single-value edits through the same checks, reading.

The CSV has one row per team, week and metric: ``team`` (name), ``week`` (any date of the week,
``YYYY-MM-DD``, or an ISO week ``2026-W23``; stored as its Monday), ``metric`` (a key of
``workload/metrics.csv``) and ``value`` (a plain number). Rows matching a stored team, week and
metric replace its value; the rest are added.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import math
from dataclasses import dataclass, field

import pandas as pd
import sqlite_utils

from org import audit
from org.spreadsheet import csv_text, from_cell
from storage import write_transaction
from surveys import clock
from workload.catalogue import metrics, volume_keys

COLUMNS = ("team", "week", "metric", "value")
EARLIEST_WEEK = dt.date(2000, 1, 3)
MAX_ROWS = 200_000


class WorkloadError(ValueError):
    """The figures cannot be imported or changed; nothing was written."""


@dataclass(frozen=True)
class RowError:
    line: int  # line in the CSV file; 1 is the header, 0 the file as a whole
    column: str
    message: str


@dataclass
class WorkloadPlan:
    rows: list[dict] = field(default_factory=list)  # line, team_id, team, week, metric, value
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def parse_week(text: str) -> dt.date | None:
    """The Monday of the week ``text`` names (a date of that week or an ISO week), or None."""
    text = text.strip()
    try:
        if "W" in text.upper():
            year, week = text.upper().split("-W")
            return dt.date.fromisocalendar(int(year), int(week), 1)
        return monday_of(dt.date.fromisoformat(text))
    except ValueError:
        return None


def _decode(data: str | bytes) -> str | None:
    if isinstance(data, str):
        return data
    if b"\x00" in data:
        return None  # UTF-16 or a binary file (a spreadsheet saved as .xlsx)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def plan_import(
    db: sqlite_utils.Database, data: str | bytes, today: dt.date | None = None
) -> WorkloadPlan:
    """Check a whole file and describe what importing it would do (writes nothing)."""
    plan = WorkloadPlan()
    text = _decode(data)
    if text is None:
        plan.errors.append(
            RowError(0, "", "the file is not UTF-8 text: save it as 'CSV UTF-8' and try again")
        )
        return plan
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    for column in missing:
        plan.errors.append(RowError(1, column, f"missing column '{column}'"))
    if missing:
        return plan
    rows = []
    for raw in reader:
        if len(rows) >= MAX_ROWS:
            plan.errors.append(RowError(reader.line_num, "", f"more than {MAX_ROWS} rows"))
            return plan
        row = {
            (k or "").strip().lower(): from_cell((v or "").strip()).strip()
            for k, v in raw.items()
            if k
        }
        if not any(row.get(c) for c in COLUMNS):
            continue  # a blank line
        row["_line"] = reader.line_num
        rows.append(row)
    if not rows:
        plan.errors.append(RowError(0, "", "the file has no figures"))
        return plan
    _check_rows(db, rows, plan, today or clock.today())
    return plan


def _teams(db: sqlite_utils.Database) -> dict[str, tuple[int, str, bool]]:
    return {
        name.casefold(): (tid, name, bool(archived))
        for tid, name, archived in db.execute("SELECT id, name, archived FROM teams")
    }


def _check_rows(db, rows: list[dict], plan: WorkloadPlan, today: dt.date) -> None:
    teams, catalogue = _teams(db), metrics()
    this_week = monday_of(today)
    seen: dict[tuple[int, str, str], int] = {}
    for row in rows:
        line = row["_line"]
        before = len(plan.errors)

        def error(column: str, message: str, line: int = line) -> None:
            plan.errors.append(RowError(line, column, message))

        for column in COLUMNS:
            if not row.get(column):
                error(column, f"{column} is empty")
        team = teams.get(row.get("team", "").casefold())
        if row.get("team") and team is None:
            error("team", f"unknown team '{row['team']}'")
        elif team and team[2]:
            error("team", f"team '{team[1]}' is archived")
        key = row.get("metric", "").lower()
        metric = catalogue.get(key)
        if key and metric is None:
            close = difflib.get_close_matches(key, list(catalogue), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            error("metric", f"unknown metric '{row['metric']}'{hint}")
        week = parse_week(row["week"]) if row.get("week") else None
        if row.get("week"):
            if week is None:
                error("week", f"'{row['week']}' is not a week (use YYYY-MM-DD or 2026-W23)")
            elif week > this_week:
                error("week", f"the week of {week.isoformat()} is in the future")
            elif week < EARLIEST_WEEK:
                error("week", f"the week of {week.isoformat()} is before {EARLIEST_WEEK.year}")
        value = _number(row["value"]) if row.get("value") else None
        if row.get("value"):
            if value is None:
                error("value", f"'{row['value']}' is not a number")
            elif value < 0:
                error("value", f"{row['value']} is negative")
            elif metric and value > metric.max:
                error(
                    "value",
                    f"{row['value']} is not a plausible {metric.label.lower()} "
                    f"(at most {metric.max:g} {metric.unit})",
                )
        if len(plan.errors) > before:
            continue
        cell = (team[0], week.isoformat(), key)
        if cell in seen:
            error(
                "metric", f"{team[1]}, week of {week.isoformat()}, {key} repeats line {seen[cell]}"
            )
            continue
        seen[cell] = line
        plan.rows.append(
            {
                "line": line,
                "team_id": team[0],
                "team": team[1],
                "week": week.isoformat(),
                "metric": key,
                "value": value,
            }
        )
    _check_weeks(db, plan)  # on the rows that passed their own checks


def _check_weeks(db: sqlite_utils.Database, plan: WorkloadPlan) -> None:
    """Figures that contradict each other within a team's week (stored values count too):
    work volume with no FTE, more calls abandoned than offered."""
    cells: dict[tuple[int, str], dict[str, tuple[float, int]]] = {}
    for row in plan.rows:
        cells.setdefault((row["team_id"], row["week"]), {})[row["metric"]] = (
            row["value"],
            row["line"],
        )
    for (team_id, week), figures in cells.items():
        stored = dict(
            db.execute(
                "SELECT metric, value FROM workload_figures WHERE team_id = ? AND week = ?",
                [team_id, week],
            ).fetchall()
        )
        merged = {k: (v, 0) for k, v in stored.items()} | figures
        fte = merged.get("fte")
        volume = [(k, v, line) for k, (v, line) in merged.items() if k in volume_keys() and v > 0]
        if fte is not None and fte[0] == 0 and volume:
            key, value, line = volume[0]
            at = fte[1] or line
            plan.errors.append(
                RowError(at, "value", f"FTE is 0 in the week of {week} but {key} is {value:g}")
            )
        offered, abandoned = merged.get("calls_offered"), merged.get("calls_abandoned")
        if offered and abandoned and abandoned[0] > offered[0]:
            plan.errors.append(
                RowError(
                    abandoned[1] or offered[1],
                    "value",
                    f"more calls abandoned ({abandoned[0]:g}) than offered ({offered[0]:g}) "
                    f"in the week of {week}",
                )
            )
    plan.errors.sort(key=lambda e: e.line)


def apply_import(db: sqlite_utils.Database, plan: WorkloadPlan, actor: str) -> dict[str, int]:
    """Write a clean plan in one transaction; any failure leaves the database as it was."""
    if plan.errors:
        raise WorkloadError(f"The file has {len(plan.errors)} error(s); nothing was imported.")
    counts = {"added": 0, "replaced": 0}
    with write_transaction(db):
        for row in plan.rows:
            old = db.execute(
                "SELECT 1 FROM workload_figures WHERE team_id = ? AND week = ? AND metric = ?",
                [row["team_id"], row["week"], row["metric"]],
            ).fetchone()
            counts["replaced" if old else "added"] += 1
            db.execute(
                "INSERT INTO workload_figures (team_id, week, metric, value) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (team_id, week, metric) DO UPDATE SET value = excluded.value",
                [row["team_id"], row["week"], row["metric"], row["value"]],
            )
        audit.record(db, actor, "workload_imported", counts)
    return counts


def set_value(
    db: sqlite_utils.Database,
    team: str,
    week: dt.date,
    metric: str,
    value: float,
    actor: str,
    today: dt.date | None = None,
) -> None:
    """Set one figure, checked exactly as an imported row would be."""
    line = csv_text(COLUMNS, [[team, week.isoformat(), metric, repr(float(value))]])
    plan = plan_import(db, line, today)
    if plan.errors:
        raise WorkloadError("; ".join(e.message for e in plan.errors))
    apply_import(db, plan, actor)


def delete_value(
    db: sqlite_utils.Database, team_id: int, week: dt.date, metric: str, actor: str
) -> None:
    with write_transaction(db):
        gone = db.execute(
            "DELETE FROM workload_figures WHERE team_id = ? AND week = ? AND metric = ?",
            [team_id, monday_of(week).isoformat(), metric],
        ).rowcount
        if not gone:
            raise WorkloadError("There is no such figure.")
        audit.record(
            db,
            actor,
            "workload_deleted",
            {"team_id": team_id, "week": monday_of(week).isoformat(), "metric": metric},
        )


def figures(
    db: sqlite_utils.Database,
    team_ids: list[int] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> pd.DataFrame:
    """Stored figures (team_id, team, week, metric, value), oldest week first."""
    where, params = ["1 = 1"], []
    if team_ids is not None:
        where.append(f"f.team_id IN ({','.join('?' * len(team_ids))})")
        params += list(team_ids)
    if start is not None:
        where.append("f.week >= ?")
        params.append(monday_of(start).isoformat())
    if end is not None:
        where.append("f.week <= ?")
        params.append(end.isoformat())
    rows = db.execute(
        "SELECT f.team_id, t.name, f.week, f.metric, f.value FROM workload_figures f "
        f"JOIN teams t ON t.id = f.team_id WHERE {' AND '.join(where)} "
        "ORDER BY f.week, t.name, f.metric",
        params,
    ).fetchall()
    frame = pd.DataFrame(rows, columns=["team_id", "team", "week", "metric", "value"])
    frame["week"] = pd.to_datetime(frame["week"])
    return frame


def weekly_table(db: sqlite_utils.Database, team_id: int, start=None, end=None) -> pd.DataFrame:
    """One team's figures, one row per week (index: the Monday) and one column per metric."""
    rows = figures(db, [team_id], start, end)
    if rows.empty:
        return pd.DataFrame(index=pd.DatetimeIndex([], name="week"))
    table = rows.pivot(index="week", columns="metric", values="value")
    ordered = [k for k in metrics() if k in table.columns]
    return table[ordered].sort_index()


def teams_with_figures(db: sqlite_utils.Database) -> set[int]:
    return {r[0] for r in db.execute("SELECT DISTINCT team_id FROM workload_figures")}


def data_version(db: sqlite_utils.Database) -> tuple:
    """Changes whenever a figure is added, replaced or deleted (the pages' cache key)."""
    return tuple(
        db.execute(
            "SELECT count(*), total(value), "
            "total(value * team_id * julianday(week) * length(metric)), max(week) "
            "FROM workload_figures"
        ).fetchone()
    )


def export_csv(db: sqlite_utils.Database, actor: str) -> str:
    """Every stored figure as a CSV that ``plan_import`` accepts back (audited)."""
    rows = figures(db)
    records = [
        [r.team, r.week.date().isoformat(), r.metric, f"{r.value:g}"] for r in rows.itertuples()
    ]
    with write_transaction(db):
        audit.record(db, actor, "export", {"what": "workload", "rows": len(records)})
    return csv_text(COLUMNS, records)


def team_names(db: sqlite_utils.Database) -> list[dict]:
    """Teams figures can be entered for (not archived)."""
    return list(db.query("SELECT id, name FROM teams WHERE archived = 0 ORDER BY name"))


def team_id(db: sqlite_utils.Database, name: str) -> int:
    row = db.execute("SELECT id FROM teams WHERE name = ?", [name]).fetchone()
    if row is None:
        raise WorkloadError(f"Unknown team '{name}'.")
    return row[0]
