"""What a viewer may see of a span of rounds, read from releases: the ``Panel`` every insight
page is built from. It holds the viewer's groups only, released figures only, and for a round
that is still open nothing but participation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlite_utils

from insights import releases, source
from insights.guard import DIMENSIONS, HIDDEN, group_sizes, shown_groups
from insights.measures import Moments
from insights.source import CommentCounts, Counts, Round
from org.settings import anonymity_threshold
from org.tree import TeamTree, load_tree
from surveys import clock

CORE_MEASURES = ("engagement", "stay", "enps", "burnout")
NOT_YET = "results appear when the round closes"


def series_rounds(rounds: list[Round]) -> list[Round]:
    """The rounds that trends, windows, alerts, the retention signal and before/after compare:
    those of the period's most frequent kind (ties: the latest round's kind), in practice the
    weekly pulse. Rounds of another kind ask other items (a quarterly survey the full
    five-item index and every driver item, where a pulse asks the two-item core and one item
    per driver), so one of them in a weekly series would make a step with no real change;
    each is shown as its own figure instead (docs/METRICS.md, "Round kinds")."""
    if not rounds:
        return []
    counts: dict[str, int] = {}
    for r in rounds:
        counts[r.kind] = counts.get(r.kind, 0) + 1
    most = max(counts.values())
    kind = next(r.kind for r in reversed(rounds) if counts[r.kind] == most)
    return [r for r in rounds if r.kind == kind]


@dataclass
class Panel:
    k: int
    tree: TeamTree
    archived: set[int]
    rounds: list[Round]
    open_rounds: set[int] = field(default_factory=set)  # still open: participation only
    shown: dict[int, set[int]] = field(default_factory=dict)  # round -> shown groups (viewer's)
    respondents: dict[int, dict[int, int]] = field(default_factory=dict)
    # round -> measure -> shown group -> (high, low, total, people)
    measures: dict[int, dict[str, dict[int, tuple[int, ...]]]] = field(default_factory=dict)
    invitations: dict[int, dict[int, tuple[int, int]]] = field(default_factory=dict)
    comments: dict[int, dict[int, CommentCounts]] = field(default_factory=dict)
    themes: dict[int, dict[int, dict[str, CommentCounts]]] = field(default_factory=dict)
    moments: dict[int, dict[int, dict[str, Moments]]] = field(default_factory=dict)
    owner: dict[int, dict[int, int]] = field(default_factory=dict)  # round -> team -> group
    bands: dict[int, dict[tuple[int, str, str], dict]] = field(default_factory=dict)

    @property
    def round_ids(self) -> list[int]:
        return [r.id for r in self.rounds]

    @property
    def series(self) -> list[Round]:
        """The rounds compared over time (``series_rounds``); the others stand alone."""
        return series_rounds(self.rounds)

    @property
    def series_ids(self) -> list[int]:
        return [r.id for r in self.series]

    def name(self, group: int) -> str:
        label = self.tree.names.get(group, f"Team {group}")
        return f"{label} (archived)" if group in self.archived else label

    def is_shown(self, round_id: int, group: int) -> bool:
        return group in self.shown.get(round_id, set())

    def why_hidden(self, round_id: int, group: int) -> str:
        """The one reason a hidden cell gives (it must not say why, or how many answered)."""
        return NOT_YET if round_id in self.open_rounds else HIDDEN

    def measure(self, round_id: int, group: int, measure: str) -> Counts | None:
        counts = self.measures.get(round_id, {}).get(measure, {}).get(group)
        return None if counts is None else Counts(*counts)

    def measure_names(self, round_id: int, group: int) -> list[str]:
        """The measures shown for ``group`` in the round."""
        return [name for name, per in self.measures.get(round_id, {}).items() if group in per]

    def window(self, round_ids: list[int], group: int, measure: str) -> tuple[Counts, int]:
        """Counts summed over the rounds of ``round_ids`` where the measure is shown for the
        group, and how many rounds that is (a sum of released cells reveals nothing new)."""
        total, used = Counts(), 0
        for round_id in round_ids:
            counts = self.measures.get(round_id, {}).get(measure, {}).get(group)
            if counts is not None:
                total, used = total + Counts(*counts), used + 1
        return total, used

    def shown_rounds(self, round_ids: list[int], group: int) -> list[int]:
        return [r for r in round_ids if self.is_shown(r, group)]


def build_panel(
    db: sqlite_utils.Database,
    rounds: list[Round],
    groups: Iterable[int] | None = None,
    measures: tuple[str, ...] | None = None,
    today: dt.date | None = None,
) -> Panel:
    """The released figures of ``rounds`` for ``groups`` (``None``: every group, for
    administrators' exports and tests). Rounds that closed without a release are published
    first (idempotent); open rounds carry live participation only."""
    today = today or clock.today()
    if any(r.is_closed(today) for r in rounds):
        releases.publish_due(db, today)
    k = anonymity_threshold(db)
    tree, archived = load_tree(db)
    wanted = set(tree.nodes) if groups is None else set(groups)
    panel = Panel(k, tree, archived, rounds)
    closed = [r.id for r in rounds if r.is_closed(today)]
    released = releases.load(db, closed, wanted)
    for round_id in closed:
        if released.thresholds.get(round_id, k) < k:
            continue  # decided under a lower threshold: hidden whole (a round adds nothing)
        _fill_round(panel, released, round_id, measures, wanted)
    _fill_open(db, panel, [r.id for r in rounds if not r.is_closed(today)], wanted)
    return panel


def _fill_round(panel: Panel, released, round_id: int, measures, wanted: set[int]) -> None:
    figures = released.figures.get(round_id, {})
    panel.shown[round_id] = set(figures)
    panel.invitations[round_id] = released.participation.get(round_id, {})
    panel.respondents[round_id] = {g: f["respondents"] for g, f in figures.items()}
    panel.comments[round_id] = {g: CommentCounts(*f["comments"]) for g, f in figures.items()}
    if measures is None:  # themes and driver impact: the team page, not the overview
        panel.themes[round_id] = {
            g: {t: CommentCounts(*c) for t, c in f["themes"].items()} for g, f in figures.items()
        }
        panel.moments[round_id] = {
            g: {d: Moments(*m) for d, m in f["moments"].items()} for g, f in figures.items()
        }
    per_measure: dict[str, dict[int, tuple[int, int, int, int]]] = {}
    for group, fig in figures.items():
        for name, counts in fig["measures"].items():
            if measures is None or name in measures:
                per_measure.setdefault(name, {})[group] = tuple(counts)
    panel.measures[round_id] = per_measure
    panel.bands[round_id] = released.bands.get(round_id, {})
    if round_id in released.trees:
        owners = releases.owners(released.trees[round_id], released.content[round_id])
        panel.owner[round_id] = {t: g for t, g in owners.items() if g in wanted}


def _fill_open(db: sqlite_utils.Database, panel: Panel, round_ids: list[int], wanted) -> None:
    """Open rounds: participation for groups rules 1-2 allow on who answered so far."""
    panel.open_rounds = set(round_ids)
    for round_id, per_team in source.invitations(db, round_ids).items():
        used: dict[int, int] = {}
        invites: dict[int, int] = {}
        for team, (i, u) in per_team.items():
            team = team if team in panel.tree.parent else 0
            used[team], invites[team] = used.get(team, 0) + u, invites.get(team, 0) + i
        invited = group_sizes(panel.tree, invites)
        answered = group_sizes(panel.tree, used)
        counted = shown_groups(panel.tree, used, panel.k) & wanted
        panel.invitations[round_id] = {g: (invited[g], answered[g]) for g in counted}
    for round_id in round_ids:
        panel.invitations.setdefault(round_id, {})
        panel.shown[round_id] = set()


@dataclass
class CutPanel:
    """One band of one team, per round, only where a release published it."""

    team_id: int
    dimension: str
    value: str
    measures: dict[int, dict[str, Counts]] = field(default_factory=dict)  # round -> shown
    respondents: dict[int, int] = field(default_factory=dict)
    refused: str = ""


def build_cut(panel: Panel, team_id: int, dimension: str, value: str) -> CutPanel:
    """The released band cells of a team (teams without sub-teams only: a department's bands
    would overlap its teams' bands in ways subtraction can exploit)."""
    cut = CutPanel(team_id, dimension, value)
    if dimension not in DIMENSIONS:
        raise ValueError(f"Unknown demographic dimension: {dimension}")
    if not panel.tree.is_leaf(team_id):
        cut.refused = "Demographic filters apply to teams without sub-teams only."
        return cut
    for round_id in panel.round_ids:
        cell = panel.bands.get(round_id, {}).get((team_id, dimension, value))
        if cell is None:
            continue
        cut.respondents[round_id] = cell["respondents"]
        cut.measures[round_id] = {m: Counts(*c) for m, c in cell["measures"].items()}
    if not cut.respondents:
        cut.refused = f"No figures for this group: {HIDDEN}."
    return cut
