"""What the insight pages show, as tables built only from a guarded ``Panel``, scoped to what
the viewer may see. The entry points the pages call with team data (``overview``,
``team_view``) take the ``Viewer`` and build the panel from ``visible_groups``, refusing a group
outside them (``require_group``); the helpers below work on that panel or on no team data.

Hidden figures are ``None`` (with the reason in a ``note`` column), never 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
import sqlite_utils

from insights import measures as m
from insights import releases, source
from insights.guard import HIDDEN
from insights.panel import CORE_MEASURES, NOT_YET, Panel, build_cut, build_panel
from insights.significance import change_p_value
from insights.source import Counts
from org.access import AccessDenied, Viewer, visible_team_ids
from org.tree import ROOT
from surveys.bank import DRIVERS

WINDOW_ROUNDS = 4
HEATMAP_MEASURES = ("engagement", "enps", "burnout", "retention_risk", "stay", "participation")
TREND_MEASURES = ("engagement", "enps", "burnout", "stay")
MAX_TREND_GROUPS = 40


def visible_groups(db: sqlite_utils.Database, viewer: Viewer) -> set[int]:
    """Groups the viewer may look at: teams in scope, and the whole organisation for admins."""
    teams = visible_team_ids(db, viewer)
    return teams | {ROOT} if viewer.is_admin else teams


def require_group(db: sqlite_utils.Database, viewer: Viewer, group: int) -> None:
    if group not in visible_groups(db, viewer):
        raise AccessDenied("You can only see the teams you lead.")


def date_bounds(db: sqlite_utils.Database) -> tuple[dt.date, dt.date] | None:
    """First and last round opening dates, for the date filter."""
    return source.round_span(db)


def data_version(db: sqlite_utils.Database) -> tuple:
    return source.data_version(db)


def ordered_groups(panel: Panel, groups: set[int]) -> list[int]:
    """Tree order (organisation, then each department followed by its teams)."""
    kids = panel.tree.children()
    out, stack = [], [ROOT]
    while stack:
        node = stack.pop()
        if node in groups:
            out.append(node)
        stack.extend(sorted(kids.get(node, []), key=lambda c: panel.tree.names[c], reverse=True))
    return out


# --- figures over a window ------------------------------------------------------------------
@dataclass
class Figures:
    group: int
    rounds_used: int = 0
    responses: int = 0
    values: dict[str, float | None] = field(default_factory=dict)
    intervals: dict[str, tuple[float, float] | None] = field(default_factory=dict)
    counts: dict[str, Counts] = field(default_factory=dict)
    risk: m.RetentionSignal | None = None


def window_figures(panel: Panel, round_ids: list[int], group: int) -> Figures:
    """Every measure of one group summed over the window's shown rounds."""
    shown = panel.shown_rounds(round_ids, group)
    fig = Figures(group, len(shown), sum(panel.respondents[r][group] for r in shown))
    if not shown:
        return fig
    measures = {name for r in shown for name in panel.measure_names(r, group)}
    for name in sorted(measures):
        counts, _ = panel.window(round_ids, group, name)
        fig.counts[name] = counts
        fig.values[name] = m.measure(name).value(counts)
        interval = m.measure(name).interval(counts)
        if interval is not None:
            fig.intervals[name] = interval
    invited = sum(panel.invitations[r][group][0] for r in shown)
    used = sum(panel.invitations[r][group][1] for r in shown)
    fig.counts["participation"] = Counts(used, invited - used, invited)
    comments = [panel.comments[r][group] for r in shown]
    scored = sum(c.scored for c in comments)
    negative = sum(c.negative for c in comments)
    fig.counts["negative_comments"] = Counts(negative, 0, scored)
    for name in ("participation", "negative_comments"):
        fig.values[name] = m.measure(name).value(fig.counts[name])
        interval = m.measure(name).interval(fig.counts[name])
        if interval is not None:
            fig.intervals[name] = interval
    return fig


RETENTION_WINDOW_DAYS = 91  # the signal reads the quarter of rounds before its date


def retention_windows(panel: Panel, as_of: dt.date | None = None) -> tuple[list, list]:
    """Round ids closed in the quarter before ``as_of`` and in the quarter before that.

    ``as_of`` defaults to the day after the period's latest closed round. A quarter rather
    than four rounds: a weekly pulse asks the stay items in some weeks only.
    """
    closed = [r for r in panel.series if r.id not in panel.open_rounds]
    if as_of is not None:
        closed = [r for r in closed if r.closes_on < as_of]
    if not closed:
        return [], []
    end = as_of or closed[-1].closes_on + dt.timedelta(days=1)
    quarter = dt.timedelta(days=RETENTION_WINDOW_DAYS)
    current = [r.id for r in closed if end - quarter <= r.closes_on < end]
    previous = [r.id for r in closed if end - 2 * quarter <= r.closes_on < end - quarter]
    return current, previous


def group_signal(
    panel: Panel, group: int, as_of: dt.date | None = None
) -> m.RetentionSignal | None:
    """The retention signal of one group from its released cells over the quarter before
    ``as_of`` (``None`` when the group has no shown round then). The overview, the Team page
    and the backtest all call this one function."""
    current, previous = retention_windows(panel, as_of)
    fig = window_figures(panel, current, group)
    if not fig.rounds_used:
        return None
    return retention_signal(fig, window_figures(panel, previous, group))


def retention_signal(fig: Figures, before: Figures | None) -> m.RetentionSignal:
    """One group's signal over a window, given the window before it (for participation)."""

    def counted(name: str, part: str) -> m.Factor | None:
        counts = fig.counts.get(name)
        return None if counts is None else m.share_factor(getattr(counts, part), counts.total)

    fall = m.participation_drop_risk(
        before.values.get("participation") if before and before.rounds_used else None,
        fig.values.get("participation"),
    )
    return m.retention_signal(
        {
            "low_intent_to_stay": counted("stay", "low"),
            "enps_detractors": counted("enps", "low"),
            "burnout": counted("burnout", "high"),
            # Participation counts every invitation (a census), so it has no sampling error.
            "falling_participation": None if fall is None else (fall, fall, fall),
        }
    )


def riskiest(ov: Overview) -> list[str]:
    """Team names by retention signal, highest first (teams without one last)."""
    heat = ov.heatmap
    if heat.empty:
        return []
    signal = heat[heat["key"] == "retention_risk"].set_index("team")["value"]
    return list(signal.fillna(-1.0).sort_values(ascending=False, kind="stable").index)


def first_view(ov: Overview) -> int:
    """The group the Team page opens on when none is asked for: the one whose released
    figures most need a look (the highest retention signal of the latest rounds, else the
    most responses), never a department hidden most weeks; the whole organisation only when
    nothing else has figures."""
    if not ov.groups:
        raise AccessDenied("Insights are for leaders and administrators.")
    heat = ov.heatmap
    shown = ov.table[ov.table["rounds"].notna()] if len(ov.table) else ov.table
    if shown.empty:
        return ov.groups[0]
    teams = shown[shown["group"] != ROOT] if (shown["group"] != ROOT).any() else shown
    signal = heat[(heat["key"] == "retention_risk") & heat["value"].notna()].set_index("group")
    scored = teams[teams["group"].isin(signal.index)]
    if len(scored):
        values = signal.loc[scored["group"], "value"]
        return int(values.sort_values(ascending=False, kind="stable").index[0])
    return int(teams.sort_values("responses", ascending=False, kind="stable").iloc[0]["group"])


# --- page data -------------------------------------------------------------------------------
@dataclass
class Overview:
    panel: Panel
    groups: list[int]
    current: list[int]  # round ids of the current window
    previous: list[int]
    heatmap: pd.DataFrame  # group, team, key, measure, value, label, interval, note
    trend: pd.DataFrame  # round, opens_on, team, measure, value, note
    table: pd.DataFrame  # one row per team: the numbers behind the heatmap


def split_windows(round_ids: list[int], size: int = WINDOW_ROUNDS) -> tuple[list, list]:
    current = round_ids[-size:]
    previous = round_ids[-2 * size : -size] if len(round_ids) > size else []
    return current, previous


def overview(db: sqlite_utils.Database, viewer: Viewer, start: dt.date, end: dt.date) -> Overview:
    groups = visible_groups(db, viewer)
    if not groups:
        raise AccessDenied("Insights are for leaders and administrators.")
    rounds = source.rounds_between(db, start, end)
    panel = build_panel(db, rounds, groups, measures=CORE_MEASURES)
    order = ordered_groups(panel, groups)
    current, previous = split_windows(panel.series_ids)
    now = {g: window_figures(panel, current, g) for g in order}
    for g in order:
        now[g].risk = group_signal(panel, g)
        now[g].values["retention_risk"] = now[g].risk.value if now[g].risk else None
    heat, table = [], []
    for g in order:
        fig = now[g]
        note = "" if fig.rounds_used else _hidden_note(panel, current, g)
        row = {"team": panel.name(g), "group": g, "responses": fig.responses or None}
        for measure in HEATMAP_MEASURES:
            value = fig.values.get(measure)  # empty when hidden; the signal reads a quarter
            heat.append(
                {
                    "group": g,
                    "team": panel.name(g),
                    "key": measure,
                    "measure": m.measure(measure).label,
                    "value": value,
                    "label": m.measure(measure).text(value, unit=False),
                    "interval": m.measure(measure).interval_text(fig.intervals.get(measure))
                    if value is not None
                    else "",
                    "note": note if value is None else "",
                }
            )
            row[m.measure(measure).label] = value
        if fig.risk is not None and fig.risk.value is not None:  # a band, never the decimal
            row[m.measure("retention_risk").label] = fig.risk.text()
        row["rounds"] = fig.rounds_used or None
        row["note"] = note
        table.append(row)
    trend_groups = order
    if len(order) > MAX_TREND_GROUPS:  # large organisations: the riskiest teams
        risky = sorted(order, key=lambda g: -(now[g].values.get("retention_risk") or -1))
        keep = set(risky[: MAX_TREND_GROUPS - 1]) | ({ROOT} & set(order))
        trend_groups = [g for g in order if g in keep]
    trend = trend_rows(panel, trend_groups, TREND_MEASURES)
    return Overview(panel, order, current, previous, pd.DataFrame(heat), trend, pd.DataFrame(table))


def groups_with_figures(ov: Overview) -> list[int]:
    """Visible groups shown in at least one round of the period (the comment filter's teams)."""
    return [g for g in ov.groups if any(ov.panel.is_shown(r, g) for r in ov.panel.round_ids)]


def _hidden_note(panel: Panel, round_ids: list[int], group: int) -> str:
    """Why a group has no figures: one reason for every hidden cell, never how many answered."""
    if not round_ids:
        return "no survey rounds in this period"
    if all(r in panel.open_rounds for r in round_ids):
        return NOT_YET
    return HIDDEN


def round_value(panel: Panel, round_id: int, group: int, measure: str) -> float | None:
    if measure == "participation":
        if group not in panel.invitations.get(round_id, {}):
            return None
        invited, used = panel.invitations[round_id][group]
        return m.participation(used, invited)
    counts = panel.measures.get(round_id, {}).get(measure, {}).get(group)
    return None if counts is None else m.measure(measure).value(Counts(*counts))


TREND_COLUMNS = ["round", "opens_on", "team", "group", "measure", "value", "responses", "note"]


def trend_rows(panel: Panel, groups: list[int], measures) -> pd.DataFrame:
    """One row per round of the series (``Panel.series``), group and measure (built
    column-wise: thousands of rows)."""
    columns: dict[str, list] = {name: [] for name in TREND_COLUMNS}
    names = {g: panel.name(g) for g in groups}
    labels = {measure: m.measure(measure).label for measure in measures}
    for r in panel.series:
        opens_on = pd.Timestamp(r.opens_on)
        respondents = panel.respondents.get(r.id, {})
        for g in groups:
            for measure in measures:
                value = round_value(panel, r.id, g, measure)
                columns["round"].append(r.title)
                columns["opens_on"].append(opens_on)
                columns["team"].append(names[g])
                columns["group"].append(g)
                columns["measure"].append(labels[measure])
                columns["value"].append(value)
                columns["responses"].append(respondents.get(g) if value is not None else None)
                columns["note"].append("" if value is not None else panel.why_hidden(r.id, g))
    return pd.DataFrame(columns, columns=TREND_COLUMNS)


@dataclass
class TeamView:
    panel: Panel
    group: int
    name: str
    figures: Figures  # the whole period (drivers, themes)
    latest: Figures  # the latest four rounds (headline figures; retention risk: a quarter)
    trend: pd.DataFrame
    drivers: pd.DataFrame  # driver, label, score, impact, focus
    driver_trend: pd.DataFrame  # round, opens_on, driver, value
    focus: list[tuple[str, float, float]]
    themes: pd.DataFrame  # theme, comments, negative share, mean sentiment
    cut_note: str = ""
    message: str = ""
    importance_note: str = ""
    standalone: pd.DataFrame = field(default_factory=pd.DataFrame)  # rounds outside the series


def team_view(
    db: sqlite_utils.Database,
    viewer: Viewer,
    group: int,
    start: dt.date,
    end: dt.date,
    cut: tuple[str, str] | None = None,
) -> TeamView:
    """Drill-down for one team (with its sub-teams) over the date range."""
    require_group(db, viewer, group)
    rounds = source.rounds_between(db, start, end)
    panel = build_panel(db, rounds, visible_groups(db, viewer))
    name = panel.name(group)
    ids = panel.series_ids
    figures = window_figures(panel, ids, group)
    current, previous = split_windows(ids)
    latest = window_figures(panel, current, group)
    latest.risk = group_signal(panel, group)
    latest.values["retention_risk"] = latest.risk.value if latest.risk else None
    cut_note = ""
    trend = trend_rows(panel, [group], (*TREND_MEASURES, "participation"))
    if cut is not None:
        cut_panel = build_cut(panel, group, *cut)
        cut_note = cut_panel.refused
        figures = _cut_figures(cut_panel, group, ids)
        latest = _cut_figures(cut_panel, group, current)
        trend = _cut_trend(panel, cut_panel, group)
    context = _driver_context(db, rounds, panel, group) if cut is None else None
    drivers, focus = driver_table(panel, group, ids, figures, cut is None, context)
    message = "" if figures.rounds_used else _hidden_note(panel, ids, group)
    return TeamView(
        panel,
        group,
        name,
        figures,
        latest,
        trend,
        drivers,
        driver_trend(panel, group) if cut is None else pd.DataFrame(),
        focus,
        theme_table(panel, group) if cut is None else pd.DataFrame(),
        cut_note,
        message,
        _importance_note(panel, context),
        standalone_rows(panel, group) if cut is None else pd.DataFrame(),
    )


STANDALONE_COLUMNS = ["round", "opens_on", "kind", "measure", "value", "interval", "responses"]


def standalone_rows(panel: Panel, group: int) -> pd.DataFrame:
    """Each round outside the series (``Panel.series``: a quarterly survey beside weekly
    pulses) as its own figures: its engagement is the full five-item index, which the
    weekly two-item core cannot be set beside on one line."""
    series = set(panel.series_ids)
    rows = []
    for r in panel.rounds:
        if r.id in series or not panel.is_shown(r.id, group):
            continue
        fig = window_figures(panel, [r.id], group)
        for key in TREND_MEASURES:
            value = fig.values.get(key)
            if value is None:
                continue
            record = m.measure(key)
            rows.append(
                {
                    "round": r.title,
                    "opens_on": pd.Timestamp(r.opens_on),
                    "kind": r.kind,
                    "measure": record.label,
                    "value": value,
                    "interval": record.interval_text(fig.intervals.get(key)),
                    "responses": fig.responses,
                }
            )
    return pd.DataFrame(rows, columns=STANDALONE_COLUMNS)


def _importance_note(panel: Panel, context: DriverContext | None) -> str:
    if context is None or context.above is None:
        return (
            "Importance at the level above needs a full survey (every driver asked) answered "
            "by enough people; until then a focus area's importance is the team's own link "
            "with engagement."
        )
    above = context.above
    title = next((r.title for r in panel.rounds if r.id == above.round_id), "")
    return (
        f"Importance above: each driver's share of the engagement differences the drivers "
        f"explain together in {panel.name(above.group)} ({title}, {above.respondents} "
        "people, general dominance with a 95 % bootstrap interval)."
    )


def _cut_figures(cut, group: int, round_ids: list[int]) -> Figures:
    rounds = [r for r in round_ids if r in cut.respondents]
    fig = Figures(group, len(rounds), sum(cut.respondents[r] for r in rounds))
    names = {name for r in rounds for name in cut.measures[r]}
    for name in sorted(names):
        counts = Counts()
        for r in rounds:
            counts = counts + cut.measures[r].get(name, Counts())
        fig.counts[name] = counts
        fig.values[name] = m.measure(name).value(counts)
    return fig


def _cut_trend(panel: Panel, cut, group: int) -> pd.DataFrame:
    rows = []
    for r in panel.series:
        per = cut.measures.get(r.id, {})
        for measure in TREND_MEASURES:
            counts = per.get(measure)
            value = None if counts is None else m.measure(measure).value(Counts(*counts))
            rows.append(
                {
                    "round": r.title,
                    "opens_on": pd.Timestamp(r.opens_on),
                    "team": panel.name(group),
                    "group": group,
                    "measure": m.measure(measure).label,
                    "value": value,
                    "responses": cut.respondents.get(r.id) if value is not None else None,
                    "note": "" if value is not None else panel.why_hidden(r.id, group),
                }
            )
    return pd.DataFrame(
        rows,
        columns=["round", "opens_on", "team", "group", "measure", "value", "responses", "note"],
    )


DRIVER_COLUMNS = [
    "driver",
    "key",
    "score",
    "answers",
    "impact",
    "organisation",
    "vs organisation",
    "latest vs the four rounds before",
    "importance above",
    "importance interval",
    "focus area",
]


@dataclass(frozen=True)
class DriverContext:
    """What a team's driver scores are read against: the organisation's released scores over
    the same rounds, and the team's own in the four rounds before the latest four."""

    organisation: dict[str, float]
    earlier: dict[str, Counts]
    latest: dict[str, Counts]
    above: releases.DriverWeights | None = None  # importance at the nearest level above


def _driver_context(
    db: sqlite_utils.Database, rounds: list, panel: Panel, group: int
) -> DriverContext | None:
    above = releases.driver_weights(db, panel.round_ids, panel.tree.ancestors(group)[1:])
    if group == ROOT:
        return None  # the organisation is its own benchmark
    keys = tuple(f"driver:{d}" for d in DRIVERS)
    org = window_figures(build_panel(db, rounds, {ROOT}, measures=keys), panel.series_ids, ROOT)
    current, previous = split_windows(panel.series_ids)
    before, after = window_figures(panel, previous, group), window_figures(panel, current, group)
    return DriverContext(
        {d: org.values[f"driver:{d}"] for d in DRIVERS if f"driver:{d}" in org.values},
        {d: before.counts[f"driver:{d}"] for d in DRIVERS if f"driver:{d}" in before.counts},
        {d: after.counts[f"driver:{d}"] for d in DRIVERS if f"driver:{d}" in after.counts},
        above,
    )


def _versus(counts: Counts, value: float | None) -> str:
    """Plain words for a team's driver against a benchmark, only where the data can tell."""
    if value is None or not counts.total:
        return ""
    if m.clearly_below(counts, value):
        return "clearly below"
    return "clearly above" if m.clearly_above(counts, value) else "within the noise"


def _versus_earlier(key: str, before: Counts | None, after: Counts | None) -> str:
    if before is None or after is None:
        return ""
    p = change_p_value(m.measure(f"driver:{key}"), before, after)
    if p is None or p >= 0.05:
        return "no clear change"
    return (
        "fell" if m.share(after.high, after.total) < m.share(before.high, before.total) else "rose"
    )


def driver_table(
    panel: Panel,
    group: int,
    ids: list[int],
    figures: Figures,
    impact: bool,
    context: DriverContext | None = None,
):
    """Driver scores (favourable share over shown rounds) and impact (Pearson's r between the
    driver item and the same response's engagement mean, summed over the released rounds of
    that driver), each against the organisation and the team's own recent past; focus areas
    are drivers clearly low and clearly below the organisation, with an impact the data
    supports (``measures.focus_areas``)."""
    scores = {
        d: figures.values.get(f"driver:{d}") for d in DRIVERS if f"driver:{d}" in figures.values
    }
    impacts: dict[str, float | None] = {}
    pairs_of: dict[str, m.Moments] = {}
    if impact and scores:
        shown = panel.shown_rounds(ids, group)
        for d in scores:
            pairs = m.Moments()
            for r in shown:
                pairs = pairs + panel.moments.get(r, {}).get(group, {}).get(d, m.Moments())
            if pairs.n >= panel.k:
                impacts[d] = m.pearson(pairs)
                pairs_of[d] = pairs
    focus = m.focus_areas(
        {d: (figures.counts[f"driver:{d}"], p) for d, p in pairs_of.items()},
        context.organisation if context else None,
        m.important_drivers(context.above.shares) if context and context.above else None,
    )
    focus_set = {d for d, _, _ in focus}
    org = context.organisation if context else {}
    rows = [
        {
            "driver": DRIVERS[d],
            "key": d,
            "score": score,
            "answers": figures.counts[f"driver:{d}"].total,
            "impact": impacts.get(d),
            "organisation": org.get(d),
            "vs organisation": _versus(figures.counts[f"driver:{d}"], org.get(d)),
            "latest vs the four rounds before": _versus_earlier(
                d, context.earlier.get(d), context.latest.get(d)
            )
            if context
            else "",
            "importance above": context.above.shares[d][0]
            if context and context.above and d in context.above.shares
            else None,
            "importance interval": "{1:.0f}-{2:.0f} %".format(*context.above.shares[d])
            if context and context.above and d in context.above.shares
            else "",
            "focus area": d in focus_set,
        }
        for d, score in scores.items()
    ]
    table = pd.DataFrame(rows, columns=DRIVER_COLUMNS)
    return table.sort_values("score") if len(table) else table, focus


def driver_trend(panel: Panel, group: int) -> pd.DataFrame:
    rows = []
    for r in panel.series:
        for d, label in DRIVERS.items():
            counts = panel.measure(r.id, group, f"driver:{d}")
            rows.append(
                {
                    "round": r.title,
                    "opens_on": pd.Timestamp(r.opens_on),
                    "driver": label,
                    "value": m.share(counts.high, counts.total) if counts else None,
                    "answers": counts.total if counts else None,
                }
            )
    return pd.DataFrame(rows, columns=["round", "opens_on", "driver", "value", "answers"])


def theme_table(panel: Panel, group: int) -> pd.DataFrame:
    """Comment themes of the team summed over its released rounds (comments of hidden
    sub-teams included: they belong to this team's residual, which holds >= k people)."""
    from sentiment.themes import theme_labels

    totals: dict[str, source.CommentCounts] = {}
    for r in panel.shown_rounds(panel.round_ids, group):
        for theme, c in panel.themes.get(r, {}).get(group, {}).items():
            totals[theme] = totals.get(theme, source.CommentCounts()) + c
    labels = theme_labels()
    rows = [
        {
            "theme": labels.get(theme, theme),
            "key": theme,
            "comments": c.comments,
            "negative %": m.share(c.negative, c.comments),
            "mean sentiment": c.compound_sum / c.comments if c.comments else None,
        }
        for theme, c in totals.items()
    ]
    table = pd.DataFrame(rows, columns=["theme", "key", "comments", "negative %", "mean sentiment"])
    if len(table):
        table = table.sort_values(["comments"], ascending=False)
    return table


def top_negative_theme(themes: pd.DataFrame) -> str | None:
    """The theme with the most negative mentions."""
    if themes.empty:
        return None
    negatives = themes["comments"] * themes["negative %"].fillna(0) / 100
    best = negatives.idxmax()
    return themes.loc[best, "theme"] if negatives[best] > 0 else None


def band_values(db: sqlite_utils.Database, dimension: str) -> list[str]:
    """The values a band filter offers (labels only, no counts)."""
    from insights.source import DIMENSIONS

    if dimension not in DIMENSIONS:
        return []
    return source.band_labels(db, dimension)
