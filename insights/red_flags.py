"""The red-flag queue (duty of care): flagged comments for administrators, whatever the group
size, with the text alone. A group is named only where a published release shows it (the
comment's nearest released group, as on the comments page); a flag from an open round, or
from a team no release shows, names nobody. Leaders never see this queue."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from insights import releases
from org import audit
from org.access import AccessDenied, Viewer
from org.settings import anonymity_threshold
from org.tree import load_tree
from sentiment.red_flags import categories, mark_reviewed
from storage import write_transaction
from storage.seal import db_file, seal_flag, unseal_flag

NOTE_MAX_CHARS = 500
# A flag of a round not yet published is kept apart from its sealed response (storage/seal.py)
# with its day alone: no round, no team.
OPEN_ROUND = "a survey round still open"


class ReviewError(ValueError):
    """A review that cannot be recorded (unknown or already reviewed item, note too long)."""


@dataclass(frozen=True)
class QueueItem:
    response_id: str
    text: str
    round_title: str
    categories: tuple[str, ...]
    group: str | None  # the released group it belongs to, or None
    reviewed: bool
    note: str = ""  # what the reviewer recorded when taking it off the queue


def _admin_only(viewer: Viewer) -> None:
    if not viewer.is_admin:
        raise AccessDenied("The red-flag queue is for administrators.")


def open_count(db: sqlite_utils.Database, viewer: Viewer) -> int:
    """How many flagged comments wait for review (the navigation badge); 0 for non-admins."""
    if not viewer.is_admin:
        return 0
    published = db.execute(
        "SELECT count(DISTINCT response_id) FROM red_flags WHERE reviewed = 0"
    ).fetchone()[0]
    sealed = db.execute("SELECT count(*) FROM open_red_flags WHERE reviewed = 0").fetchone()[0]
    return published + sealed


def review(db: sqlite_utils.Database, viewer: Viewer, response_id: str, note: str) -> None:
    """Take a flagged comment off the open queue with a note of what was done.

    The audit log records who reviewed and when, never the note or the comment's text.
    """
    _admin_only(viewer)
    note = (note or "").strip()
    if len(note) > NOTE_MAX_CHARS:
        raise ReviewError(f"Keep the note to {NOTE_MAX_CHARS} characters (it has {len(note)}).")
    with write_transaction(db):
        if mark_reviewed(db, response_id) == 0:
            # A flag of a round still open: its own row, carried over when it is published.
            row = db.execute(
                "SELECT text FROM open_red_flags WHERE id = ? AND reviewed = 0", [response_id]
            ).fetchone()
            if row is None:
                raise ReviewError("That item is not on the open queue (already reviewed?).")
            fields = {**unseal_flag(response_id, row[0], db_file(db)), "note": note}
            db.execute(
                "UPDATE open_red_flags SET reviewed = 1, text = ? WHERE id = ?",
                [seal_flag(response_id, fields, db_file(db)), response_id],
            )
        else:
            db.execute(
                "INSERT INTO red_flag_reviews (response_id, note) VALUES (?, ?) "
                "ON CONFLICT (response_id) DO UPDATE SET note = excluded.note",
                [response_id, note],
            )
        audit.record(db, viewer.name, "red_flag_reviewed", {"with_note": bool(note)})


def red_flag_queue(
    db: sqlite_utils.Database, viewer: Viewer, include_reviewed: bool = False
) -> list[QueueItem]:
    """Flagged comments, newest round first; administrators only."""
    _admin_only(viewer)
    releases.publish_due(db)
    rows = db.execute(
        """
        SELECT c.response_id, c.text, r.round_id, rd.title, coalesce(r.team_id, 0),
               group_concat(f.category, ' '), min(f.reviewed), coalesce(v.note, '')
        FROM red_flags f
        JOIN comments c ON c.response_id = f.response_id
        LEFT JOIN red_flag_reviews v ON v.response_id = c.response_id
        JOIN responses r ON r.id = c.response_id
        JOIN rounds rd ON rd.id = r.round_id
        GROUP BY c.response_id
        ORDER BY rd.opens_on DESC, c.response_id
        """
    ).fetchall()
    items = [
        QueueItem(
            response_id=flag_id,
            text=text,
            round_title=OPEN_ROUND,
            categories=_ordered(flags),
            group=None,
            reviewed=bool(reviewed),
            note=note,
        )
        for flag_id, text, flags, reviewed, note in _open_flags(db, include_reviewed)
    ]
    tree, _ = load_tree(db)
    released = releases.load(db, sorted({row[2] for row in rows}), tree.nodes)
    owner_of = {
        round_id: releases.owners(frozen, released.content[round_id])
        for round_id, frozen in released.trees.items()
    }
    k = anonymity_threshold(db)
    invited = dict(db.execute("SELECT round_id, count(*) FROM invitations GROUP BY 1").fetchall())
    for response_id, text, round_id, title, team, flags, reviewed, note in rows:
        if reviewed and not include_reviewed:
            continue
        keys = _ordered(flags)
        owner = owner_of.get(round_id, {}).get(team)
        if invited.get(round_id, 0) < k:  # a one-person round's title would name its author
            title = "a survey round with fewer than the minimum group size invited"
        items.append(
            QueueItem(
                response_id=response_id,
                text=text,
                round_title=title,
                categories=keys,
                group=None if owner is None else tree.names.get(owner, "Whole organisation"),
                reviewed=bool(reviewed),
                note=note,
            )
        )
    return items


def _ordered(flags: str) -> tuple[str, ...]:
    order = [category.key for category in categories()]
    return tuple(sorted(set(flags.split()), key=lambda k: order.index(k) if k in order else 99))


def _open_flags(db: sqlite_utils.Database, include_reviewed: bool) -> list[tuple]:
    """(id, text, categories, reviewed, note) of an open round's flags, opened with the seal
    key (the server holds it; a copy of the data folder does not)."""
    out = []
    for flag_id, sealed, reviewed in db.execute(
        "SELECT id, text, reviewed FROM open_red_flags WHERE reviewed = 0 OR ? "
        "ORDER BY flagged_on DESC, id",
        [int(include_reviewed)],
    ):
        fields = unseal_flag(flag_id, sealed, db_file(db))
        out.append((flag_id, fields["text"], fields["categories"], reviewed, fields["note"]))
    return out
