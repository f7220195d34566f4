"""What changed: each visible group's measures in the latest rounds against an earlier window,
ranked by importance, built from guarded window figures only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils

from insights import measures as m
from insights import source
from insights.panel import Panel, build_panel
from insights.views import (
    MEASURE_LABELS,
    WINDOW_ROUNDS,
    AccessDenied,
    Overview,
    ordered_groups,
    split_windows,
    visible_groups,
    window_figures,
)
from org.access import Viewer
from surveys.bank import DRIVERS

MIN_CHANGE = 5.0  # points
# measure -> True when a rise is bad
DIRECTION = {
    "burnout": True,
    "stay": True,
    "negative_comments": True,
    "engagement": False,
    "enps": False,
    "participation": False,
    **{f"driver:{d}": False for d in DRIVERS},
}


@dataclass(frozen=True)
class Alert:
    group: int
    team: str
    measure: str
    before: float
    after: float
    outside: bool | None  # the two windows' 95 % Wilson intervals do not overlap
    worse: bool
    importance: float
    text: str


def _label(measure: str) -> str:
    if measure.startswith("driver:"):
        return f"{DRIVERS[measure.split(':', 1)[1]]} driver"
    return MEASURE_LABELS[measure].lower() if measure != "enps" else "eNPS"


def _fmt(measure: str, value: float) -> str:
    return f"{value:+.0f}" if measure == "enps" else f"{value:.0f} %"


def changes(
    db: sqlite_utils.Database,
    viewer: Viewer,
    start: dt.date,
    end: dt.date,
    compare: str = "previous",
) -> list[Alert]:
    """Alerts for the latest four rounds against the four before (``compare="previous"``) or
    the first four rounds of the range (``"start"``), most important first."""
    groups = visible_groups(db, viewer)
    if not groups:
        raise AccessDenied("Insights are for leaders and administrators.")
    rounds = source.rounds_between(db, start, end)
    panel = build_panel(db, rounds, groups)
    return alerts_from(panel, ordered_groups(panel, groups), compare)


def overview_moves(overview: Overview, compare: str = "start") -> list[Alert]:
    """The alerts of an already built overview (core measures only, no second panel)."""
    return alerts_from(overview.panel, overview.groups, compare)


def alerts_from(panel: Panel, groups: list[int], compare: str) -> list[Alert]:
    """Alerts for ``groups`` (already checked against the viewer's scope) from a panel."""
    ids = panel.round_ids
    current, previous = split_windows(ids)
    if compare == "start":
        previous = ids[:WINDOW_ROUNDS] if len(ids) >= 2 * WINDOW_ROUNDS else []
    span = "the previous four rounds" if compare == "previous" else "the first four rounds"
    alerts = []
    for group in groups:
        now, before = window_figures(panel, current, group), window_figures(panel, previous, group)
        if not now.rounds_used or not before.rounds_used:
            continue
        for measure, rise_is_bad in DIRECTION.items():
            a, b = before.values.get(measure), now.values.get(measure)
            if a is None or b is None or abs(b - a) < MIN_CHANGE:
                continue
            outside = None
            if measure != "enps" and measure in before.counts and measure in now.counts:
                old, new = _interval(before, measure), _interval(now, measure)
                outside = bool(old and new) and (new[0] > old[1] or new[1] < old[0])
            worse = (b > a) == rise_is_bad
            importance = abs(b - a) * (2 if outside else 1) * (1.5 if worse else 1)
            note = {True: " (outside the interval)", False: " (within the noise)", None: ""}
            text = (
                f"{panel.name(group)}: {_label(measure)} {_fmt(measure, a)} -> "
                f"{_fmt(measure, b)} since {span}{note[outside]}"
            )
            alerts.append(
                Alert(group, panel.name(group), measure, a, b, outside, worse, importance, text)
            )
    return sorted(alerts, key=lambda x: -x.importance)


def _interval(fig, measure: str):
    counts = fig.counts[measure]
    hits = counts.low if measure == "stay" else counts.high
    return m.wilson_interval(hits, counts.total)
