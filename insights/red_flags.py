"""The red-flag queue (duty of care): flagged comments for administrators, whatever the group
size, with the text alone. A group is named only where a published release shows it (the
comment's nearest released group, as on the comments page); a flag from an open round, or
from a team no release shows, names nobody. Leaders never see this queue."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from insights import releases
from org.access import AccessDenied, Viewer
from org.settings import anonymity_threshold
from org.tree import load_tree
from sentiment.red_flags import categories


@dataclass(frozen=True)
class QueueItem:
    response_id: str
    text: str
    round_title: str
    categories: tuple[str, ...]
    group: str | None  # the released group it belongs to, or None
    reviewed: bool


def red_flag_queue(
    db: sqlite_utils.Database, viewer: Viewer, include_reviewed: bool = False
) -> list[QueueItem]:
    """Flagged comments, newest round first; administrators only."""
    if not viewer.is_admin:
        raise AccessDenied("The red-flag queue is for administrators.")
    releases.publish_due(db)
    rows = db.execute(
        """
        SELECT c.response_id, c.text, r.round_id, rd.title, coalesce(r.team_id, 0),
               group_concat(f.category, ' '), min(f.reviewed)
        FROM red_flags f
        JOIN comments c ON c.response_id = f.response_id
        JOIN responses r ON r.id = c.response_id
        JOIN rounds rd ON rd.id = r.round_id
        GROUP BY c.response_id
        ORDER BY rd.opens_on DESC, c.response_id
        """
    ).fetchall()
    tree, _ = load_tree(db)
    released = releases.load(db, sorted({row[2] for row in rows}), tree.nodes)
    owner_of = {
        round_id: releases.owners(frozen, released.content[round_id])
        for round_id, frozen in released.trees.items()
    }
    order = [category.key for category in categories()]
    k = anonymity_threshold(db)
    invited = dict(db.execute("SELECT round_id, count(*) FROM invitations GROUP BY 1").fetchall())
    items = []
    for response_id, text, round_id, title, team, flags, reviewed in rows:
        if reviewed and not include_reviewed:
            continue
        keys = sorted(set(flags.split()), key=lambda k: order.index(k) if k in order else 99)
        owner = owner_of.get(round_id, {}).get(team)
        if invited.get(round_id, 0) < k:  # a one-person round's title would name its author
            title = "a survey round with fewer than the minimum group size invited"
        items.append(
            QueueItem(
                response_id=response_id,
                text=text,
                round_title=title,
                categories=tuple(keys),
                group=None if owner is None else tree.names.get(owner, "Whole organisation"),
                reviewed=bool(reviewed),
            )
        )
    return items
