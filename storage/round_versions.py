"""A change counter per survey round, bumped by triggers whenever anything the privacy guard
reads for that round changes: responses, invitations (who answered, their team), comments and
comment scores. The guard's saved decisions (``guard_rounds``, written and read by
insights/snapshots.py) are keyed on these counters, so a round whose counter has not moved is
never decided twice.

The counters are not derived data: they only ever grow, and a round without a row reads as
version 0. Bulk loads keep them too (one small upsert per row).
"""

from __future__ import annotations

import sqlite_utils

from storage.connection import run_script

TABLES = """
CREATE TABLE IF NOT EXISTS round_versions (
    round_id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS guard_rounds (
    round_id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    decisions BLOB NOT NULL
);
"""

_BUMP = (
    "INSERT INTO round_versions (round_id, version) VALUES ({round}, 1) "
    "ON CONFLICT DO UPDATE SET version = version + 1;"
)
_ROUND_OF = "(SELECT round_id FROM responses WHERE id = {row}.response_id)"


def _trigger(table: str, event: str, rows: tuple[str, ...], via_response: bool) -> str:
    name = f"round_version_{table}_{event.lower()}"
    body = "\n    ".join(
        _BUMP.format(round=_ROUND_OF.format(row=row) if via_response else f"{row}.round_id")
        for row in rows
    )
    # A bump with no round (a comment whose response is gone) has nothing to invalidate.
    guard = (
        " WHEN " + " AND ".join(f"{_ROUND_OF.format(row=row)} IS NOT NULL" for row in rows)
        if via_response
        else ""
    )
    head = f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON {table}{guard}"
    return f"{head} BEGIN\n    {body}\nEND;"


TRIGGERS = "\n".join(
    [
        _trigger("responses", "INSERT", ("new",), False),
        _trigger("responses", "DELETE", ("old",), False),
        _trigger("responses", "UPDATE", ("old", "new"), False),
        _trigger("invitations", "INSERT", ("new",), False),
        _trigger("invitations", "DELETE", ("old",), False),
        _trigger("invitations", "UPDATE", ("old", "new"), False),
        _trigger("comments", "INSERT", ("new",), True),
        _trigger("comments", "DELETE", ("old",), True),
        _trigger("comment_scores", "INSERT", ("new",), True),
        _trigger("comment_scores", "DELETE", ("old",), True),
        _trigger("comment_scores", "UPDATE", ("new",), True),
    ]
)


def install_round_versions(db: sqlite_utils.Database) -> None:
    """Create the counters, the saved-decision tables and the triggers (idempotent)."""
    run_script(db, TABLES)
    run_script(db, TRIGGERS)
