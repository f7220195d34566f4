"""What the Workload page and the overview's early warning show, scoped to the viewer.

Operational figures are not survey answers and carry no anonymity threshold; the survey
figures beside them (burnout, engagement, low intent to stay) are released cells only, read
through ``insights`` exactly as the Team page reads them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import sqlite_utils

from insights import source
from insights.panel import build_panel
from insights.views import require_group, trend_rows
from org.access import Viewer, visible_team_ids
from org.tree import load_tree
from workload import derive, lag, store
from workload.catalogue import label, metrics

SURVEY_MEASURES = ("burnout", "engagement", "stay")
# derived column -> (label, unit)
DERIVED = {
    "volume_per_fte": ("per FTE", ""),
    "vs_baseline_pct": ("Volume per FTE vs baseline", "%"),
    "overtime_share_pct": ("Overtime share", "%"),
    "vacancy_rate_pct": ("Vacancy rate", "%"),
    "abandonment_pct": ("Abandonment", "%"),
}


@dataclass
class WorkloadView:
    team_id: int
    name: str
    table: pd.DataFrame  # weekly figures as stored (index: Monday)
    derived: pd.DataFrame
    volume: str | None  # the main volume metric
    baseline: derive.Baseline | None
    timeline: pd.DataFrame  # week, panel, series, value: operations and released survey cells
    phones: pd.DataFrame  # Erlang C per week (phone teams)
    fte: derive.FteScenario | None
    phone: derive.PhoneScenario | None
    warning: derive.Warning | None
    backlog_slope: float | None


def workload_teams(db: sqlite_utils.Database, viewer: Viewer) -> dict[str, int]:
    """Teams in the viewer's scope that have figures, by name (tree order)."""
    scope = visible_team_ids(db, viewer) & store.teams_with_figures(db)
    tree, _ = load_tree(db)
    return {tree.names[t]: t for t in sorted(scope, key=lambda t: tree.names[t])}


def volume_label(key: str | None) -> str:
    return f"{label(key)} per FTE" if key else "Volume per FTE"


def workload_view(
    db: sqlite_utils.Database, viewer: Viewer, team_id: int, start: dt.date, end: dt.date
) -> WorkloadView:
    """One team's weeks from ``start`` to ``end``: figures, derived figures, scenarios and the
    released survey cells on the same weeks. Raises ``AccessDenied`` outside the scope."""
    require_group(db, viewer, team_id)
    table = store.weekly_table(db, team_id, start, end)
    out = derive.derived(table)
    volume = derive.main_volume(table)
    base = derive.baseline(out["volume_per_fte"]) if "volume_per_fte" in out else None
    tree, _ = load_tree(db)
    rows = []
    per_fte = volume_label(volume)
    for column, (name, _) in DERIVED.items():
        if column not in out:
            continue
        panel = "Work volume per FTE" if column == "volume_per_fte" else "Operations (%)"
        series = per_fte if column == "volume_per_fte" else name
        if column == "vs_baseline_pct":
            continue  # the per-FTE chart draws the baseline itself
        rows += [
            {"week": w, "panel": panel, "series": series, "value": v}
            for w, v in out[column].items()
            if pd.notna(v)
        ]
    for week, row in _survey(db, viewer, team_id, start, end).iterrows():
        rows.append(row.to_dict() | {"week": week})
    timeline = pd.DataFrame(rows, columns=["week", "panel", "series", "value"])
    return WorkloadView(
        team_id,
        tree.names.get(team_id, f"Team {team_id}"),
        table,
        out,
        volume,
        base,
        timeline,
        derive.phone_weeks(table),
        derive.fte_scenario(table),
        derive.phone_scenario(table),
        derive.early_warning(out["volume_per_fte"]) if "volume_per_fte" in out else None,
        derive.backlog_trend(table["auth_backlog"]) if "auth_backlog" in table else None,
    )


def _survey(db, viewer: Viewer, team_id: int, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Released burnout, engagement and low intent to stay per round (index: opening Monday);
    rounds not shown (too few answers, or still open) stay as gaps, never drawn as zero."""
    rounds = source.rounds_between(db, start, end)
    panel = build_panel(db, rounds, {team_id}, measures=SURVEY_MEASURES)  # scope checked above
    trend = trend_rows(panel, [team_id], SURVEY_MEASURES)
    return pd.DataFrame(
        {
            "panel": "Survey, released results (%)",
            "series": trend["measure"].to_numpy(),
            "value": trend["value"].to_numpy(),
        },
        index=pd.DatetimeIndex(trend["opens_on"].dt.to_period("W-SUN").dt.start_time, name="week"),
    )


@dataclass(frozen=True)
class TeamWarning:
    team_id: int
    name: str
    volume: str
    warning: derive.Warning


def warnings(db: sqlite_utils.Database, viewer: Viewer, end: dt.date) -> list[TeamWarning]:
    """Teams in scope whose volume per FTE has been beyond the noise for several weeks up to
    ``end``, the largest rise first."""
    found = []
    for name, team_id in workload_teams(db, viewer).items():
        table = store.weekly_table(db, team_id, end=end)
        out = derive.derived(table)
        if "volume_per_fte" not in out:
            continue
        warning = derive.early_warning(out["volume_per_fte"])
        if warning is not None:
            found.append(TeamWarning(team_id, name, derive.main_volume(table), warning))
    return sorted(found, key=lambda w: -w.warning.rise_pct)


def weekly_numbers(view: WorkloadView) -> pd.DataFrame:
    """The numbers behind the page: stored and derived figures per week, labelled."""
    table = view.table.rename(columns={k: f"{m.label} ({m.unit})" for k, m in metrics().items()})
    derived = view.derived.rename(
        columns={
            k: (volume_label(view.volume) if k == "volume_per_fte" else f"{n} ({u})")
            for k, (n, u) in DERIVED.items()
        }
    )
    both = pd.concat([table, derived.round(1)], axis=1)
    both.index = both.index.date
    return both.rename_axis("week").reset_index()


def lagged_relation(
    db: sqlite_utils.Database, viewer: Viewer, start: dt.date, end: dt.date
) -> lag.LagRelation:
    """Does workload per FTE lead burnout, over the viewer's teams with figures? Burnout is
    each team's released rate per round (hidden rounds are gaps), read through ``insights``."""
    teams = workload_teams(db, viewer)
    ids = list(teams.values())
    rounds = source.rounds_between(db, start, end)
    panel = build_panel(db, rounds, set(ids), measures=("burnout",))  # the viewer's scope
    trend = trend_rows(panel, ids, ("burnout",)).dropna(subset=["value"])
    weeks = trend["opens_on"].dt.to_period("W-SUN").dt.start_time
    series = {}
    for team_id in ids:
        out = derive.derived(store.weekly_table(db, team_id, start, end))
        if "vs_baseline_pct" not in out:
            continue
        mine = trend["group"] == team_id
        burnout = (
            pd.Series(trend.loc[mine, "value"].to_numpy(), index=weeks[mine])
            .groupby(level=0)
            .mean()
        )
        workload = out["vs_baseline_pct"]
        workload.index = pd.DatetimeIndex(workload.index)
        series[team_id] = (workload, burnout)
    return lag.lag_relation(series)
