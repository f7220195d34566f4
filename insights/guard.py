"""The privacy guard: which cells of a round may be published, as a pure function of who
answered (sets of people) and how many answered each measure. See docs/PRIVACY.md.

A *cell* is a group of one round (a node of the team tree frozen at publication: the whole
organisation, a department with everything under it, a team) or a band of a team (tenure band
or job family). For each *key* (``RESPONSES`` for the response as a whole: comments, themes;
then every measure) a cell is published only when:

1. **Small cells**: at least ``k`` people answered it.
2. **Complements**: within the round, what is left of a published group once its published
   sub-groups are taken away (its *residual*) is 0 or at least ``k`` people, and likewise for
   the bands of a team (secondary suppression, repeated until nothing changes).
3. **Earlier releases**: no difference between the cell and any released cell of an earlier
   round in the window, or any sum of disjoint released groups of one such round, covers
   1..k-1 people; and no released cell of those rounds differs from a sum of this round's
   groups by 1..k-1 people. The system knows who answered (used invitations), not who skipped
   a question, so for a measure the difference is bounded over every way the skips could fall.

Rule 3 can hide a group that rule 2 relied on, so rules 2 and 3 repeat until stable.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from org.settings import MIN_THRESHOLD
from org.tree import TeamTree

RESPONSES = "responses"  # the key of a cell's respondents: its comments and themes
HIDDEN = "not shown, to protect confidentiality"  # the one reason any hidden cell gives
DIMENSIONS = ("tenure_band", "job_family")  # one partition per team and round, in this order
BandCell = tuple[int, str, str]  # (team, dimension, band)


def check_threshold(k: int) -> int:
    if k < MIN_THRESHOLD:
        raise ValueError(f"The anonymity threshold is never below {MIN_THRESHOLD}.")
    return k


# --- rules 1 and 2: one round, counts only ----------------------------------------------------
def group_sizes(tree: TeamTree, direct: Mapping[int, int]) -> dict[int, int]:
    """Per group: its own members' count plus everything below it."""
    return tree.roll_up(direct, 0)


def maximal_shown_below(node: int, kids: Mapping[int, list[int]], shown: set[int]) -> list[int]:
    """The shown groups directly visible below ``node`` (looking through hidden ones)."""
    out, stack = [], list(kids.get(node, []))
    while stack:
        child = stack.pop()
        if child in shown:
            out.append(child)
        else:
            stack.extend(kids.get(child, []))
    return out


def residual(node: int, sizes: Mapping[int, int], kids, shown: set[int]) -> int:
    return sizes[node] - sum(sizes[c] for c in maximal_shown_below(node, kids, shown))


def suppress_laminar(
    tree_children: Mapping[int, list[int]],
    order: list[int],
    sizes: Mapping[int, int],
    k: int,
    candidates: Iterable[int] | None = None,
    fixed_roots: Iterable[int] = (),
) -> set[int]:
    """Rules 1 and 2 on one laminar family: which candidate groups can be shown.

    ``order`` lists nodes deepest first. A node whose parent is not a node of the family is a
    root. ``fixed_roots`` are already published (a team whose bands are being decided): never
    suppressed, so a small residual under them suppresses their smallest cell instead.
    """
    fixed = set(fixed_roots)
    pool = set(order) if candidates is None else set(candidates)
    shown = {n for n in order if n in pool and sizes.get(n, 0) >= k} | fixed
    parent_of = {c: p for p, cs in tree_children.items() for c in cs}
    changed = True
    while changed:
        changed = False
        for node in order:
            if node not in shown:
                continue
            rest = residual(node, sizes, tree_children, shown)
            if 0 < rest < k:
                below = maximal_shown_below(node, tree_children, shown)
                is_root = node in fixed or node not in parent_of
                if not is_root:
                    shown.discard(node)
                elif below:
                    shown.discard(min(below, key=lambda c: (sizes[c], c)))
                elif node not in fixed:
                    shown.discard(node)
                changed = True
    return shown - fixed if fixed else shown


def shown_groups(
    tree: TeamTree, direct: Mapping[int, int], k: int, candidates: Iterable[int] | None = None
) -> set[int]:
    """Rules 1-2 for one round: the groups of ``tree`` that may be shown."""
    check_threshold(k)
    sizes = group_sizes(tree, direct)
    return suppress_laminar(tree.children(), tree.post_order(), sizes, k, candidates)


def shown_cells(
    team_size: int, cells: Mapping[str, int], k: int, candidates: Iterable[str] | None = None
) -> set[str]:
    """Rules 1-2 for the bands of one published team: the team's own figure is public, so
    the bands left hidden must together hold 0 or at least ``k`` people."""
    check_threshold(k)
    if team_size < k:
        return set()
    root = "\0team"
    kids = {root: sorted(cells)}
    sizes = {root: team_size, **cells}
    order = [*sorted(cells), root]
    pool = set(cells) if candidates is None else set(candidates) & set(cells)
    return suppress_laminar(kids, order, sizes, k, candidates=pool, fixed_roots=[root])


# --- rule 3: against earlier releases ---------------------------------------------------------
@dataclass(frozen=True)
class Cell:
    """Who a cell's figure for one key is about: the people who answered the round in it,
    and how many of them answered the key (the rest skipped it; which ones is unknown)."""

    people: frozenset[int]
    answered: int

    @property
    def skipped(self) -> int:
        return len(self.people) - self.answered


def _smallest_nonzero_difference(cell: Cell, atoms: Sequence[Cell], optional: bool) -> float:
    """The least number of people, other than none, by which ``cell`` can differ from a union
    of ``atoms`` (disjoint; each taken or, if ``optional``, left out), over every way the
    skips could fall. Dynamic programming over (lower bound, can-be-non-zero)."""
    inf = float("inf")
    covered = frozenset().union(*(a.people for a in atoms)) if atoms else frozenset()
    outside = len(cell.people - covered)
    low = outside - cell.skipped  # the cell's own skippers may close the gap
    if outside or cell.skipped:
        best_zero, best_other = inf, low
    else:
        best_zero, best_other = 0.0, inf
    for atom in atoms:
        inside = len(atom.people & cell.people)
        beyond = len(atom.people) - inside
        # Taken: its answerers are ``atom.answered`` of its people, placed as kindly to the
        # attacker as the sizes allow.
        taken_low = abs(inside - atom.answered)
        taken_high = inside + atom.answered - 2 * max(0, atom.answered - beyond)
        options = [(taken_low, taken_high > 0)]
        if optional:
            options.append((inside, inside > 0))
        zero, other = inf, inf
        for value, nonzero in options:
            if best_zero < inf:
                if nonzero:
                    other = min(other, best_zero + value)
                else:
                    zero = min(zero, best_zero + value)
            other = min(other, best_other + value)
        best_zero, best_other = zero, other
    return best_other


def could_isolate(a: Cell, b: Cell, k: int) -> bool:
    """Can ``a`` minus ``b`` describe between 1 and k-1 people?"""
    if abs(a.answered - b.answered) >= k:  # the answerers alone differ by k or more
        return False
    return _smallest_nonzero_difference(a, [b], optional=False) <= k - 1


def could_isolate_by_sum(cell: Cell, atoms: Sequence[Cell], k: int) -> bool:
    """Can ``cell`` minus some sum of the disjoint ``atoms`` describe 1..k-1 people?
    (Atoms sharing nobody with the cell add 0 or, by rule 2, at least ``k`` people.)"""
    return _smallest_nonzero_difference(cell, near_atoms(cell, atoms), optional=True) <= k - 1


class AtomIndex:
    """Disjoint atoms with a person -> atom lookup, to find those a cell overlaps quickly."""

    def __init__(self, atoms: Sequence[Cell]):
        self.atoms = list(atoms)
        self.of = {person: i for i, atom in enumerate(self.atoms) for person in atom.people}

    def near(self, cell: Cell) -> list[int]:
        of = self.of
        return sorted({of[p] for p in cell.people if p in of})


def near_atoms(cell: Cell, atoms: Sequence[Cell] | AtomIndex) -> list[Cell]:
    if isinstance(atoms, AtomIndex):
        return [atoms.atoms[i] for i in atoms.near(cell)]
    return [a for a in atoms if a.people & cell.people]


@dataclass
class Published:
    """One earlier round's released cells as the guard compares against them, per key:
    ``atoms`` (the residuals of its released groups: their unions are every sum of disjoint
    released groups, the groups themselves included), ``bands`` (its released band cells) and
    ``cells`` (every released cell, groups and bands)."""

    atoms: dict[str, AtomIndex] = field(default_factory=dict)
    bands: dict[str, list[Cell]] = field(default_factory=dict)
    cells: dict[str, list[Cell]] = field(default_factory=dict)
    _band_of: dict[str, dict[int, list[int]]] = field(default_factory=dict, repr=False)
    _figure_of: dict[str, dict[int, list[int]]] = field(default_factory=dict, repr=False)

    def bands_near(self, key: str, cell: Cell) -> list[Cell]:
        """The released bands sharing someone with ``cell``. A band sharing nobody cannot come
        within k of it (the two answer counts add up, and a released band has at least k), so
        the others are never compared: at 20,000 employees that was 19 million comparisons
        a round."""
        return _sharing(self._band_of, key, list(self.bands.get(key, ())), cell.people)

    def figures_near(self, key: str, people: frozenset[int]) -> list[Cell]:
        """Every released figure for ``key`` (cells and residuals) sharing someone with
        ``people``."""
        figures = list(self.cells.get(key, ()))
        if key in self.atoms:
            figures += self.atoms[key].atoms
        return _sharing(self._figure_of, key, figures, people)


def _sharing(
    indexes: dict[str, dict[int, list[int]]], key: str, cells: list[Cell], people
) -> list[Cell]:
    """The ``cells`` holding any of ``people``, through a person index built once per key."""
    index = indexes.get(key)
    if index is None:
        index = {}
        for i, cell in enumerate(cells):
            for person in cell.people:
                index.setdefault(person, []).append(i)
        indexes[key] = index
    hits = {i for person in people for i in index.get(person, ())}
    return [cells[i] for i in sorted(hits)]


def residual_atoms(
    tree: TeamTree,
    shown: set[int],
    people: Mapping[int, frozenset[int]],
    answered: Mapping[int, int],
) -> dict[int, Cell]:
    """Each shown group's residual: its people less those of its shown groups below it."""
    kids = tree.children()
    out = {}
    for group in shown:
        below = maximal_shown_below(group, kids, shown)
        rest = people.get(group, frozenset()).difference(*(people.get(c, ()) for c in below))
        out[group] = Cell(rest, answered.get(group, 0) - sum(answered.get(c, 0) for c in below))
    return out


def exposed_by_earlier(cell: Cell, earlier: Sequence[Published], key: str, k: int) -> bool:
    for release in earlier:
        if key in release.atoms and could_isolate_by_sum(cell, release.atoms[key], k):
            return True
        if any(could_isolate(cell, other, k) for other in release.bands_near(key, cell)):
            return True
    return False


# --- one round's decision ---------------------------------------------------------------------
@dataclass(frozen=True)
class Population:
    """A closed round as the guard sees it: who answered, per team at invitation, and how many
    of them answered each key; bands likewise. Never what anyone answered."""

    tree: TeamTree
    people: Mapping[int, frozenset[int]]  # team -> people who used their invitation
    answered: Mapping[str, Mapping[int, int]]  # key -> team -> people answering it
    bands: Mapping[tuple[int, str], Mapping[str, frozenset[int]]] = field(default_factory=dict)
    band_answered: Mapping[str, Mapping[BandCell, int]] = field(default_factory=dict)

    def group_people(self) -> dict[int, frozenset[int]]:
        return self.tree.roll_up(self.people, frozenset(), operator.or_)

    def key_people(self, key: str) -> dict[int, frozenset[int]]:
        """Who can have answered ``key``: the respondents of teams where anyone did. A team
        with no answer to it (a follow-up item asked of one team only, actions/followup.py)
        adds nobody, so a department's answerers are not taken for any of its respondents.
        Narrower than every respondent, and still holding everyone who answered."""
        counts = self.answered.get(key, {})
        asked = {t: p for t, p in self.people.items() if counts.get(t, 0) > 0}
        return self.tree.roll_up(asked, frozenset(), operator.or_)


@dataclass
class Decision:
    shown: dict[str, set[int]]  # key -> published groups (RESPONSES: the group's content)
    bands: dict[str, set[BandCell]]  # key -> published band cells


def decide(population: Population, earlier: Sequence[Published], k: int) -> Decision:
    """Rules 1-3 for every key of one round, each repeated until nothing changes."""
    check_threshold(k)
    tree = population.tree
    people = population.group_people()
    respondents = {g: len(p) for g, p in people.items()}
    decision = Decision({}, {})
    content = _settle(tree, people, respondents, set(tree.nodes), earlier, RESPONSES, k)
    decision.shown[RESPONSES] = content
    for key, per_team in population.answered.items():
        answered = group_sizes(tree, per_team)
        asked = population.key_people(key)
        decision.shown[key] = _settle(tree, asked, answered, content, earlier, key, k)
    _decide_bands(population, people, earlier, k, decision)
    return decision


def _settle(
    tree: TeamTree,
    people: Mapping[int, frozenset[int]],
    answered: Mapping[int, int],
    candidates: set[int],
    earlier: Sequence[Published],
    key: str,
    k: int,
) -> set[int]:
    kids, order = tree.children(), tree.post_order()
    pool = {
        g
        for g in candidates
        if answered.get(g, 0) >= k
        and not exposed_by_earlier(Cell(people[g], answered[g]), earlier, key, k)
    }
    while True:
        shown = suppress_laminar(kids, order, answered, k, candidates=pool)
        residuals = residual_atoms(tree, shown, people, answered)
        drop = _exposed_residual(residuals, people, earlier, key, k)
        if drop is None:
            drop = _exposing_sum(residuals, earlier, key, k)
        if drop is None:
            return shown
        pool = shown - {drop}


def _exposed_residual(residuals, people, earlier, key: str, k: int) -> int | None:
    """A shown group whose residual (a department less its shown teams), a figure too, could
    be subtracted from earlier releases to 1..k-1 people."""
    for group in sorted(residuals):
        atom = residuals[group]
        if atom.people != people[group] and exposed_by_earlier(atom, earlier, key, k):
            return group
    return None


def _released(release: Published, key: str) -> list[Cell]:
    """Every figure an earlier release gives for ``key``: its cells and its finest residuals
    (groups less their shown sub-groups, teams less their shown bands)."""
    cells = list(release.cells.get(key, ()))
    return cells + release.atoms[key].atoms if key in release.atoms else cells


def _exposing_sum(residuals: dict[int, Cell], earlier, key: str, k: int) -> int | None:
    """An earlier released cell or residual that a sum of this round's residuals comes within
    1..k-1 people of; returns the smallest group of that sum to hide."""
    groups = sorted(residuals)
    index = AtomIndex([residuals[g] for g in groups])
    for release in earlier:
        for other in _released(release, key):
            near = index.near(other)
            atoms = [index.atoms[i] for i in near]
            if near and _smallest_nonzero_difference(other, atoms, optional=True) <= k - 1:
                return groups[min(near, key=lambda i: (index.atoms[i].answered, groups[i]))]
    return None


def _decide_bands(
    population: Population,
    people: Mapping[int, frozenset[int]],
    earlier: Sequence[Published],
    k: int,
    decision: Decision,
) -> None:
    """Bands of published teams without sub-teams: one partition per team (tenure bands when
    any can be shown, else job families), rules 1-3 per key against the team's own figure,
    then against every sum of the round's figures (``_verify_bands``)."""
    content = decision.shown[RESPONSES]
    tree = population.tree
    decision.bands[RESPONSES] = set()
    keys = list(population.answered)
    for key in keys:
        decision.bands[key] = set()
    residuals = {
        RESPONSES: residual_atoms(tree, content, people, {g: len(p) for g, p in people.items()})
    }
    for key in keys:
        residuals[key] = residual_atoms(
            tree,
            decision.shown[key],
            population.key_people(key),
            group_sizes(tree, population.answered[key]),
        )
    pieces: dict[str, dict[int, list[Cell]]] = {key: {} for key in residuals}
    for team in sorted(content):
        if not tree.is_leaf(team):
            continue
        for dimension in DIMENSIONS:
            groups = population.bands.get((team, dimension), {})
            sizes = {band: len(who) for band, who in groups.items()}
            ok = _settle_bands(len(people[team]), groups, sizes, earlier, RESPONSES, k)
            if not ok:
                continue
            decision.bands[RESPONSES] |= {(team, dimension, band) for band in ok}
            pieces[RESPONSES][team] = _band_pieces(groups, sizes, ok, len(people[team]))
            for key in keys:
                if team not in decision.shown[key]:
                    continue
                counts = {
                    b: population.band_answered.get(key, {}).get((team, dimension, b), 0)
                    for b in groups
                }
                total = population.answered[key].get(team, 0)
                shown = _settle_bands(total, groups, counts, earlier, key, k, candidates=ok)
                decision.bands[key] |= {(team, dimension, band) for band in shown}
                if shown:
                    pieces[key][team] = _band_pieces(groups, counts, shown, total)
            break
    for key in (RESPONSES, *keys):
        for team in _verify_bands(residuals[key], pieces[key], earlier, key, k):
            # Without the team's bands for this key (and, for the responses, for every key).
            for dropped in (key,) if key != RESPONSES else (RESPONSES, *keys):
                decision.bands[dropped] = {b for b in decision.bands[dropped] if b[0] != team}
                pieces[dropped].pop(team, None)


def _verify_bands(
    residuals: Mapping[int, Cell],
    pieces: dict[int, list[Cell]],
    earlier: Sequence[Published],
    key: str,
    k: int,
) -> list[int]:
    """Sums that reach beyond one team: an earlier released figure against any sum of this
    round's figures, with shown bands in place of their teams (a department less one team's
    unbanded rest, against last week's department less another team, was two people
    apart). Returns the teams whose bands must go, dropping one at a time until none is
    exposed; sums of groups alone were checked by ``_exposing_sum``."""
    dropped: list[int] = []
    while pieces:
        atoms: list[Cell] = []
        owner: list[int] = []
        for label, atom in residuals.items():
            for cell in pieces.get(label, [atom]):
                if cell.people:
                    atoms.append(cell)
                    owner.append(label)
        index = AtomIndex(atoms)
        culprit = None
        for release in earlier:
            for other in _released(release, key):
                near = index.near(other)
                banded = [i for i in near if owner[i] in pieces]
                if (
                    banded
                    and _smallest_nonzero_difference(other, [atoms[i] for i in near], optional=True)
                    <= k - 1
                ):
                    culprit = min(banded, key=lambda i: (atoms[i].answered, owner[i]))
                    break
            if culprit is not None:
                break
        if culprit is None:
            return dropped
        dropped.append(owner[culprit])
        del pieces[owner[culprit]]
    return dropped


def _band_pieces(groups, answered, shown: set[str], total: int) -> list[Cell]:
    """A team's shown bands and the rest of the team: the pieces its bands leave."""
    everyone = frozenset().union(*groups.values())
    pieces = [Cell(groups[b], answered[b]) for b in sorted(shown)]
    rest = everyone.difference(*(groups[b] for b in shown))
    if rest:
        pieces.append(Cell(rest, total - sum(answered[b] for b in shown)))
    return pieces


def _settle_bands(
    team_total: int,
    groups: Mapping[str, frozenset[int]],
    answered: Mapping[str, int],
    earlier: Sequence[Published],
    key: str,
    k: int,
    candidates: Iterable[str] | None = None,
) -> set[str]:
    pool = set(groups) if candidates is None else set(candidates)
    pool = {
        band
        for band in pool
        if answered[band] >= k
        and not exposed_by_earlier(Cell(groups[band], answered[band]), earlier, key, k)
    }
    everyone = frozenset().union(*groups.values())
    while True:
        shown = shown_cells(team_total, answered, k, candidates=pool)
        if not shown:
            return shown
        # The team less its shown bands is a figure too (team minus bands): check it.
        rest = Cell(
            everyone.difference(*(groups[b] for b in shown)),
            team_total - sum(answered[b] for b in shown),
        )
        pieces = [Cell(groups[b], answered[b]) for b in sorted(shown)]
        if rest.people:
            pieces.append(rest)
        if not (rest.people and exposed_by_earlier(rest, earlier, key, k)) and not any(
            _smallest_nonzero_difference(other, near_atoms(other, pieces), optional=True) <= k - 1
            for release in earlier
            for other in release.figures_near(key, everyone)
        ):
            return shown
        pool = shown - {min(shown, key=lambda b: (answered[b], b))}
