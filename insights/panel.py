"""The guard applied to data: per round, which groups and measures may be shown, and only their
figures. A ``Panel`` never holds a number of a hidden group, so nothing built on it can leak one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import sqlite_utils

from insights import snapshots, source
from insights.guard import (
    LOOKBACK_ROUNDS,
    ROOT,
    TeamTree,
    group_sizes,
    shown_cells,
    shown_groups,
    suppress_laminar,
    time_filter,
)
from insights.source import CommentCounts, Counts, Round
from org.settings import anonymity_threshold

CORE_MEASURES = ("engagement", "stay", "enps", "burnout")
HIDDEN_SMALL = "fewer than {k} responses"
HIDDEN_DIFFERENCE = "hidden so that no smaller group can be worked out by subtraction"
HIDDEN_TIME = "hidden: the people answering changed by fewer than {k} since an earlier round"


@dataclass
class Panel:
    k: int
    tree: TeamTree
    archived: set[int]
    rounds: list[Round]
    shown: dict[int, set[int]] = field(default_factory=dict)  # round -> shown groups
    why_hidden: dict[tuple[int, int], str] = field(default_factory=dict)
    respondents: dict[int, dict[int, int]] = field(default_factory=dict)  # shown only
    # round -> measure -> shown group -> (high, low, total): plain tuples, cheap to load
    measures: dict[int, dict[str, dict[int, tuple[int, int, int]]]] = field(default_factory=dict)
    invitations: dict[int, dict[int, tuple[int, int]]] = field(default_factory=dict)
    comments: dict[int, dict[int, CommentCounts]] = field(default_factory=dict)
    owner: dict[int, dict[int, int]] = field(default_factory=dict)  # round -> team -> group

    @property
    def round_ids(self) -> list[int]:
        return [r.id for r in self.rounds]

    def name(self, group: int) -> str:
        label = self.tree.names.get(group, f"Team {group}")
        return f"{label} (archived)" if group in self.archived else label

    def is_shown(self, round_id: int, group: int) -> bool:
        return group in self.shown.get(round_id, set())

    def measure(self, round_id: int, group: int, measure: str) -> Counts | None:
        counts = self.measures.get(round_id, {}).get(measure, {}).get(group)
        return None if counts is None else Counts(*counts)

    def measure_names(self, round_id: int, group: int) -> list[str]:
        """The measures shown for ``group`` in the round."""
        return [name for name, per in self.measures.get(round_id, {}).items() if group in per]

    def window(self, round_ids: list[int], group: int, measure: str) -> tuple[Counts, int]:
        """Counts summed over the rounds of ``round_ids`` where the measure is shown for the
        group, and how many rounds that is (a sum of shown rounds is safe to show)."""
        high = low = total = used = 0
        for round_id in round_ids:
            counts = self.measures.get(round_id, {}).get(measure, {}).get(group)
            if counts is not None:
                high, low, total, used = (
                    high + counts[0],
                    low + counts[1],
                    total + counts[2],
                    used + 1,
                )
        return Counts(high, low, total), used

    def shown_rounds(self, round_ids: list[int], group: int) -> list[int]:
        return [r for r in round_ids if self.is_shown(r, group)]


def _sum_tree(tree: TeamTree, order: list[int], kids, direct: dict[int, object], zero):
    sums: dict[int, object] = {}
    for node in order:
        value = direct.get(node, zero)
        for child in kids.get(node, []):
            value = value + sums[child]
        sums[node] = value
    return sums


def build_panel(
    db: sqlite_utils.Database,
    rounds: list[Round],
    measures: tuple[str, ...] | None = None,
    lookback: int = LOOKBACK_ROUNDS,
) -> Panel:
    """Guard decisions and shown figures for ``rounds`` (all groups, viewer-independent so
    every viewer sees the same suppression). ``measures`` limits which measures are loaded
    (``None``: all). Rounds whose saved decisions are current are read back; the others
    (normally only the open round) are decided here and saved."""
    k = anonymity_threshold(db)
    tree, archived = source.load_tree(db)
    panel = Panel(k, tree, archived, rounds)
    if not rounds:
        return panel
    history = source.rounds_before(db, rounds[0], lookback)
    wanted = [r.id for r in rounds]
    keys = snapshots.round_keys(db, [r.id for r in history] + wanted, wanted, k, tree, lookback)
    stale = set(snapshots.load(db, panel, keys, measures))
    if stale:
        # Decide a contiguous run of rounds, so each one's lookback is its true predecessors.
        run = [i for i, r in enumerate(wanted) if r in stale]
        decided = decide(db, k, tree, archived, rounds[run[0] : run[-1] + 1], lookback)
        snapshots.save(db, decided, keys)
        _copy_rounds(decided, panel, measures)
    return panel


def _copy_rounds(source_panel: Panel, panel: Panel, measures: tuple[str, ...] | None) -> None:
    copied = {r for r in source_panel.round_ids if r not in panel.shown}
    for r in copied:
        panel.shown[r] = source_panel.shown[r]
        panel.respondents[r] = source_panel.respondents[r]
        panel.invitations[r] = source_panel.invitations[r]
        panel.comments[r] = source_panel.comments[r]
        panel.owner[r] = source_panel.owner[r]
        panel.measures[r] = {
            name: per
            for name, per in source_panel.measures[r].items()
            if measures is None or name in measures
        }
    panel.why_hidden.update(
        (key, why) for key, why in source_panel.why_hidden.items() if key[0] in copied
    )


def decide(
    db: sqlite_utils.Database,
    k: int,
    tree: TeamTree,
    archived: set[int],
    rounds: list[Round],
    lookback: int = LOOKBACK_ROUNDS,
) -> Panel:
    """Apply the guard's rules to the raw counters of ``rounds`` (a contiguous run, oldest
    first) and the ``lookback`` rounds before them: the panel of every group and measure."""
    panel = Panel(k, tree, archived, rounds)
    if not rounds:
        return panel
    kids, order = tree.children(), tree.post_order()
    history = source.rounds_before(db, rounds[0], lookback) + rounds
    ids = [r.id for r in history]
    direct = source.respondents(db, ids)
    invites = source.invitations(db, ids)

    # Rules 1-2 per round, on responses.
    sizes = {r: group_sizes(tree, direct.get(r, {})) for r in ids}
    eligible = {r: shown_groups(tree, direct.get(r, {}), k) for r in ids}
    used = {r: group_sizes(tree, {t: u for t, (_, u) in invites.get(r, {}).items()}) for r in ids}
    invited = {
        r: group_sizes(tree, {t: i for t, (i, _) in invites.get(r, {}).items()}) for r in ids
    }

    # Rule 4 per group, on who answered (invitations), against the rounds before each one.
    overlaps: dict[tuple[int, int], dict[int, int]] = {}
    who: dict = {}  # who answered each round, loaded when the first overlap is needed
    depth = {g: len(tree.ancestors(g)) for g in tree.nodes}

    def group_overlaps(a: int, b: int) -> dict[int, int]:
        """People answering both rounds, per group: each pair of teams (in a, in b) counts
        towards the groups containing both, found from their lowest common ancestor."""
        if not who:
            who.update(source.answered(db, ids))
        at_lca: dict[int, int] = defaultdict(int)
        for (ta, tb), n in source.overlap_by_team(who, a, b).items():
            x, y = (ta if ta in depth else ROOT), (tb if tb in depth else ROOT)
            while x != y:
                if depth[x] >= depth[y]:
                    x = tree.parent.get(x, ROOT)
                else:
                    y = tree.parent.get(y, ROOT)
            at_lca[x] += n
        return _sum_tree(tree, order, kids, at_lca, 0)

    def overlap_for(group: int):
        def overlap(a: int, b: int) -> int:
            if (a, b) not in overlaps:
                overlaps[(a, b)] = group_overlaps(a, b)
            return overlaps[(a, b)][group]

        return overlap

    wanted = {r.id for r in rounds}
    final: dict[int, set[int]] = {r: set() for r in wanted}
    for group in tree.nodes:
        series = [r for r in ids if group in eligible[r]]
        if not any(r in wanted for r in series):
            continue
        kept = time_filter(
            ids,
            {r: used[r].get(group, 0) for r in ids},
            {r: group in eligible[r] for r in ids},
            k,
            overlap_for(group),
            lookback,
        )
        for r in wanted:
            if kept.get(r):
                final[r].add(group)
            elif group in eligible[r]:
                panel.why_hidden[(r, group)] = HIDDEN_TIME.format(k=k)
    for r in wanted:
        for group in tree.nodes:
            if group in final[r] or (r, group) in panel.why_hidden:
                continue
            small = sizes[r].get(group, 0) < k
            panel.why_hidden[(r, group)] = HIDDEN_SMALL.format(k=k) if small else HIDDEN_DIFFERENCE
    panel.shown = final

    # Measures: rules 1-2 again on each measure's answers, among the shown groups.
    counts = source.measure_counts(db, list(wanted))
    comments = source.comment_counts(db, list(wanted))
    for r in wanted:
        shown = final[r]
        panel.respondents[r] = {g: sizes[r][g] for g in shown}
        panel.invitations[r] = {g: (invited[r].get(g, 0), used[r].get(g, 0)) for g in shown}
        by_team = counts.get(r, {})
        names = {m for team in by_team.values() for m in team}
        panel.measures[r] = {}
        for measure in sorted(names):
            direct_counts = {t: c[measure] for t, c in by_team.items() if measure in c}
            summed = _sum_tree(tree, order, kids, direct_counts, Counts())
            ok = suppress_laminar(
                kids, order, {g: c.total for g, c in summed.items()}, k, candidates=shown
            )
            if ok:
                panel.measures[r][measure] = {g: tuple(summed[g]) for g in sorted(ok)}
        comment_sums = _sum_tree(tree, order, kids, comments.get(r, {}), CommentCounts())
        panel.comments[r] = {g: comment_sums[g] for g in shown}
        panel.owner[r] = _owners(tree, kids, shown)
    return panel


def _owners(tree: TeamTree, kids, shown: set[int]) -> dict[int, int]:
    """Each team's nearest shown group at or above it: whose residual its comments belong to."""
    owner: dict[int, int] = {}
    stack = [(ROOT, ROOT if ROOT in shown else None)]
    while stack:
        node, above = stack.pop()
        current = node if node in shown else above
        if current is not None:
            owner[node] = current
        stack.extend((child, current) for child in kids.get(node, []))
    return owner


PRIMARY_DIMENSION = "tenure_band"  # when its cells can be shown, job family is not


@dataclass
class CutPanel:
    """Rule 3: one band value of one leaf team, per round, only where the guard allows it."""

    team_id: int
    dimension: str
    value: str
    measures: dict[int, dict[str, Counts]] = field(default_factory=dict)  # round -> shown
    respondents: dict[int, int] = field(default_factory=dict)
    refused: str = ""


def build_cut(panel: Panel, db: sqlite_utils.Database, team_id: int, dimension: str, value: str):
    """The band cut of a team, round by round; refused outright for teams with sub-teams
    (their cuts would overlap their sub-teams' cuts in ways subtraction can exploit)."""
    cut = CutPanel(team_id, dimension, value)
    if not panel.tree.is_leaf(team_id):
        cut.refused = "Demographic filters apply to teams without sub-teams only."
        return cut
    k = panel.k
    ids = [r for r in panel.round_ids if panel.is_shown(r, team_id)]
    bands = source.band_respondents(db, ids, team_id, dimension)
    if dimension != PRIMARY_DIMENSION:
        # One partition per team and round: tenure cells and job-family cells of the same
        # respondents could be combined (row + column - total) to isolate a small cross-cell.
        primary = source.band_respondents(db, ids, team_id, PRIMARY_DIMENSION)
        team_n = {r: panel.respondents[r][team_id] for r in ids}
        ids = [r for r in ids if not shown_cells(team_n[r], primary.get(r, {}), k)]
    per_value = {
        v: source.band_measure_counts(db, ids, team_id, dimension, v)
        for v in {v for r in ids for v in bands.get(r, {})}
    }
    for r in ids:
        cells = bands.get(r, {})
        team_n = panel.respondents[r][team_id]
        ok = shown_cells(team_n, cells, k)
        if value not in ok:
            continue
        cut.respondents[r] = cells[value]
        cut.measures[r] = {}
        for measure in panel.measure_names(r, team_id):
            team_counts = panel.measure(r, team_id, measure)
            answers = {v: per_value[v].get(r, {}).get(measure, Counts()).total for v in cells}
            if value in shown_cells(team_counts.total, answers, k, candidates=ok):
                cut.measures[r][measure] = per_value[value][r][measure]
    if not cut.respondents:
        cut.refused = (
            f"Not enough responses in this group, or hiding it is needed to protect a "
            f"smaller one (minimum {k})."
        )
    return cut
