"""VADER (Hutto & Gilbert, ICWSM 2014) over the shipped lexicon, with no NLTK at run time.

Why our own: NLTK's analyser reads its lexicon only through ``nltk.data`` (a folder on
``nltk.data.path``) and exposes no per-token valences, which the back-office rules in
``sentiment.engine`` need (phrases, contrast across sentences, sarcasm, past state). The rules and
constants below follow NLTK 3.10's ``nltk.sentiment.vader`` step for step, so the stock
configuration gives NLTK's compound to the last digit; ``tests/sentiment/test_vader_parity.py``
checks that against NLTK on VADER's ground-truth sets and pins a few exact scores.

The lexicon is ``vader_lexicon.txt`` of vaderSentiment 3.3.2 (MIT, ``VADER_LICENSE.txt``), read
in memory from the committed ``data/nltk_data/sentiment/vader_lexicon.zip`` (NLTK's layout, so the
parity test and the bench can point NLTK at the same file): nothing is unpacked or written.
"""

from __future__ import annotations

import math
import string
import zipfile
from functools import lru_cache
from pathlib import Path

NLTK_DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "nltk_data"  # NLTK's layout
VADER_ZIP = NLTK_DATA_DIR / "sentiment" / "vader_lexicon.zip"
VADER_MEMBER = "vader_lexicon/vader_lexicon.txt"

# Empirically derived constants of the paper (NLTK's ``VaderConstants``).
B_INCR = 0.293  # booster ("very good")
B_DECR = -0.293  # dampener ("kind of good")
C_INCR = 0.733  # a word in ALL CAPS among words that are not
N_SCALAR = -0.74  # negation ("not good")
ALPHA = 15  # normalisation: compound = sum / sqrt(sum^2 + ALPHA)

NEGATE = frozenset(
    "aint arent cannot cant couldnt darent didnt doesnt ain't aren't can't couldn't daren't "
    "didn't doesn't dont hadnt hasnt havent isnt mightnt mustnt neither don't hadn't hasn't "
    "haven't isn't mightn't mustn't neednt needn't never none nope nor not nothing nowhere "
    "oughtnt shant shouldnt uhuh wasnt werent oughtn't shan't shouldn't uh-uh wasn't weren't "
    "without wont wouldnt won't wouldn't rarely seldom despite".split()
)
BOOSTERS: dict[str, float] = {
    **dict.fromkeys(
        "absolutely amazingly awfully completely considerably decidedly deeply effing enormously "
        "entirely especially exceptionally extremely fabulously flipping flippin fricking frickin "
        "frigging friggin fully fucking greatly hella highly hugely incredibly intensely majorly "
        "more most particularly purely quite really remarkably so substantially thoroughly "
        "totally tremendously uber unbelievably unusually utterly very".split(),
        B_INCR,
    ),
    **dict.fromkeys(
        "almost barely hardly kinda kindof kind-of less little marginally occasionally partly "
        "scarcely slightly somewhat sorta sortof sort-of".split(),
        B_DECR,
    ),
    "just enough": B_DECR,
    "kind of": B_DECR,
    "sort of": B_DECR,
}
IDIOMS = {
    "the shit": 3,
    "the bomb": 3,
    "bad ass": 1.5,
    "yeah right": -2,
    "cut the mustard": 2,
    "kiss of death": -1.5,
    "hand to mouth": -2,
}
# A token outside these cannot be part of an idiom or a two-word booster, so the idiom check
# can skip building its strings (same result, far less work).
_IDIOM_WORDS = frozenset(
    word for phrase in (*IDIOMS, *(k for k in BOOSTERS if " " in k)) for word in phrase.split()
)
PUNC_LIST = frozenset(
    [".", "!", "?", ",", ";", ":", "-", "'", '"', "!!", "!!!", "??", "???", "?!?", "!?!"]
    + ["?!?!", "!?!?"]
)
_PUNCTUATION = frozenset(string.punctuation)


@lru_cache(maxsize=1)
def vader_lexicon() -> dict[str, float]:
    """word -> mean valence (-4..4), read from the committed zip in memory."""
    with zipfile.ZipFile(VADER_ZIP) as archive:
        text = archive.read(VADER_MEMBER).decode("utf-8")
    lexicon = {}
    for line in text.splitlines():
        if line.strip():
            word, measure = line.strip().split("\t")[0:2]
            lexicon[word] = float(measure)
    return lexicon


def lexicon_crc() -> int:
    """The CRC-32 of the lexicon text (part of ``lexicon_version``)."""
    with zipfile.ZipFile(VADER_ZIP) as archive:
        return archive.getinfo(VADER_MEMBER).CRC


def normalize(total: float) -> float:
    return total / math.sqrt(total * total + ALPHA)


def punctuation_emphasis(text: str) -> float:
    """Up to four "!" add 0.292 each; two or three "?" add 0.18 each, more add 0.96."""
    marks = text.count("?")
    question = 0.0 if marks <= 1 else marks * 0.18 if marks <= 3 else 0.96
    return min(text.count("!"), 4) * 0.292 + question


def compound(valences: list[float], text: str) -> float:
    """VADER's compound of token valences, with the punctuation emphasis of ``text``."""
    total = float(sum(valences))
    if not total:
        return 0.0
    emphasis = punctuation_emphasis(text)
    total = total + emphasis if total > 0 else total - emphasis
    return round(normalize(total), 4)


def caps_differ(tokens: list[str]) -> bool:
    """Whether some but not all tokens are in ALL CAPS (then capitals add emphasis)."""
    upper = sum(map(str.isupper, tokens))
    return 0 < len(tokens) - upper < len(tokens)


def stock_tokens(text: str) -> list[str]:
    """VADER's tokens: whitespace words of two or more characters, one surrounding mark from
    ``PUNC_LIST`` removed ("good!!" -> "good"), other punctuation and emoticons kept."""
    tokens = []
    for token in text.split():
        if len(token) < 2:
            continue
        lead = len(token) - len(token.lstrip(string.punctuation))
        trail = len(token) - len(token.rstrip(string.punctuation))
        if 0 < lead < len(token) - 1 and token[:lead] in PUNC_LIST:
            word = token[lead:]
            if not _PUNCTUATION.intersection(word):
                token = word
        elif 0 < trail < len(token) - 1 and token[-trail:] in PUNC_LIST:
            word = token[:-trail]
            if not _PUNCTUATION.intersection(word):
                token = word
        tokens.append(token)
    return tokens


class Vader:
    """VADER's rules over a lexicon; ``negations`` may be extended (the tuned engine does)."""

    def __init__(self, lexicon: dict[str, float], negations: frozenset[str] = NEGATE) -> None:
        self.lexicon = lexicon
        self.negations = negations

    def compound(self, text: str) -> float:
        """Stock VADER's compound for a whole text (NLTK's ``polarity_scores()["compound"]``)."""
        tokens = stock_tokens(text)
        lowered = [token.lower() for token in tokens]
        lexicon = self.lexicon
        capitals = caps_differ(tokens)
        first_index: dict[str, int] = {}
        valences: list[float] = []
        for position, token in enumerate(tokens):
            # VADER reads each token's neighbours at its first occurrence (``list.index``).
            i = first_index.setdefault(token, position)
            low = lowered[i]
            if low in BOOSTERS or (low == "kind" and lowered[i + 1 : i + 2] == ["of"]):
                valences.append(0.0)
            elif low in lexicon:
                valences.append(self.valence(tokens, lowered, i, capitals))
            else:
                valences.append(0.0)
        if "but" in lowered:
            but_rule(valences, lowered.index("but"))
        return compound(valences, text)

    def valence(self, tokens: list[str], lowered: list[str], i: int, capitals: bool) -> float:
        """The valence of lexicon word ``i`` after capitals, boosters and negation up to three
        words before it, idioms, and "least"."""
        lexicon = self.lexicon
        valence = lexicon[lowered[i]]
        if capitals and tokens[i].isupper():
            valence = valence + C_INCR if valence > 0 else valence - C_INCR
        for back in range(3):
            if i <= back or lowered[i - back - 1] in lexicon:
                continue
            word = tokens[i - back - 1]
            scalar = BOOSTERS.get(lowered[i - back - 1], 0.0)
            if scalar:
                if valence < 0:
                    scalar *= -1
                if capitals and word.isupper():
                    scalar = scalar + C_INCR if valence > 0 else scalar - C_INCR
                if back == 1:
                    scalar = scalar * 0.95
                elif back == 2:
                    scalar = scalar * 0.9
            valence = valence + scalar
            valence = self._negation(valence, tokens, lowered, back, i)
            if back == 2:
                valence = _idioms(valence, tokens, i)
        return _least(valence, lowered, i, lexicon)

    def negated(self, low: str) -> bool:
        return low in self.negations or "n't" in low

    def _negation(
        self, valence: float, tokens: list[str], lowered: list[str], back: int, i: int
    ) -> float:
        """A negation up to three words back flips and damps; "never so/this" intensifies."""
        if back == 0:
            return valence * N_SCALAR if self.negated(lowered[i - 1]) else valence
        if back == 1:
            if tokens[i - 2] == "never" and tokens[i - 1] in ("so", "this"):
                return valence * 1.5
            return valence * N_SCALAR if self.negated(lowered[i - 2]) else valence
        if (tokens[i - 3] == "never" and tokens[i - 2] in ("so", "this")) or tokens[i - 1] in (
            "so",
            "this",
        ):
            return valence * 1.25
        return valence * N_SCALAR if self.negated(lowered[i - 3]) else valence


def _idioms(valence: float, tokens: list[str], i: int) -> float:
    """VADER's special-case idioms around word ``i`` (case-sensitive, as published)."""
    if _IDIOM_WORDS.isdisjoint(tokens[i - 3 : i + 3]):
        return valence
    w = tokens
    for sequence in (
        f"{w[i - 1]} {w[i]}",
        f"{w[i - 2]} {w[i - 1]} {w[i]}",
        f"{w[i - 2]} {w[i - 1]}",
        f"{w[i - 3]} {w[i - 2]} {w[i - 1]}",
        f"{w[i - 3]} {w[i - 2]}",
    ):
        if sequence in IDIOMS:
            valence = IDIOMS[sequence]
            break
    if len(w) - 1 > i and f"{w[i]} {w[i + 1]}" in IDIOMS:
        valence = IDIOMS[f"{w[i]} {w[i + 1]}"]
    if len(w) - 1 > i + 1 and f"{w[i]} {w[i + 1]} {w[i + 2]}" in IDIOMS:
        valence = IDIOMS[f"{w[i]} {w[i + 1]} {w[i + 2]}"]
    if f"{w[i - 3]} {w[i - 2]}" in BOOSTERS or f"{w[i - 2]} {w[i - 1]}" in BOOSTERS:
        valence = valence + B_DECR
    return valence


def _least(valence: float, lowered: list[str], i: int, lexicon: dict[str, float]) -> float:
    """ "least good" is negated, "at least" and "very least" are not."""
    if i > 0 and lowered[i - 1] == "least" and "least" not in lexicon:
        if i == 1 or lowered[i - 2] not in ("at", "very"):
            return valence * N_SCALAR
    return valence


def but_rule(valences: list[float], index: int) -> None:
    """VADER's contrast rule: before "but" counts half, after it one and a half."""
    for position, value in enumerate(valences):
        if position < index:
            valences[position] = value * 0.5
        elif position > index:
            valences[position] = value * 1.5
