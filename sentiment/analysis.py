"""One comment in, one result out: overall score and label, sentences, themes and red flags.

Labels: ``positive`` / ``negative`` / ``neutral`` by VADER's usual +-0.05 on the overall
compound, and ``mixed`` when one sentence is clearly positive and another clearly negative.
Text we cannot score honestly (empty, no words, another language) is ``neutral`` with
``scored`` false and a reason, so averages can leave it out; the text itself is never changed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sentiment.engine import lexicon_version, stock_analyzer, tuned_analyzer
from sentiment.red_flags import detect_red_flags
from sentiment.text import (
    clean_markup,
    describe_emoji,
    has_words,
    looks_non_english,
    sentence_spans,
)
from sentiment.themes import detect_themes

LABELS = ("negative", "neutral", "positive", "mixed")
POSITIVE_AT = 0.05
NEGATIVE_AT = -0.05
MIXED_AT = 0.3


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    compound: float
    themes: tuple[str, ...]


@dataclass(frozen=True)
class Analysis:
    label: str
    compound: float
    scored: bool
    reason: str
    sentences: tuple[Sentence, ...] = ()
    themes: dict[str, float] = field(default_factory=dict)
    red_flags: tuple[str, ...] = ()
    lexicon_version: str = ""

    def to_dict(self) -> dict:
        data = asdict(self)
        data["sentences"] = [
            {
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "compound": s.compound,
                "themes": list(s.themes),
            }
            for s in self.sentences
        ]
        data["red_flags"] = list(self.red_flags)
        return data


def label_for(compound: float, sentence_compounds: list[float]) -> str:
    if (
        sentence_compounds
        and max(sentence_compounds) >= MIXED_AT
        and min(sentence_compounds) <= -MIXED_AT
    ):
        return "mixed"
    if compound >= POSITIVE_AT:
        return "positive"
    if compound <= NEGATIVE_AT:
        return "negative"
    return "neutral"


def unscored_reason(text: str) -> str:
    """Why a text is not scored ('' when it can be scored)."""
    if not text or not text.strip():
        return "empty"
    readable = describe_emoji(clean_markup(text))
    if not has_words(readable):
        return "no words"
    if looks_non_english(readable):
        return "not English"
    return ""


def analyse(text: str) -> Analysis:
    """Score a comment with the tuned engine (cheap enough to call while submitting)."""
    text = text if isinstance(text, str) else ""
    flags = detect_red_flags(text)
    version = lexicon_version()
    reason = unscored_reason(text)
    if reason:
        return Analysis("neutral", 0.0, False, reason, red_flags=flags, lexicon_version=version)
    compound, scored = tuned_analyzer().score(text)
    sentences = tuple(
        Sentence(s.start, s.end, text[s.start : s.end], s.compound, detect_themes(s.readable))
        for s in scored
    )
    return Analysis(
        label=label_for(compound, [s.compound for s in sentences]),
        compound=round(compound, 4),
        scored=True,
        reason="",
        sentences=sentences,
        themes=theme_scores(sentences),
        red_flags=flags,
        lexicon_version=version,
    )


def theme_scores(sentences: tuple[Sentence, ...]) -> dict[str, float]:
    """Each theme's sentiment in this comment: the mean compound of the sentences naming it."""
    totals: dict[str, list[float]] = {}
    for sentence in sentences:
        for theme in sentence.themes:
            totals.setdefault(theme, []).append(sentence.compound)
    return {theme: round(sum(values) / len(values), 4) for theme, values in totals.items()}


def stock_label(text: str) -> tuple[str, float]:
    """The vanilla baseline: NLTK's stock VADER, whole-text compound, same labelling rule."""
    analyzer = stock_analyzer()
    compound = analyzer.polarity_scores(text)["compound"]
    sentences = [analyzer.polarity_scores(text[a:b])["compound"] for a, b in sentence_spans(text)]
    return label_for(compound, sentences), compound
