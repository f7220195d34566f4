"""One comment in, one result out: overall score and label, needs attention, sentences, themes
and red flags.

Labels: ``positive`` / ``negative`` / ``neutral`` by VADER's usual +-0.05 on the overall
compound, and ``mixed`` when one sentence is clearly positive and another clearly negative.
Then the needs-attention model (``sentiment.attention``) corrects what VADER cannot hear: a calm
complaint ("The portal logs us out every hour") is ``negative``, so it reaches leaders through
the negative share and the themes; see ``attention_label``.
Text we cannot score honestly (empty, no words, another language) is ``neutral`` with
``scored`` false and a reason, so averages can leave it out; the text itself is never changed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sentiment.attention import attention_model
from sentiment.engine import SentenceValence, lexicon_version, tuned_analyzer
from sentiment.red_flags import detect_red_flags
from sentiment.text import clean_markup, describe_emoji, has_words, looks_non_english
from sentiment.themes import detect_themes

LABELS = ("negative", "neutral", "positive", "mixed")
POSITIVE_AT = 0.05
NEGATIVE_AT = -0.05
MIXED_AT = 0.3
# A complaint VADER reads as at most this positive is labelled negative ("Getting time off
# approved takes weeks" scores +0.15 on "approved"); above it the words clearly praise.
COMPLAINT_CAP = 0.3
# The model corrects a label only when it is surer of its class than of all others together.
MIN_CONFIDENCE = 0.5
# A request VADER reads as positive only through polite words stays neutral below this.
REQUEST_CAP = 0.5
# How far past the +-0.05 line a corrected score goes, times the model's confidence: calm
# words stay mild (-0.075 to -0.15), which keeps VADER's correlation with human ratings.
ATTENTION_SHIFT = 0.1


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
    attention: str = "other"  # complaint / request / praise / other
    attention_p: float = 0.0  # the model's probability for ``attention``
    vader_compound: float = 0.0  # the engine's compound before the attention correction

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
    raw, scored = tuned_analyzer().score(text)
    raw = round(raw, 4)
    values = [s.compound for s in scored]
    attention, probability = attention_model().predict(*attention_inputs(raw, scored))
    probability = round(probability, 4)
    label, compound = attention_label(label_for(raw, values), raw, attention, probability)
    # Sentences follow the comment's verdict only where the label agrees with it.
    agrees = probability >= MIN_CONFIDENCE and (
        (attention == "complaint" and label != "positive")
        or (attention == "praise" and label == "positive")
    )
    adjust = attention if agrees else "other"
    sentences = tuple(
        Sentence(
            s.start,
            s.end,
            text[s.start : s.end],
            sentence_compound(s.compound, adjust, probability),
            detect_themes(s.readable),
        )
        for s in scored
    )
    return Analysis(
        label=label,
        compound=compound,
        scored=True,
        reason="",
        sentences=sentences,
        themes=theme_scores(sentences),
        red_flags=flags,
        lexicon_version=version,
        attention=attention,
        attention_p=probability,
        vader_compound=raw,
    )


def attention_inputs(raw: float, scored: list[SentenceValence]) -> tuple[str, float, float, float]:
    """What the attention model reads: the scored text and the overall, lowest and highest
    sentence compounds (training uses the same function, so features match exactly)."""
    values = [s.compound for s in scored] or [0.0]
    return " ".join(s.readable for s in scored), raw, min(values), max(values)


def attention_label(
    label: str, compound: float, attention: str, probability: float
) -> tuple[str, float]:
    """Label and compound after the needs-attention correction.

    A complaint VADER calls neutral or mildly positive becomes negative, praise VADER calls
    neutral becomes positive, and a request that is positive only through polite words becomes
    neutral. A changed label gets a mild compound on its side of the +-0.05 line, so averages
    and label agree; ``mixed`` is never changed.
    """
    if probability < MIN_CONFIDENCE:
        return label, compound
    if attention == "complaint" and label in ("neutral", "positive") and compound < COMPLAINT_CAP:
        return "negative", _shifted(-1, probability)
    if attention == "praise" and label == "neutral":
        return "positive", _shifted(1, probability)
    if attention == "request" and label == "positive" and compound < REQUEST_CAP:
        return "neutral", 0.0
    return label, compound


def sentence_compound(compound: float, attention: str, probability: float) -> float:
    """A sentence's score after the correction: in a complaint, a sentence that is not already
    negative and not clearly positive counts negative (so the themes it names count as
    complaints); in praise, a flat sentence counts positive."""
    if attention == "complaint" and NEGATIVE_AT < compound < MIXED_AT:
        return _shifted(-1, probability)
    if attention == "praise" and NEGATIVE_AT < compound < POSITIVE_AT:
        return _shifted(1, probability)
    return compound


def _shifted(sign: int, probability: float) -> float:
    return round(sign * (POSITIVE_AT + ATTENTION_SHIFT * probability), 4)


def theme_scores(sentences: tuple[Sentence, ...]) -> dict[str, float]:
    """Each theme's sentiment in this comment: the mean compound of the sentences naming it."""
    totals: dict[str, list[float]] = {}
    for sentence in sentences:
        for theme in sentence.themes:
            totals.setdefault(theme, []).append(sentence.compound)
    return {theme: round(sum(values) / len(values), 4) for theme, values in totals.items()}
