"""Red flags: comments that HR must see whatever the group size (harassment, discrimination,
threats, safety, self-harm), and the HR queue that shows them without exposing small teams.

Detection deliberately over-flags (a negated mention such as "no harassment here" is still
flagged): a person reviews every flag, and a missed report costs far more than a dismissed one.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import sqlite_utils

CATEGORIES_FILE = Path(__file__).with_name("red_flags.csv")
DEFAULT_ANONYMITY_THRESHOLD = 5
_PREFIX = r"(?<!\w)(?:"


@dataclass(frozen=True)
class FlagCategory:
    key: str
    label: str
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def categories() -> tuple[FlagCategory, ...]:
    with CATEGORIES_FILE.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(
        FlagCategory(
            row["category"], row["label"], re.compile(_PREFIX + row["patterns"].lower() + ")")
        )
        for row in rows
    )


def detect_red_flags(text: str) -> tuple[str, ...]:
    """Category keys found anywhere in the text (typographic apostrophes normalised)."""
    normalised = text.replace("\u2019", "'").lower()
    if not _any_flag().search(normalised):
        return ()
    return tuple(category.key for category in categories() if category.pattern.search(normalised))


@lru_cache(maxsize=1)
def _any_flag() -> re.Pattern[str]:
    body = "|".join(
        f"(?:{category.pattern.pattern[len(_PREFIX) : -1]})" for category in categories()
    )
    return re.compile(_PREFIX + body + ")")


def category_labels() -> dict[str, str]:
    return {category.key: category.label for category in categories()}


def anonymity_threshold(db: sqlite_utils.Database) -> int:
    """The configured minimum group size (settings key ``anonymity_threshold``, default 5)."""
    if "settings" in db.table_names():
        row = db.execute("SELECT value FROM settings WHERE key = 'anonymity_threshold'").fetchone()
        if row is not None:
            try:
                return max(1, int(row[0]))
            except ValueError:
                pass
    return DEFAULT_ANONYMITY_THRESHOLD


@dataclass(frozen=True)
class QueueItem:
    response_id: str
    text: str
    round_id: int
    round_title: str
    categories: tuple[str, ...]
    team: str | None  # None when the team had fewer respondents than the threshold in that round
    reviewed: bool


def red_flag_queue(db: sqlite_utils.Database, include_reviewed: bool = False) -> list[QueueItem]:
    """The HR queue: flagged comments with their round; the team only for groups >= threshold.

    The team count is the number of responses from that team in that round, so a flag from a
    team of three never names the team, even though the comment itself is always shown.
    """
    threshold = anonymity_threshold(db)
    rows = db.execute(
        """
        SELECT c.response_id, c.text, r.round_id, rd.title, t.name,
               (SELECT count(*) FROM responses x
                 WHERE x.round_id = r.round_id AND x.team_id = r.team_id) AS team_count,
               group_concat(f.category, ' ') AS categories, min(f.reviewed) AS reviewed
        FROM red_flags f
        JOIN comments c ON c.response_id = f.response_id
        JOIN responses r ON r.id = c.response_id
        JOIN rounds rd ON rd.id = r.round_id
        LEFT JOIN teams t ON t.id = r.team_id
        GROUP BY c.response_id
        ORDER BY rd.opens_on DESC, c.response_id
        """
    ).fetchall()
    order = [category.key for category in categories()]
    items = []
    for response_id, text, round_id, title, team, team_count, flags, reviewed in rows:
        if reviewed and not include_reviewed:
            continue
        keys = sorted(
            set(flags.split()), key=lambda key: order.index(key) if key in order else len(order)
        )
        items.append(
            QueueItem(
                response_id=response_id,
                text=text,
                round_id=round_id,
                round_title=title,
                categories=tuple(keys),
                team=team if team is not None and team_count >= threshold else None,
                reviewed=bool(reviewed),
            )
        )
    return items


def mark_reviewed(db: sqlite_utils.Database, response_id: str) -> int:
    """Take a comment off the open queue; returns how many flags changed."""
    cursor = db.execute(
        "UPDATE red_flags SET reviewed = 1 WHERE response_id = ? AND reviewed = 0", [response_id]
    )
    return cursor.rowcount
