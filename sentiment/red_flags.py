"""Red flags: comments that HR must see whatever the group size (harassment, discrimination,
threats, safety, self-harm). Detection and review marks live here; the administrators' queue,
which names a group only from a published release, is ``insights.red_flags``.

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


def mark_reviewed(db: sqlite_utils.Database, response_id: str) -> int:
    """Take a comment off the open queue; returns how many flags changed."""
    cursor = db.execute(
        "UPDATE red_flags SET reviewed = 1 WHERE response_id = ? AND reviewed = 0", [response_id]
    )
    return cursor.rowcount
