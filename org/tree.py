"""The team hierarchy as the privacy guard and the insight pages reason on it."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import sqlite_utils

ROOT = 0  # the whole organisation (and people with no team)


@dataclass(frozen=True)
class TeamTree:
    """``ROOT`` is the parent of every top-level team; ``names`` label groups for pages."""

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
        """``node`` and every group above it, up to ``ROOT`` (unknown teams hang off ROOT)."""
        chain = [node]
        while chain[-1] != ROOT:
            chain.append(self.parent.get(chain[-1], ROOT))
        return chain

    def roll_up(self, direct: Mapping, zero, add: Callable = operator.add) -> dict:
        """Per group: its own members' value added to everything below it (post-order)."""
        kids = self._children
        out: dict = {}
        for node in self._post_order:
            value = direct.get(node, zero)
            for child in kids.get(node, []):
                value = add(value, out[child])
            out[node] = value
        return out

    def is_leaf(self, node: int) -> bool:
        return node != ROOT and not self._children.get(node)


def load_tree(db: sqlite_utils.Database) -> tuple[TeamTree, set[int]]:
    """Today's hierarchy (archived teams included: they have history) and the archived ids."""
    parent, names, archived = {}, {ROOT: "Whole organisation"}, set()
    for team_id, name, parent_id, is_archived in db.execute(
        "SELECT id, name, parent_id, archived FROM teams"
    ):
        parent[team_id] = parent_id if parent_id is not None else ROOT
        names[team_id] = name
        if is_archived:
            archived.add(team_id)
    return TeamTree(parent, names), archived
