"""Where action is missing: the viewer's teams whose latest released scores are low and that
have no open action. A director (a department's leader) sees their teams; an administrator
every team. Read from the Overview's released window, never from answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import sqlite_utils

from actions import plans
from insights import views
from org.access import Viewer
from org.tree import ROOT

# A released value past these is "low" (the Overview's red end of the heatmap).
LOW_ENGAGEMENT_BELOW = 60.0
HIGH_BURNOUT_FROM = 40.0
LOW_INTENT_TO_STAY_FROM = 30.0


@dataclass(frozen=True)
class NeedsAction:
    team_id: int
    team: str
    reasons: tuple[str, ...]


def _value(row: dict, column: str) -> float | None:
    value = row.get(column)
    return None if value is None or pd.isna(value) else float(value)


def _reasons(row: dict) -> tuple[str, ...]:
    engagement = _value(row, "Engagement")
    burnout = _value(row, "Burnout rate")
    stay = _value(row, "Low intent to stay")
    out = []
    if engagement is not None and engagement < LOW_ENGAGEMENT_BELOW:
        out.append(f"engagement {engagement:.1f} %")
    if burnout is not None and burnout >= HIGH_BURNOUT_FROM:
        out.append(f"burnout {burnout:.1f} %")
    if stay is not None and stay >= LOW_INTENT_TO_STAY_FROM:
        out.append(f"low intent to stay {stay:.1f} %")
    return tuple(out)


def teams_needing_action(
    db: sqlite_utils.Database,
    viewer: Viewer,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[NeedsAction]:
    """Teams in scope with a low released score over the latest rounds (the Overview's
    current window; by default of the last 26 weeks of rounds) and no open action."""
    teams = plans.manageable_teams(db, viewer)
    bounds = views.date_bounds(db)
    if not teams or bounds is None:
        return []
    end = end or bounds[1]
    start = start or max(bounds[0], end - dt.timedelta(weeks=25))
    overview = views.overview(db, viewer, start, end)
    busy = {a.team_id for a in plans.team_actions(db, list(teams)) if a.is_open}
    out = []
    for row in overview.table.to_dict("records"):
        group = row["group"]
        if group == ROOT or group not in teams or group in busy:
            continue
        reasons = _reasons(row)
        if reasons:
            out.append(NeedsAction(group, teams[group], reasons))
    return out
