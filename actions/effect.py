"""Did it help? The addressed measure of a team before an action and after it is done, from
released cells only (``insights.panel.build_panel``), against comparable teams that had no
action over the same weeks, and the follow-up item's answers. The statistics are in
actions/stats.py; how the claim is validated is in docs/METRICS.md ("Actions").

A leader sees the comparison only as one pooled change of at least ``MIN_COMPARISON_TEAMS``
other teams' released cells, never one other team's figure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import sqlite_utils

from actions import followup, plans
from actions.stats import Change, Share, difference, difference_in_differences, pooled
from insights import source
from insights.measures import measure as measure_record
from insights.panel import Panel, build_panel, series_rounds
from org.access import Viewer
from org.tree import ROOT, load_tree
from surveys import clock

BEFORE_DAYS = 56  # eight weekly pulses before the action was created
AFTER_DAYS = 56  # eight weekly pulses after it was done
MIN_COMPARISON_TEAMS = 3  # a pool of fewer would show one other team's change
CAVEAT = (
    "This is not proof that the action caused the change: the teams were not chosen at "
    "random, other things changed too, and the same people answer week after week."
)


@dataclass(frozen=True)
class Effect:
    measure_label: str
    before: Share | None
    after: Share | None
    change: Change | None
    verdict: str
    comparison_teams: int = 0
    comparison: Change | None = None
    did: Change | None = None
    comparison_verdict: str = ""
    followup: Share | None = None
    followup_text: str = ""


def _hits(measure: str, counts) -> int:
    return counts.low if measure == "stay" else counts.high


def _share(panel: Panel, round_ids: list[int], group: int, measure: str) -> Share | None:
    hits = total = rounds = 0
    for round_id in round_ids:
        counts = panel.measure(round_id, group, measure)
        if counts is not None and counts.total:
            hits, total, rounds = hits + _hits(measure, counts), total + counts.total, rounds + 1
    return Share(hits, total, rounds) if rounds else None


def _ids(rounds, start: dt.date, end: dt.date) -> list[int]:
    return [r.id for r in rounds if start <= r.opens_on <= end]


def _points(change: Change) -> str:
    return f"{change.estimate:+.0f} points (95 % interval {change.low:+.0f} to {change.high:+.0f})"


def _direction(measure: str, change: Change) -> str:
    better = (change.estimate > 0) != measure_record(measure).rise_is_bad
    return "improved" if better else "worsened"


def action_effect(
    db: sqlite_utils.Database, viewer: Viewer, action_id: int, today: dt.date | None = None
) -> Effect:
    """The before/after of one action in the viewer's scope, in numbers and plain words."""
    today = today or clock.today()
    action = plans.get_action(db, viewer, action_id)
    measure, label = action.measure, action.measure_label.lower()
    start = action.created_on - dt.timedelta(days=BEFORE_DAYS)
    end = (action.done_on or today) + dt.timedelta(days=AFTER_DAYS)
    # One kind of round (the series): a quarterly survey's items in one window only would
    # make a change that is not one.
    rounds = series_rounds([r for r in source.rounds_between(db, start, end) if r.is_closed(today)])
    before_ids = _ids(rounds, start, action.created_on - dt.timedelta(days=1))
    after_ids = _ids(rounds, action.done_on + dt.timedelta(days=1), end) if action.done_on else []
    tree, archived = load_tree(db)
    others = _comparison_candidates(db, tree, archived, action, start, end)
    panel = build_panel(
        db, rounds, [action.team_id, *others], (measure, followup.FOLLOWUP_MEASURE), today
    )
    before = _share(panel, before_ids, action.team_id, measure)
    after = _share(panel, after_ids, action.team_id, measure) if action.done_on else None
    change = difference(before, after) if before and after else None
    effect = Effect(
        action.measure_label,
        before,
        after,
        change,
        _verdict(action, label, before, after, change),
        followup=_followup(db, panel, action),
        followup_text=_followup_text(db, panel, action),
    )
    if change is None:
        return effect
    shares = [
        (b, a)
        for team in others
        if (b := _share(panel, before_ids, team, measure))
        and (a := _share(panel, after_ids, team, measure))
    ]
    if len(shares) < MIN_COMPARISON_TEAMS:
        return replace(
            effect,
            comparison_teams=len(shares),
            comparison_verdict=(
                f"Fewer than {MIN_COMPARISON_TEAMS} comparable teams without an action have "
                "released results in both windows, so there is no comparison."
            ),
        )
    comparison = difference(pooled([b for b, _ in shares]), pooled([a for _, a in shares]))
    did = difference_in_differences(change, comparison)
    n = len(shares)
    if did.clear:
        text = (
            f"Against {n} comparable teams without an action over the same weeks, the "
            f"{label} of {action.team} {_direction(measure, did)} more than theirs: "
            f"{_points(did)} beyond their change. {CAVEAT}"
        )
    else:
        text = (
            f"Against {n} comparable teams without an action over the same weeks "
            f"(their {label} moved {_points(comparison)}), the data cannot tell whether "
            f"{action.team} changed more than they did: {_points(did)}. {CAVEAT}"
        )
    return replace(
        effect, comparison_teams=n, comparison=comparison, did=did, comparison_verdict=text
    )


def _verdict(action, label: str, before, after, change) -> str:
    if before is None:
        return (
            f"The data cannot tell: {action.team} has no released {label} in the eight weeks "
            "before the action (groups under the anonymity threshold are never shown)."
        )
    if action.done_on is None:
        return "Not done yet: the after window starts the day the action is marked done."
    if after is None:
        return (
            f"The data cannot tell yet: no released {label} for {action.team} since the action "
            "was done."
        )
    if not change.clear:
        return (
            f"The data cannot tell whether {label} changed: {_points(change)}; the interval "
            "includes no change."
        )
    return f"{label.capitalize()} {_direction(action.measure, change)}: {_points(change)}."


def _comparison_candidates(db, tree, archived, action, start: dt.date, end: dt.date) -> list[int]:
    """Teams without sub-teams, other than this one, with no action (but dropped ones) over
    any day of [start, end]."""
    busy = {
        a.team_id
        for a in plans.team_actions(db, [t for t in tree.nodes if t != ROOT])
        if a.status != "dropped" and a.created_on <= end and (a.done_on or end) >= start
    }
    return [
        t
        for t in tree.nodes
        if t != ROOT and tree.is_leaf(t) and t not in archived and t not in busy
        and t != action.team_id
    ]  # fmt: skip


def _followup_rounds(db, panel: Panel, action) -> list[int]:
    span = followup.window(db, action.followup_question_id) if action.followup_question_id else None
    if span is None:
        return []
    return [r.id for r in panel.rounds if span[0] <= r.opens_on <= span[1]]


def _followup(db, panel: Panel, action) -> Share | None:
    ids = _followup_rounds(db, panel, action)
    return _share(panel, ids, action.team_id, followup.FOLLOWUP_MEASURE) if ids else None


def _followup_text(db, panel: Panel, action) -> str:
    if not action.followup_question_id:
        return ""
    share = _followup(db, panel, action)
    if share is None:
        return (
            "No follow-up answers released yet: they appear once a closed round has enough "
            "answers from the team."
        )
    low, high = share.interval
    return (
        f"{share.value:.0f} % agree the action made a difference to their work "
        f"(95 % interval {low:.0f} to {high:.0f} %, {share.rounds:.0f} released rounds)."
    )
