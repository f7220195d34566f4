"""What changed: each visible group's measures in the latest rounds against an earlier window,
ranked by importance, built from guarded window figures only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlite_utils

from insights import measures as m
from insights import source
from insights.panel import Panel, build_panel
from insights.significance import FALSE_DISCOVERY_RATE, benjamini_hochberg, change_p_value
from insights.views import (
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
ALERT_MEASURES = (
    "burnout",
    "stay",
    "negative_comments",
    "engagement",
    "enps",
    "participation",
    *(f"{m.DRIVER_PREFIX}{d}" for d in DRIVERS),
)


@dataclass(frozen=True)
class Alert:
    group: int
    team: str
    measure: str
    before: float
    after: float
    q_value: float  # Benjamini-Hochberg adjusted p-value across the page's comparisons
    worse: bool
    importance: float
    text: str


@dataclass(frozen=True)
class Moves:
    """The changes beyond the noise, and how many team x measure changes were looked at
    (the false discovery rate is controlled over all of them)."""

    alerts: list[Alert] = field(default_factory=list)
    compared: int = 0


def changes(
    db: sqlite_utils.Database,
    viewer: Viewer,
    start: dt.date,
    end: dt.date,
    compare: str = "previous",
) -> Moves:
    """Changes of the latest four rounds against the four before (``compare="previous"``)
    or the first four rounds of the range (``"start"``), most important first."""
    groups = visible_groups(db, viewer)
    if not groups:
        raise AccessDenied("Insights are for leaders and administrators.")
    rounds = source.rounds_between(db, start, end)
    panel = build_panel(db, rounds, groups)
    return alerts_from(panel, ordered_groups(panel, groups), compare)


def overview_moves(overview: Overview, compare: str = "start") -> Moves:
    """The changes of an already built overview (core measures only, no second panel)."""
    return alerts_from(overview.panel, overview.groups, compare)


def alerts_from(panel: Panel, groups: list[int], compare: str) -> Moves:
    """Every measure of every group in ``groups`` (already checked against the viewer's
    scope) tested for a change; those beyond the noise at the page's false discovery rate
    and of at least ``MIN_CHANGE`` points become alerts."""
    ids = panel.series_ids
    current, previous = split_windows(ids)
    if compare == "start":
        previous = ids[:WINDOW_ROUNDS] if len(ids) >= 2 * WINDOW_ROUNDS else []
    span = "the previous four rounds" if compare == "previous" else "the first four rounds"
    tested = []
    for group in groups:
        now, before = window_figures(panel, current, group), window_figures(panel, previous, group)
        if not now.rounds_used or not before.rounds_used:
            continue
        for key in ALERT_MEASURES:
            if key not in before.counts or key not in now.counts:
                continue
            measure = m.measure(key)
            p = change_p_value(measure, before.counts[key], now.counts[key])
            if p is not None:
                tested.append((group, measure, before.values[key], now.values[key], p))
    alerts = []
    q_values = benjamini_hochberg([p for *_, p in tested])
    for (group, measure, a, b, _), q in zip(tested, q_values, strict=True):
        if q > FALSE_DISCOVERY_RATE or abs(b - a) < MIN_CHANGE:
            continue
        worse = (b > a) == measure.rise_is_bad
        text = (
            f"{panel.name(group)}: {measure.in_sentence()} {measure.text(a)} -> "
            f"{measure.text(b)} since {span}"
        )
        importance = abs(b - a) * (1.5 if worse else 1)
        alerts.append(
            Alert(group, panel.name(group), measure.key, a, b, q, worse, importance, text)
        )
    return Moves(sorted(alerts, key=lambda x: -x.importance), len(tested))
