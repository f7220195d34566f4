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
    outside: bool | None  # the two windows' 95 % Wilson intervals do not overlap
    worse: bool
    importance: float
    text: str


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
        for key in ALERT_MEASURES:
            measure = m.measure(key)
            a, b = before.values.get(key), now.values.get(key)
            if a is None or b is None or abs(b - a) < MIN_CHANGE:
                continue
            outside = None
            if key in before.counts and key in now.counts:
                old = measure.interval(*before.counts[key])
                new = measure.interval(*now.counts[key])
                if old is not None and new is not None:
                    outside = new[0] > old[1] or new[1] < old[0]
            worse = (b > a) == measure.rise_is_bad
            importance = abs(b - a) * (2 if outside else 1) * (1.5 if worse else 1)
            note = {True: " (outside the interval)", False: " (within the noise)", None: ""}
            text = (
                f"{panel.name(group)}: {measure.in_sentence()} {measure.text(a)} -> "
                f"{measure.text(b)} since {span}{note[outside]}"
            )
            alerts.append(
                Alert(group, panel.name(group), key, a, b, outside, worse, importance, text)
            )
    return sorted(alerts, key=lambda x: -x.importance)
