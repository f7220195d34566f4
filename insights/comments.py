"""Comments a leader may read: only those whose round and team the guard shows, each labelled
with the shown group it belongs to, names masked by the sentiment package, bands never shown.
Opening comments is audited."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlite_utils

from insights import source
from insights.panel import Panel, build_panel
from insights.views import require_group, visible_groups
from org.access import Viewer
from org.audit import record
from storage import write_transaction

SENTIMENTS = ("negative", "mixed", "neutral", "positive")
COLUMNS = ["round", "team", "sentiment", "score", "themes", "comment"]
# Carried beside the shown columns so a page can reply to a comment; never displayed or exported.
THREAD = "thread"
# How the Comments page may order its cards; the first is the default (most negative first).
SORTS = ("Most negative first", "Most positive first", "Newest round first")
PAGE_SIZE = 25  # cards per page: long lists stay quick to draw on a phone


def sort_comments(table: pd.DataFrame, how: str, newest_first: list[str]) -> pd.DataFrame:
    """``table`` in the order ``how`` names; ``newest_first`` lists round titles by date."""
    if how == SORTS[1]:
        ordered = table.sort_values("score", ascending=False, na_position="last", kind="stable")
    elif how == SORTS[2]:
        rank = {title: i for i, title in enumerate(newest_first)}
        ordered = table.sort_values("round", key=lambda c: c.map(rank), kind="stable")
    else:
        ordered = table.sort_values("score", na_position="last", kind="stable")
    return ordered.reset_index(drop=True)


def comments_view(
    db: sqlite_utils.Database,
    viewer: Viewer,
    group: int,
    start: dt.date,
    end: dt.date,
    theme: str | None = None,
    sentiments: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Masked comments of ``group`` in the date range, most negative first."""
    from sentiment.store import comment_view
    from sentiment.themes import theme_labels

    require_group(db, viewer, group)
    rounds = source.rounds_between(db, start, end)
    panel = build_panel(db, rounds, visible_groups(db, viewer), measures=())
    allowed = _readable(db, panel, set(panel.tree.subtree(group)))
    titles = {r.id: r.title for r in rounds}
    labels = theme_labels()
    rows = []
    for item in comment_view(db, sorted(allowed)):
        round_id, owner = allowed[item["response_id"]]
        themes = item["themes"]
        if theme and theme not in themes:
            continue
        label = item["label"] if item["scored"] else "not scored"
        if sentiments and label not in sentiments:
            continue
        rows.append(
            {
                "round": titles[round_id],
                "team": panel.name(owner),
                "sentiment": label,
                "score": item["compound"] if item["scored"] else None,
                "themes": ", ".join(labels.get(t, t) for t in themes),
                "comment": item["text"],
                THREAD: item["response_id"],
            }
        )
    table = pd.DataFrame(rows, columns=[*COLUMNS, THREAD])
    return table.sort_values("score", na_position="last", kind="stable").reset_index(drop=True)


def _readable(
    db: sqlite_utils.Database, panel: Panel, members: set[int]
) -> dict[str, tuple[int, int]]:
    """response id -> (round, shown group) of the comments the panel releases within
    ``members``: the round closed and published, the response's group (coarsened to its owner
    when published, placed by the tree its round was released on) shown."""
    released = [r for r in panel.round_ids if panel.owner.get(r)]
    teams = sorted({t for r in released for t, o in panel.owner[r].items() if o in members})
    allowed: dict[str, tuple[int, int]] = {}
    for response_id, round_id, team_id in source.comment_ids(db, released, teams):
        owner = panel.owner[round_id].get(team_id)
        if owner is not None and owner in members and panel.is_shown(round_id, owner):
            allowed[response_id] = (round_id, owner)
    return allowed


def readable_comment(db: sqlite_utils.Database, viewer: Viewer, response_id: str) -> bool:
    """Whether the Comments page would show ``viewer`` this comment today: the one test any
    action on a comment (a reply) must pass, so nothing reaches a comment the guard hides."""
    round_id = source.comment_round(db, response_id)
    if round_id is None:
        return False
    groups = visible_groups(db, viewer)
    panel = build_panel(db, source.rounds_by_id(db, [round_id]), groups, measures=())
    members = {t for g in groups for t in panel.tree.subtree(g)}
    return response_id in _readable(db, panel, members)


def masked(db: sqlite_utils.Database, texts: list[str]) -> list[str]:
    """``texts`` masked as comments are: for what an anonymous author writes that leaders read."""
    from sentiment.masking import masker, roster_names

    mask = masker(roster_names(db))
    return [mask(text) for text in texts]


def audit_comments_opened(db: sqlite_utils.Database, viewer: Viewer, filters: dict) -> None:
    """Healthcare organisations audit who read what: one entry per view of comments."""
    with write_transaction(db):
        record(db, viewer.name, "insights.comments_opened", filters)
