"""Theme detection per sentence from ``themes.csv``: word-start patterns, no downloaded corpora.

Patterns are regular expressions anchored at a word start and matched case-insensitively, so
a stem such as ``schedul`` covers schedule, schedules, scheduling and scheduler. Themes follow
the survey drivers (column ``drivers``) so a leader can read "Tools and technology, 80 %
negative" next to the tools driver score.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TAXONOMY_FILE = Path(__file__).with_name("themes.csv")


@dataclass(frozen=True)
class Theme:
    key: str
    label: str
    drivers: tuple[str, ...]
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def taxonomy() -> tuple[Theme, ...]:
    with TAXONOMY_FILE.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(
        Theme(
            key=row["theme"],
            label=row["label"],
            drivers=tuple(row["drivers"].split()),
            pattern=re.compile(r"(?<![\w-])(?:" + row["patterns"] + ")", re.IGNORECASE),
        )
        for row in rows
    )


@lru_cache(maxsize=1)
def taxonomy_digest() -> str:
    return hashlib.sha256(TAXONOMY_FILE.read_bytes()).hexdigest()


def theme_labels() -> dict[str, str]:
    """Theme key -> display label, in taxonomy order."""
    return {theme.key: theme.label for theme in taxonomy()}


def detect_themes(sentence: str) -> tuple[str, ...]:
    """Keys of the themes a sentence talks about, in taxonomy order."""
    return tuple(theme.key for theme in taxonomy() if theme.pattern.search(sentence))
