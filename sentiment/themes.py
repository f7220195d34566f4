"""Theme detection per sentence from ``themes.csv``: word-start patterns, no downloaded corpora.

Patterns are lower-case regular expressions anchored at a word start and matched against the
lower-cased sentence, so a stem such as ``schedul`` covers schedule, schedules, scheduling and
scheduler; ``acronyms`` are matched case-sensitively ("IT" is not "it"). Themes follow the
survey drivers (column ``drivers``) so a leader can read "Tools and technology, 80 % negative"
next to the tools driver score.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TAXONOMY_FILE = Path(__file__).with_name("themes.csv")
_PREFIX = r"(?<![\w-])(?:"


@dataclass(frozen=True)
class Theme:
    key: str
    label: str
    drivers: tuple[str, ...]
    pattern: re.Pattern[str]
    acronyms: re.Pattern[str] | None
    acronym_words: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def taxonomy() -> tuple[Theme, ...]:
    with TAXONOMY_FILE.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    themes = []
    for row in rows:
        if row["patterns"] != row["patterns"].lower():
            raise ValueError(f"themes.csv: patterns of {row['theme']} must be lower case")
        if re.compile(row["patterns"]).groups:
            raise ValueError(f"themes.csv: use (?:...) not capturing groups in {row['theme']}")
        acronyms = row["acronyms"].split()
        if not all(word.isalnum() for word in acronyms):
            raise ValueError(f"themes.csv: acronyms of {row['theme']} must be letters and digits")
        themes.append(
            Theme(
                key=row["theme"],
                label=row["label"],
                drivers=tuple(row["drivers"].split()),
                pattern=re.compile(_PREFIX + row["patterns"] + ")"),
                acronyms=re.compile(r"\b(?:" + "|".join(acronyms) + r")\b") if acronyms else None,
                acronym_words=tuple(acronyms),
            )
        )
    return tuple(themes)


@lru_cache(maxsize=1)
def taxonomy_digest() -> str:
    return hashlib.sha256(TAXONOMY_FILE.read_bytes()).hexdigest()


def theme_labels() -> dict[str, str]:
    """Theme key -> display label, in taxonomy order."""
    return {theme.key: theme.label for theme in taxonomy()}


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    """For each ``first``, themes ``first`` onwards in one pattern, one group each: one scan
    per sentence finds the first theme matching at each word start, and one more match per hit
    finds any later one."""
    themes = taxonomy()
    sources = [f"({theme.pattern.pattern[len(_PREFIX) : -1]})" for theme in themes]
    return tuple(
        re.compile(_PREFIX + "|".join(sources[first:]) + ")") for first in range(len(themes))
    )


@lru_cache(maxsize=1)
def _with_acronyms() -> tuple[tuple[int, Theme], ...]:
    return tuple((index, theme) for index, theme in enumerate(taxonomy()) if theme.acronyms)


def detect_themes(sentence: str) -> tuple[str, ...]:
    """Keys of the themes a sentence talks about, in taxonomy order."""
    themes = taxonomy()
    patterns = _patterns()
    last = len(themes) - 1
    lowered = sentence.lower()
    found: set[int] = set()
    for hit in patterns[0].finditer(lowered):
        index = hit.lastindex - 1
        found.add(index)
        # Themes before the one that matched failed here; only later ones may also match.
        while index < last:
            later = patterns[index + 1].match(lowered, hit.start())
            if later is None:
                break
            index += later.lastindex
            found.add(index)
    if not sentence.islower():
        for index, theme in _with_acronyms():
            if (
                index not in found
                and any(word in sentence for word in theme.acronym_words)
                and theme.acronyms.search(sentence)
            ):
                found.add(index)
    return tuple(themes[index].key for index in sorted(found))
