"""The reviewed back-office lexicon extension, read from ``lexicon_backoffice.csv``.

Each row is one entry: ``term`` (variants separated by ``|``; a variant with a space or that
must match several tokens is a multi-word expression), a VADER valence (-4..4) and a one-line
rationale. Multi-word expressions are joined into one token before VADER sees the sentence,
because VADER's lexicon is looked up one token at a time.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

LEXICON_FILE = Path(__file__).with_name("lexicon_backoffice.csv")
MWE_JOINER = "_"


class LexiconError(ValueError):
    """The lexicon file breaks a rule (bad valence, missing rationale, duplicate term)."""


@dataclass(frozen=True)
class DomainLexicon:
    words: dict[str, float]
    # first word -> list of (word tuple, joined token), longest first
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    digest: str = ""


def read_entries(path: Path = LEXICON_FILE) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def parse_lexicon(rows: list[dict[str, str]], digest: str = "") -> DomainLexicon:
    """Validate rows and build the word table and the phrase index."""
    words: dict[str, float] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for number, row in enumerate(rows, start=2):
        try:
            valence = float(row["valence"])
        except (TypeError, ValueError) as error:
            raise LexiconError(
                f"line {number}: valence {row.get('valence')!r} is not a number"
            ) from error
        if not -4.0 <= valence <= 4.0:
            raise LexiconError(f"line {number}: valence {valence} outside -4..4")
        if not (row.get("rationale") or "").strip():
            raise LexiconError(f"line {number}: every entry needs a rationale")
        for variant in (row.get("term") or "").split("|"):
            parts = tuple(variant.strip().lower().split())
            if not parts:
                raise LexiconError(f"line {number}: empty term")
            token = MWE_JOINER.join(parts)
            if token in words:
                raise LexiconError(f"line {number}: {variant!r} is listed twice")
            words[token] = valence
            if len(parts) > 1:
                phrases.setdefault(parts[0], []).append((parts, token))
    for candidates in phrases.values():
        candidates.sort(key=lambda item: -len(item[0]))
    return DomainLexicon(words=words, phrases=phrases, digest=digest)


@lru_cache(maxsize=1)
def domain_lexicon() -> DomainLexicon:
    raw = LEXICON_FILE.read_bytes()
    return parse_lexicon(read_entries(), hashlib.sha256(raw).hexdigest())


def join_phrases(
    lowered: list[str], tokens: list[str], lexicon: DomainLexicon
) -> tuple[list[str], list[str]]:
    """Replace known multi-word expressions by one token, in both lists (lowered and original).

    Left to right, longest phrase first; a phrase's first word ("no", "not") is common, a whole
    phrase is not, so the lists are rebuilt only when one matches.
    """
    phrases = lexicon.phrases
    starts = [i for i, word in enumerate(lowered) if word in phrases]
    if not starts:
        return lowered, tokens
    matches: list[tuple[int, int, str]] = []
    free = 0  # the first position not inside an earlier match
    for i in starts:
        if i < free:
            continue
        for parts, joined in phrases[lowered[i]]:
            width = len(parts)
            if tuple(lowered[i : i + width]) == parts:
                matches.append((i, width, joined))
                free = i + width
                break
    if not matches:
        return lowered, tokens
    out_lower: list[str] = []
    out_tokens: list[str] = []
    done = 0
    for i, width, joined in matches:
        out_lower += lowered[done:i]
        out_tokens += tokens[done:i]
        out_lower.append(joined)
        out_tokens.append(joined.upper() if tokens[i].isupper() and len(tokens[i]) > 1 else joined)
        done = i + width
    out_lower += lowered[done:]
    out_tokens += tokens[done:]
    return out_lower, out_tokens
