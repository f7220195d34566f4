"""The tuned VADER engine: VADER's rules (``sentiment.vader``) plus what back-office text needs.

It keeps VADER's rules (negation, boosters, capitals, punctuation, idioms, "least") and changes
only what the domain needs: the back-office lexicon with multi-word expressions, a cheaper
tokeniser, extra negators, contrast words at sentence level, sarcastic openers ("Great, another
outage") and past states ("It used to be good"). ``stock_analyzer()`` is VADER as published, the
baseline of ``python -m sentiment evaluate``.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache

from sentiment.lexicon import DomainLexicon, domain_lexicon, join_phrases
from sentiment.text import clean_markup, describe_emoji, sentence_spans
from sentiment.vader import (
    BOOSTERS,
    NEGATE,
    Vader,
    but_rule,
    caps_differ,
    compound,
    lexicon_crc,
    vader_lexicon,
)

RULES_VERSION = "r2"  # r2: needs-attention correction of labels and scores

_PUNCTUATION = string.punctuation
CONTRAST_WORDS = frozenset({"but", "however"})
EXTRA_NEGATIONS = frozenset({"nobody", "no_one", "noone"})
PAST_MARKERS = frozenset({"used_to", "used_to_be"})
ACCUSTOMED = frozenset({"get", "got", "getting", "gotten", "become", "became"})
_SARCASTIC_OPENING = re.compile(
    r"\s*(?:oh,?\s+|yeah,?\s+)?(?:(?:great|wonderful|fantastic|perfect|lovely|brilliant|awesome|"
    r"sure|yeah|nice|wow|terrific|thanks)\b\s*[,!.]|(?:i\s+)?love\s+(?:how|when)\b)",
    re.IGNORECASE,
)
SARCASTIC_OPENERS = frozenset(
    {
        "great",
        "wonderful",
        "fantastic",
        "perfect",
        "lovely",
        "brilliant",
        "awesome",
        "sure",
        "yeah",
        "nice",
        "love",
        "thanks",
        "wow",
        "terrific",
    }
)


@lru_cache(maxsize=1)
def stock_analyzer() -> Vader:
    """VADER exactly as published (NLTK's scores; the 'vanilla' baseline)."""
    return Vader(vader_lexicon())


@dataclass(frozen=True)
class SentenceValence:
    start: int
    end: int
    compound: float
    valences: tuple[float, ...]
    first_word: str
    readable: str  # the sentence as scored: markup removed, emoji in words


class TunedAnalyzer:
    """VADER with the back-office lexicon; ``score`` returns overall and per-sentence compounds."""

    def __init__(self, domain: DomainLexicon | None = None) -> None:
        self.domain = domain or domain_lexicon()
        self.lexicon = {**vader_lexicon(), **self.domain.words}
        phrases = {key: list(value) for key, value in self.domain.phrases.items()}
        phrases.setdefault("no", []).append((("no", "one"), "no_one"))
        phrases.setdefault("used", []).extend(
            [(("used", "to", "be"), "used_to_be"), (("used", "to"), "used_to")]
        )
        for candidates in phrases.values():
            candidates.sort(key=lambda item: -len(item[0]))
        self.domain = DomainLexicon(self.domain.words, phrases, self.domain.digest)
        self.vader = Vader(self.lexicon, NEGATE | EXTRA_NEGATIONS)

    # --- tokens and valences -------------------------------------------------------------
    @staticmethod
    def tokens(text: str) -> list[str]:
        """Whitespace tokens without surrounding punctuation; emoticons (":)", "<3") kept.

        One-letter words stay until phrases are joined ("is a joke"), then go, as in VADER.
        """
        return [
            # "word," -> "word" and "a," -> "a", but ":)" and ":D" stay emoticons
            stripped if len(stripped) >= 2 or (stripped and raw[0] not in _PUNCTUATION) else raw
            for raw in text.split()
            for stripped in (raw.strip(_PUNCTUATION),)
        ]

    def valences(self, text: str) -> tuple[list[float], list[str]]:
        tokens = self.tokens(text)
        lowered = [token.lower() for token in tokens]
        lowered, tokens = join_phrases(lowered, tokens, self.domain)
        if tokens and min(map(len, tokens)) < 2:
            kept = [i for i, token in enumerate(tokens) if len(token) > 1]
            tokens = [tokens[i] for i in kept]
            lowered = [lowered[i] for i in kept]
        lexicon = self.lexicon
        sentiments = [0.0] * len(lowered)
        capitals = None
        for i in [i for i, low in enumerate(lowered) if low in lexicon]:
            low = lowered[i]
            if low in BOOSTERS or (low == "kind" and lowered[i + 1 : i + 2] == ["of"]):
                continue
            if capitals is None:
                capitals = caps_differ(tokens)
            sentiments[i] = self.vader.valence(tokens, lowered, i, capitals)
        self._contrast(lowered, sentiments)
        self._sarcasm(lowered, sentiments, text)
        self._past_state(lowered, sentiments)
        return sentiments, lowered

    @staticmethod
    def _past_state(lowered: list[str], sentiments: list[float]) -> None:
        """ "It used to be good" is a complaint and "we used to be understaffed" is praise: what
        follows "used to" (up to a contrast word) counts half, with its sign reversed."""
        if PAST_MARKERS.isdisjoint(lowered):
            return
        for index, word in enumerate(lowered):
            if word in PAST_MARKERS and (index == 0 or lowered[index - 1] not in ACCUSTOMED):
                for position in range(index + 1, len(sentiments)):
                    if lowered[position] in CONTRAST_WORDS:
                        break
                    sentiments[position] *= -0.5
                return

    @staticmethod
    def _contrast(lowered: list[str], sentiments: list[float]) -> None:
        """VADER's "but" rule, also for "however": the clause after it counts more."""
        if CONTRAST_WORDS.isdisjoint(lowered):
            return
        for index, word in enumerate(lowered):
            if word in CONTRAST_WORDS:
                but_rule(sentiments, index)
                return

    @staticmethod
    def _sarcasm(lowered: list[str], sentiments: list[float], text: str) -> None:
        """A cheerful opener followed only by bad news ("Great, another outage", "Love how the
        EHR goes down") is not praise: the opener's valence is reversed and halved."""
        if SARCASTIC_OPENERS.isdisjoint(lowered[:2]) or not _SARCASTIC_OPENING.match(text):
            return
        start = next(i for i, word in enumerate(lowered[:2]) if word in SARCASTIC_OPENERS)
        opener = sentiments[start]
        rest = sentiments[start + 1 :]
        if opener > 0 and any(v < 0 for v in rest) and not any(v > 0 for v in rest):
            sentiments[start] = -0.5 * opener

    # --- sentences and whole text --------------------------------------------------------
    def sentence_valences(self, text: str) -> list[SentenceValence]:
        result = []
        for start, end in sentence_spans(text):
            piece = describe_emoji(clean_markup(text[start:end]))
            valences, lowered = self.valences(piece)
            first = lowered[0] if lowered else ""
            result.append(
                SentenceValence(
                    start, end, compound(valences, piece), tuple(valences), first, piece
                )
            )
        return result

    def score(self, text: str) -> tuple[float, list[SentenceValence]]:
        """Overall compound and per-sentence results.

        The overall score sums the token valences of all sentences as VADER would for the whole
        text, except that a sentence opening with "But"/"However" halves what came before it.
        """
        sentences = self.sentence_valences(text)
        if len(sentences) == 1:
            return sentences[0].compound, sentences  # the same sum over the same text
        combined = self._weighted(sentences)
        readable = " ".join(sentence.readable for sentence in sentences)
        return compound(combined, readable), sentences

    @staticmethod
    def _weighted(sentences: list[SentenceValence]) -> list[float]:
        combined: list[float] = []
        for sentence in sentences:
            if combined and sentence.first_word in CONTRAST_WORDS:
                combined = [value * 0.5 for value in combined]
            combined.extend(sentence.valences)
        return combined


@lru_cache(maxsize=1)
def tuned_analyzer() -> TunedAnalyzer:
    return TunedAnalyzer()


@lru_cache(maxsize=1)
def lexicon_version() -> str:
    """Identifies the lexicon, model and rules that produced a stored score (changes trigger
    rescoring)."""
    from sentiment.attention import attention_model
    from sentiment.themes import taxonomy_digest

    vader_crc = lexicon_crc()
    domain = domain_lexicon().digest[:8]
    model = attention_model().digest[:6]
    return f"vader{vader_crc:08x}-bo{domain}-th{taxonomy_digest()[:6]}-at{model}-{RULES_VERSION}"
