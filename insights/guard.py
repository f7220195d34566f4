"""The privacy guard: decides which groups may be shown, per round, so that no shown figure and
no difference of shown figures describes fewer than ``k`` respondents. See docs/PRIVACY.md.

The guard works on counts only. A *group* is a node of the team tree (the organisation root,
a department with its sub-teams, a team); its respondents are the responses of its own
members plus those of every team below it. For one round the rules are:

1. **Small group**: a group with fewer than ``k`` respondents is not shown.
2. **Residual (hierarchy complement)**: for every shown group, the respondents not covered by
   its shown sub-groups number 0 or at least ``k``; otherwise the group is suppressed (its
   residual joins its parent's), or, for a root, its smallest shown sub-group is.
   Shown groups form a laminar family; its differences are exactly unions of these
   residuals, so this rule makes every subtraction of shown figures cover 0 or >= k people.
3. **Demographic cut**: a filtered view (one band dimension) of a team is a partition of that
   team; the cells obey rules 1-2 with the team as the fixed root.
4. **Time**: a group's round is not shown when its respondents and those of an earlier shown
   round of the same group are nested (one set contains the other) and differ by 1..k-1 people.

Windows of several rounds only ever add up rounds that are shown on their own, so any
difference of two windows is again a sum of shown rounds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from org.settings import MIN_THRESHOLD

ROOT = 0  # the whole organisation (and responses with no team)


@dataclass(frozen=True)
class TeamTree:
    """The hierarchy the guard reasons on; ``ROOT`` is the parent of every top-level team."""

    parent: Mapping[int, int]  # team id -> parent id (ROOT for top-level teams)
    names: Mapping[int, str] = field(default_factory=dict)

    @cached_property
    def nodes(self) -> list[int]:
        return [ROOT, *self.parent]

    def children(self) -> dict[int, list[int]]:
        return self._children

    @cached_property
    def _children(self) -> dict[int, list[int]]:
        kids: dict[int, list[int]] = {node: [] for node in self.nodes}
        for child, parent in self.parent.items():
            kids.setdefault(parent, []).append(child)
        for siblings in kids.values():
            siblings.sort()
        return kids

    def post_order(self) -> list[int]:
        """Deepest first, so a node comes after all of its descendants."""
        return self._post_order

    @cached_property
    def _post_order(self) -> list[int]:
        kids = self._children
        order: list[int] = []
        stack = [(ROOT, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
                continue
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(kids.get(node, [])))
        return order

    def subtree(self, node: int) -> list[int]:
        kids = self._children
        out, stack = [], [node]
        while stack:
            current = stack.pop()
            out.append(current)
            stack.extend(kids.get(current, []))
        return out

    def ancestors(self, node: int) -> list[int]:
        """``node`` and every group above it, up to ``ROOT``."""
        chain = [node]
        while chain[-1] != ROOT:
            chain.append(self.parent.get(chain[-1], ROOT))
        return chain

    def is_leaf(self, node: int) -> bool:
        return node != ROOT and not self._children.get(node)


def group_sizes(tree: TeamTree, direct: Mapping[int, int]) -> dict[int, int]:
    """Respondents per group: its own members' plus everything below it."""
    kids = tree.children()
    sizes: dict[int, int] = {}
    for node in tree.post_order():
        sizes[node] = direct.get(node, 0) + sum(sizes[c] for c in kids.get(node, []))
    return sizes


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
    root. ``fixed_roots`` are already shown elsewhere (a team whose cells are being decided):
    they are never suppressed, so a small residual under them suppresses their smallest cell.
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


def check_threshold(k: int) -> int:
    if k < MIN_THRESHOLD:
        raise ValueError(f"The anonymity threshold is never below {MIN_THRESHOLD}.")
    return k


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
    """Rule 3: which cells of a demographic partition of a shown team may be shown.

    The team's own figure is already public, so the cells left hidden must together hold 0 or
    at least ``k`` respondents (else the next-smallest cell is hidden too), or the attacker
    subtracts the shown cells from the team.
    """
    check_threshold(k)
    if team_size < k:
        return set()
    root = "\0team"
    kids = {root: sorted(cells)}
    sizes = {root: team_size, **cells}
    order = [*sorted(cells), root]
    pool = set(cells) if candidates is None else set(candidates) & set(cells)
    return suppress_laminar(kids, order, sizes, k, candidates=pool, fixed_roots=[root])


Overlap = Callable[[int, int], int]  # (earlier round, later round) -> people in both
LOOKBACK_ROUNDS = 4  # a month of weekly pulses


def time_filter(
    rounds: list[int],
    sizes: Mapping[int, int],
    eligible: Mapping[int, bool],
    k: int,
    overlap: Overlap,
    lookback: int = LOOKBACK_ROUNDS,
) -> dict[int, bool]:
    """Rule 4 for one group's series (``rounds`` oldest first): a round is dropped when its
    respondents and those of one of the ``lookback`` rounds before it that passed rules 1-3
    are nested and differ by 1..k-1 people. Comparing with every eligible earlier round, not
    only the shown ones, keeps each decision independent of where a window starts.
    ``overlap`` is only asked when the two sizes alone cannot rule nesting out."""
    check_threshold(k)
    result: dict[int, bool] = {}
    for index, round_id in enumerate(rounds):
        ok = bool(eligible.get(round_id))
        n = sizes.get(round_id, 0)
        for earlier in rounds[max(0, index - lookback) : index] if ok else ():
            if not eligible.get(earlier):
                continue
            m = sizes.get(earlier, 0)
            if 1 <= abs(n - m) <= k - 1 and overlap(earlier, round_id) == min(n, m):
                ok = False
                break
        result[round_id] = ok
    return result
