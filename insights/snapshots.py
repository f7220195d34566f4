"""Saved privacy-guard decisions, one record per survey round, so a dashboard decides only
the rounds whose data changed since it last looked (normally just the open one).

A round's decisions depend on its own data, the ``lookback`` rounds before it (rule 4), the
threshold, the team tree and the rules themselves (the code of this package that decides).
The saved ``key`` fingerprints all of them, the data through the per-round change counters
that triggers keep (storage/round_versions.py); a saved round whose key differs is stale and
decided afresh. Like the ``Panel`` it is loaded into, a record holds figures of shown groups
only: of a hidden group, just the reason.
"""

from __future__ import annotations

import hashlib
import marshal
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import sqlite_utils

from insights.guard import TeamTree
from insights.source import CommentCounts
from storage import write_transaction

# The code that decides and encodes: any edit to it makes every saved decision stale, so a
# change of the rules can never be served from decisions made under the old ones.
_DECIDING_CODE = ("guard.py", "panel.py", "source.py", "snapshots.py")
RULES_VERSION = hashlib.blake2b(
    b"".join((Path(__file__).parent / name).read_bytes() for name in _DECIDING_CODE),
    digest_size=8,
).hexdigest()


def round_versions(db: sqlite_utils.Database, round_ids: list[int]) -> dict[int, int]:
    """round -> change counter (0 for a round nothing was ever recorded for)."""
    if not round_ids:
        return {}
    marks = ",".join("?" * len(round_ids))
    found = dict(
        db.execute(
            f"SELECT round_id, version FROM round_versions WHERE round_id IN ({marks})", round_ids
        ).fetchall()
    )
    return {r: found.get(r, 0) for r in round_ids}


def tree_fingerprint(tree: TeamTree) -> str:
    """Changes when any team is added, removed or moved (names do not matter to the guard)."""
    text = ",".join(f"{child}:{parent}" for child, parent in sorted(tree.parent.items()))
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def round_keys(
    db: sqlite_utils.Database,
    sequence: list[int],
    wanted: Iterable[int],
    k: int,
    tree: TeamTree,
    lookback: int,
) -> dict[int, str]:
    """The key of each wanted round: ``sequence`` lists round ids oldest first, starting with
    the ``lookback`` rounds before the first wanted one."""
    versions = round_versions(db, sequence)
    common = f"rules={RULES_VERSION};k={k};lookback={lookback};tree={tree_fingerprint(tree)}"
    wanted = set(wanted)
    keys = {}
    for index, round_id in enumerate(sequence):
        if round_id in wanted:
            seen = sequence[max(0, index - lookback) : index + 1]
            keys[round_id] = common + ";" + ",".join(f"{r}@{versions[r]}" for r in seen)
    return keys


def encode(panel, round_id: int) -> bytes:
    """One round of ``panel`` (holding every measure) as plain dicts and tuples: shown groups
    with their figures, hidden groups with their reason, owners, and shown measure counts.
    ``marshal`` rather than JSON (three times faster to load) or pickle (which can run code):
    it only ever builds plain data, and a record it cannot read is simply decided again."""
    shown = {
        g: (
            panel.respondents[round_id][g],
            *panel.invitations[round_id][g],
            *panel.comments[round_id][g],
        )
        for g in panel.shown[round_id]
    }
    hidden = {g: why for (r, g), why in panel.why_hidden.items() if r == round_id}
    return marshal.dumps(
        {
            "shown": shown,
            "hidden": hidden,
            "owner": panel.owner[round_id],
            # each measure packed apart, so a page unpacks only the measures it shows
            "measures": {
                name: marshal.dumps({g: tuple(c) for g, c in per.items()})
                for name, per in panel.measures[round_id].items()
            },
        }
    )


def save(db: sqlite_utils.Database, panel, keys: dict[int, str]) -> bool:
    """Store the decisions of every round of ``panel`` under its key. Best effort: a read-only
    or busy database just means deciding again next time."""
    rows = [(r, keys[r], encode(panel, r)) for r in panel.round_ids]
    try:
        with write_transaction(db):
            db.conn.executemany("INSERT OR REPLACE INTO guard_rounds VALUES (?, ?, ?)", rows)
    except sqlite3.OperationalError:
        return False
    return True


def load(db: sqlite_utils.Database, panel, keys: dict[int, str], measures) -> list[int]:
    """Fill ``panel`` with the saved decisions of the rounds in ``keys`` whose saved key
    matches; returns the rounds that were not current (``measures``: which to keep, ``None``
    for all)."""
    if not keys:
        return []
    ids = list(keys)
    marks = ",".join("?" * len(ids))
    found = {}
    for round_id, key, blob in db.execute(
        f"SELECT round_id, key, decisions FROM guard_rounds WHERE round_id IN ({marks})", ids
    ):
        if key == keys[round_id]:
            found[round_id] = blob
    for round_id, blob in found.items():
        try:
            saved = marshal.loads(blob)
        except (EOFError, ValueError, TypeError):
            continue
        shown = saved["shown"]
        panel.shown[round_id] = set(shown)
        panel.respondents[round_id] = {g: f[0] for g, f in shown.items()}
        panel.invitations[round_id] = {g: (f[1], f[2]) for g, f in shown.items()}
        panel.comments[round_id] = {g: CommentCounts(*f[3:]) for g, f in shown.items()}
        panel.owner[round_id] = saved["owner"]
        panel.why_hidden.update(((round_id, g), why) for g, why in saved["hidden"].items())
        panel.measures[round_id] = {
            name: marshal.loads(per)
            for name, per in saved["measures"].items()
            if measures is None or name in measures
        }
    return [r for r in ids if r not in panel.shown]
