"""Does the retention signal foresee who leaves? Checked on the organisation's own roster.

For each origin (one every four weeks, the latest whose 90-day follow-up is over), each team's
retention signal at that date (``views.group_signal``: released cells of the quarter before
it) against the share of the team that left in the 90 days after it (roster: members on the
day, leaving dates). Teams without a signal then (hidden cells) are left out. Only teams (leaf
groups) count: departments would count their teams twice. Docs: docs/METRICS.md "Backtest".
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import pandas as pd
import sqlite_utils

from insights import rankstats, source, views
from insights.panel import CORE_MEASURES, build_panel
from org.access import AccessDenied, Viewer
from org.people import roster_spells
from surveys import clock

FOLLOW_UP_DAYS = 90
ORIGIN_STEP_DAYS = 28  # follow-ups overlap; inference resamples whole teams (rankstats)
TOP_SHARE = 0.25  # the top quarter of teams by signal at an origin


@dataclass
class Backtest:
    origins: list[dt.date] = field(default_factory=list)
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)  # one per origin and team
    rho: float | None = None
    interval: tuple[float, float] | None = None
    p_value: float | None = None
    teams: int = 0
    top: tuple[int, int] = (0, 0)  # leavers, members at origin (top quarter, pooled)
    rest: tuple[int, int] = (0, 0)
    message: str = ""

    @staticmethod
    def rate(counts: tuple[int, int]) -> float | None:
        leavers, members = counts
        return 100.0 * leavers / members if members else None


SIGNIFICANT = 0.05


def verdict(result: Backtest) -> str:
    """One plain sentence on what the figures support."""
    if result.rho is None or result.p_value is None:
        return "Not enough data to judge."
    if result.rho > 0 and result.p_value < SIGNIFICANT:
        return (
            "Teams with a higher signal lost more people afterwards, beyond what chance "
            f"gives (p < {SIGNIFICANT})."
        )
    return (
        f"No link beyond chance on this data ({result.teams} teams): the signal is not yet "
        "shown to foresee departures here, so read it as a prompt to ask, not a forecast."
    )


def origins(first_close: dt.date, today: dt.date) -> list[dt.date]:
    """Every fourth week back from the latest date whose follow-up has ended, oldest first,
    as long as a round had closed before it."""
    out, day = [], today - dt.timedelta(days=FOLLOW_UP_DAYS)
    while day > first_close:
        out.append(day)
        day -= dt.timedelta(days=ORIGIN_STEP_DAYS)
    return out[::-1]


def members_and_leavers(
    spells: list[tuple[int | None, str, str | None]], origin: dt.date
) -> dict[int, tuple[int, int]]:
    """Per team: members on ``origin`` and how many of them left in the next 90 days."""
    end = origin + dt.timedelta(days=FOLLOW_UP_DAYS)
    out: dict[int, list[int]] = {}
    for team, start, left in spells:
        if team is None or dt.date.fromisoformat(start) > origin:
            continue
        left_on = dt.date.fromisoformat(left) if left else None
        if left_on is not None and left_on <= origin:
            continue
        counts = out.setdefault(team, [0, 0])
        counts[0] += 1
        counts[1] += left_on is not None and left_on <= end
    return {team: (members, leavers) for team, (members, leavers) in out.items()}


def backtest(db: sqlite_utils.Database, viewer: Viewer, today: dt.date | None = None) -> Backtest:
    """The backtest over the organisation's whole history (administrators only: it reads the
    roster of every team)."""
    if not viewer.is_admin:
        raise AccessDenied("The retention backtest is for administrators.")
    today = today or clock.today()
    span = source.round_span(db)
    if span is None:
        return Backtest(message="No survey rounds yet.")
    rounds = source.rounds_between(db, span[0], today)
    panel = build_panel(db, rounds, None, measures=CORE_MEASURES, today=today)
    closed = [r for r in panel.series if r.id not in panel.open_rounds]
    if not closed:
        return Backtest(message="No closed survey round yet.")
    spells = roster_spells(db)
    teams = [g for g in panel.tree.nodes if panel.tree.is_leaf(g)]
    rows = []
    for index, origin in enumerate(origins(closed[0].closes_on, today)):
        counts = members_and_leavers(spells, origin)
        for team in teams:
            members, leavers = counts.get(team, (0, 0))
            signal = views.group_signal(panel, team, origin)
            if signal is None or signal.value is None or not members:
                continue
            rows.append(
                {
                    "origin": origin,
                    "origin_index": index,
                    "team": panel.name(team),
                    "group": team,
                    "signal": signal.value,
                    "retention risk": signal.text(),
                    "members": members,
                    "left in 90 days": leavers,
                    "left %": 100.0 * leavers / members,
                }
            )
    return summarise(pd.DataFrame(rows))


def summarise(rows: pd.DataFrame) -> Backtest:
    """Rank correlation, its interval and p-value, and top quarter against the rest."""
    result = Backtest(rows=rows)
    if rows.empty:
        result.message = "No origin yet has both a team signal and 90 days of follow-up."
        return result
    result.origins = sorted(set(rows["origin"]))
    result.teams = rows["group"].nunique()
    records = rows.to_dict("records")
    pairs = [
        (int(r["origin_index"]), int(r["group"]), float(r["signal"]), float(r["left %"]))
        for r in records
    ]
    result.rho = rankstats.spearman([p[2] for p in pairs], [p[3] for p in pairs])
    if result.rho is None or result.teams < 4:
        result.message = "Too few teams with a signal to rank (at least 4 are needed)."
        return result
    result.interval = rankstats.team_bootstrap_interval(pairs)
    result.p_value = rankstats.team_permutation_p(pairs)
    top, rest = [0, 0], [0, 0]
    for index in sorted(set(rows["origin_index"])):
        group = [r for r in records if r["origin_index"] == index]
        signals = sorted((r["signal"] for r in group), reverse=True)
        cut = signals[math.ceil(len(group) * TOP_SHARE) - 1]  # ties at the cut go on top
        for r in group:
            side = top if r["signal"] >= cut else rest
            side[0] += r["left in 90 days"]
            side[1] += r["members"]
    result.top, result.rest = (top[0], top[1]), (rest[0], rest[1])
    return result
