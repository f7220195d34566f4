"""NLTK's VADER, loaded offline from the project's own ``nltk_data`` folder, and a tuned variant.

NLTK 3.10 only loads resources from folders on ``nltk.data.path``, so the VADER lexicon lives in
``data/nltk_data/sentiment/vader_lexicon.zip`` (committed; rebuilt from the pinned
``vaderSentiment`` package if missing). The tuned analyser keeps VADER's rules (negation,
boosters, capitals, punctuation) and changes only what the domain needs: the back-office
lexicon with multi-word expressions, a cheaper tokeniser, contrast words at sentence level and
sarcastic openers ("Great, another outage").
"""

from __future__ import annotations

import re
import string
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

import nltk.data
import vaderSentiment
from nltk.sentiment.vader import SentimentIntensityAnalyzer, VaderConstants

from sentiment.lexicon import DomainLexicon, domain_lexicon, join_phrases
from sentiment.text import clean_markup, describe_emoji, sentence_spans

PROJECT_ROOT = Path(__file__).resolve().parent.parent
NLTK_DATA_DIR = PROJECT_ROOT / "data" / "nltk_data"
VADER_ZIP = NLTK_DATA_DIR / "sentiment" / "vader_lexicon.zip"
VADER_MEMBER = "vader_lexicon/vader_lexicon.txt"
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


def ensure_vader_lexicon() -> Path:
    """Make sure the lexicon zip exists (it is committed; this rebuilds it from vaderSentiment)."""
    if not VADER_ZIP.exists():
        source = Path(vaderSentiment.__file__).with_name("vader_lexicon.txt")
        VADER_ZIP.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(VADER_ZIP, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(VADER_MEMBER, source.read_text(encoding="utf-8").rstrip("\n"))
    folder = str(NLTK_DATA_DIR)
    if folder not in nltk.data.path:
        nltk.data.path.append(folder)
    return VADER_ZIP


@lru_cache(maxsize=1)
def stock_analyzer() -> SentimentIntensityAnalyzer:
    """NLTK's analyser exactly as shipped (the 'vanilla' baseline)."""
    ensure_vader_lexicon()
    return SentimentIntensityAnalyzer()


class _FastConstants(VaderConstants):
    """VADER's constants with ``negated`` answering exactly as NLTK's but without its
    ``itertools.tee`` pairing per call (VADER asks about one word at a time; that pairing was a
    seventh of the analysis time, which the attention model needed to stay faster than stock)."""

    def __init__(self, negations: list[str]) -> None:
        super().__init__()
        self.NEGATE = negations
        self._negate = frozenset(negations)

    def negated(self, input_words: list[str], include_nt: bool = True) -> bool:
        negate = self._negate
        for word in input_words:
            low = word.lower()
            if low in negate or (include_nt and "n't" in low):
                return True
        for first, second in zip(input_words, input_words[1:], strict=False):
            if second.lower() == "least" and first.lower() != "at":
                return True
        return False


@dataclass(frozen=True)
class SentenceValence:
    start: int
    end: int
    compound: float
    valences: tuple[float, ...]
    first_word: str
    readable: str  # the sentence as scored: markup removed, emoji in words


class TunedAnalyzer(SentimentIntensityAnalyzer):
    """VADER with the back-office lexicon; ``score`` returns overall and per-sentence compounds."""

    def __init__(self, domain: DomainLexicon | None = None) -> None:
        ensure_vader_lexicon()
        super().__init__()
        self.domain = domain or domain_lexicon()
        self.lexicon.update(self.domain.words)
        phrases = {key: list(value) for key, value in self.domain.phrases.items()}
        phrases.setdefault("no", []).append((("no", "one"), "no_one"))
        phrases.setdefault("used", []).extend(
            [(("used", "to", "be"), "used_to_be"), (("used", "to"), "used_to")]
        )
        for candidates in phrases.values():
            candidates.sort(key=lambda item: -len(item[0]))
        self.domain = DomainLexicon(self.domain.words, phrases, self.domain.digest)
        self.constants = _FastConstants(list(VaderConstants.NEGATE) + sorted(EXTRA_NEGATIONS))
        self._boosters = self.constants.BOOSTER_DICT

    # --- tokens and valences -------------------------------------------------------------
    @staticmethod
    def tokens(text: str) -> list[str]:
        """Whitespace tokens without surrounding punctuation; emoticons (":)", "<3") kept.

        One-letter words stay until phrases are joined ("is a joke"), then go, as in VADER.
        """
        out = []
        for raw in text.split():
            stripped = raw.strip(_PUNCTUATION)
            if len(stripped) >= 2 or (stripped and raw[0] not in _PUNCTUATION):
                out.append(stripped)  # "word," -> "word", "a," -> "a"
            else:
                out.append(raw)  # emoticons such as ":)" and ":D"
        return out

    def valences(self, text: str) -> tuple[list[float], list[str]]:
        tokens = self.tokens(text)
        lowered = [token.lower() for token in tokens]
        lowered, tokens = join_phrases(lowered, tokens, self.domain)
        if any(len(token) < 2 for token in tokens):
            kept = [i for i, token in enumerate(tokens) if len(token) > 1]
            tokens = [tokens[i] for i in kept]
            lowered = [lowered[i] for i in kept]
        lexicon = self.lexicon
        boosters = self._boosters
        sentiments: list[float] = []
        senti = None
        for i, low in enumerate(lowered):
            if low not in lexicon or low in boosters:
                sentiments.append(0.0)
                continue
            if low == "kind" and i + 1 < len(lowered) and lowered[i + 1] == "of":
                sentiments.append(0.0)
                continue
            if senti is None:
                upper = sum(1 for token in tokens if token.isupper())
                senti = SimpleNamespace(
                    words_and_emoticons=tokens, is_cap_diff=0 < len(tokens) - upper < len(tokens)
                )
            self.sentiment_valence(0.0, senti, tokens[i], i, sentiments)
        self._contrast(lowered, sentiments)
        self._sarcasm(lowered, sentiments, text)
        self._past_state(lowered, sentiments)
        return sentiments, lowered

    @staticmethod
    def _past_state(lowered: list[str], sentiments: list[float]) -> None:
        """ "It used to be good" is a complaint and "we used to be understaffed" is praise: what
        follows "used to" (up to a contrast word) counts half, with its sign reversed."""
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
        for index, word in enumerate(lowered):
            if word in CONTRAST_WORDS:
                for position in range(len(sentiments)):
                    if position < index:
                        sentiments[position] *= 0.5
                    elif position > index:
                        sentiments[position] *= 1.5
                return

    @staticmethod
    def _sarcasm(lowered: list[str], sentiments: list[float], text: str) -> None:
        """A cheerful opener followed only by bad news ("Great, another outage", "Love how the
        EHR goes down") is not praise: the opener's valence is reversed and halved."""
        if not _SARCASTIC_OPENING.match(text):
            return
        start = next((i for i, word in enumerate(lowered[:2]) if word in SARCASTIC_OPENERS), None)
        if start is None:
            return
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
                    start, end, self.compound(valences, piece), tuple(valences), first, piece
                )
            )
        return result

    def compound(self, valences: list[float], text: str) -> float:
        """VADER's compound (sum, punctuation emphasis, normalisation) without pos/neu/neg."""
        total = sum(valences)
        if not total:
            return 0.0
        emphasis = self._punctuation_emphasis(total, text)
        total = total + emphasis if total > 0 else total - emphasis
        return round(self.constants.normalize(total), 4)

    def score(self, text: str) -> tuple[float, list[SentenceValence]]:
        """Overall compound and per-sentence results.

        The overall score sums the token valences of all sentences as VADER would for the whole
        text, except that a sentence opening with "But"/"However" halves what came before it.
        """
        sentences = self.sentence_valences(text)
        combined = self._weighted(sentences)
        readable = " ".join(sentence.readable for sentence in sentences)
        return self.compound(combined, readable), sentences

    def polarity_scores(self, text: str) -> dict[str, float]:
        """Drop-in for NLTK's method (whole text, tuned rules)."""
        return self._combine(text, self.sentence_valences(text))

    def _combine(self, text: str, sentences: list[SentenceValence]) -> dict[str, float]:
        return self.score_valence(self._weighted(sentences), describe_emoji(clean_markup(text)))

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

    ensure_vader_lexicon()
    with zipfile.ZipFile(VADER_ZIP) as archive:
        vader_crc = archive.getinfo(VADER_MEMBER).CRC
    domain = domain_lexicon().digest[:8]
    model = attention_model().digest[:6]
    return f"vader{vader_crc:08x}-bo{domain}-th{taxonomy_digest()[:6]}-at{model}-{RULES_VERSION}"
