"""Masking people out of comments before a leader reads them.

Roster names are matched as whole words: a full name in any case, a first name or surname alone
only when written with a capital (so "Bill" and "Park" the people are masked but "the bill" and
"the car park" are not). Emails and phone numbers are masked whoever they belong to.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

import sqlite_utils

NAME_MASK = "[name]"
EMAIL_MASK = "[email]"
PHONE_MASK = "[phone]"

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
# 7+ digits with optional +country, brackets, spaces, dots or dashes between groups.
_PHONE = re.compile(
    r"(?<![\w.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)[\s.-]?)?\d(?:[\s.-]?\d){6,13}(?![\w])"
)
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[.-]\d{1,2}[.-]\d{4}")
_MIN_PART = 2


def mask_names(text: str, roster_names: Iterable[str]) -> str:
    """``text`` with roster names, email addresses and phone numbers replaced by placeholders."""
    return masker(roster_names)(text)


def masker(roster_names: Iterable[str]) -> Callable[[str], str]:
    """``mask_names`` with the roster prepared once, for masking many comments."""
    insensitive, capitalised = _name_patterns(
        tuple(sorted({name.strip() for name in roster_names if name and name.strip()}))
    )

    def mask(text: str) -> str:
        if not text:
            return text
        text = _EMAIL.sub(EMAIL_MASK, text)
        text = _PHONE.sub(_phone_or_date, text)
        if insensitive is not None:
            text = insensitive.sub(NAME_MASK, text)
        if capitalised is not None:
            text = capitalised.sub(NAME_MASK, text)
        return text

    return mask


def _phone_or_date(match: re.Match[str]) -> str:
    return match.group() if _DATE.fullmatch(match.group()) else PHONE_MASK


@lru_cache(maxsize=32)
def _name_patterns(names: tuple[str, ...]) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    full: set[str] = set()
    single: set[str] = set()
    for name in names:
        parts = [part for part in re.split(r"\s+", name) if len(part.strip(".")) >= _MIN_PART]
        if not parts:
            continue
        full.add(" ".join(parts))
        single.update(parts)
    return _alternation(full, re.IGNORECASE), _alternation(single, 0, capitalised=True)


def _alternation(words: set[str], flags: int, capitalised: bool = False) -> re.Pattern[str] | None:
    """One pattern matching any of ``words`` as a whole word, built as a prefix tree so a
    roster of thousands costs one pass per comment rather than one try per name. Greedy
    optional tails prefer the longest name, as a longest-first alternation would."""
    if not words:
        return None
    if capitalised:
        words = {word[:1].upper() + word[1:] for word in words}
    trie: dict = {}
    for word in words:
        node = trie
        for char in " ".join(word.split()):
            node = node.setdefault(char, {})
        node[""] = {}
    return re.compile(rf"(?<![\w@])(?:{_trie_pattern(trie)})(?![\w@])", flags)


def _trie_pattern(node: dict) -> str:
    branches = [
        (r"\s+" if char == " " else re.escape(char)) + _trie_pattern(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def roster_names(db: sqlite_utils.Database) -> list[str]:
    """Every employee name on the roster (current and former)."""
    if "employees" not in db.table_names():
        return []
    return [row[0] for row in db.execute("SELECT name FROM employees")]


def mask_for_leaders(db: sqlite_utils.Database, texts: Iterable[str]) -> list[str]:
    """Mask a batch of comments with the roster read once."""
    mask = masker(roster_names(db))
    return [mask(text) for text in texts]
