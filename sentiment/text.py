"""Text handling before scoring: sentence spans, markup removal, emoji words, language check.

Sentences are found on the original text so their offsets point into what was stored; markup
is only removed from the copy that is scored, never from what leaders or HR read.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path

MAX_SENTENCES = 400
# vaderSentiment 3.3.2's emoji table (MIT, VADER_LICENSE.txt): emoji -> words VADER can rate.
EMOJI_FILE = Path(__file__).with_name("emoji_utf8_lexicon.txt")

_SENTENCE_END = re.compile(
    r"[.!?]+[\"')\]]*(?=\s|$|<)|\n+|</?(?:p|br|li|div|h[1-6]|tr)\b[^>]{0,100}>", re.IGNORECASE
)
_ABBREVIATIONS = {"dr", "mr", "mrs", "ms", "st", "vs", "etc", "e.g", "i.e", "approx", "dept"}
_TAG = re.compile(r"<[^>]{0,200}>")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"https?://\S+|www\.\S+")
_MD_MARKS = re.compile(r"(\*\*|__|`+|^\s{0,3}#{1,6}\s|^\s{0,3}>\s?|^\s*[-*+]\s)", re.MULTILINE)
_CONTENT = re.compile(r"[^\W_]|[\u2000-\U0010ffff]")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# Function words: a text of several words with none of ours and several of another
# language's is not English, and VADER's English lexicon would only guess at it.
_ENGLISH = set(
    "the a an and or to of in on at for with is are was were be been it its i we you they he "
    "she my our your their me us them this that not no but so have has had do does did "
    "can could will would should just very too all there here what when how why".split()
)
_FOREIGN = (
    set(
        "el la los las del que y es por para con una uno muy pero no se lo su sus está estoy "
        "le les des et est pas une dans pour avec je nous vous mais très "
        "der die das und ist nicht ein eine ich wir sie mit für sehr aber zu "
        "il di che non per una sono ma molto gli della "
        "o os as um uma não com muito mas são".split()
    )
    - _ENGLISH
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Start and end offsets of each sentence in ``text``, surrounding blanks excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if match.group().startswith(".") and _ends_with_abbreviation(text, start, match.start()):
            continue
        _add_span(text, start, end, spans)
        start = end
        if len(spans) >= MAX_SENTENCES - 1:
            break
    _add_span(text, start, len(text), spans)
    return spans


def _ends_with_abbreviation(text: str, start: int, dot: int) -> bool:
    word = text[start:dot].rsplit(None, 1)[-1:] or [""]
    last = word[0].lower().lstrip("(\"'")
    return last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped or not _CONTENT.search(_TAG.sub("", stripped) if "<" in stripped else stripped):
        return
    left = start + (len(piece) - len(piece.lstrip()))
    spans.append((left, left + len(stripped)))


def clean_markup(text: str) -> str:
    """The words a reader sees: HTML tags, entities, markdown marks and links reduced to text."""
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    if "://" in text or "www." in text:
        text = _URL.sub(" ", text)
    if (  # any markdown mark; substring tests are several times cheaper than a pattern
        "**" in text
        or "__" in text
        or "`" in text
        or "#" in text
        or ">" in text
        or "- " in text
        or "* " in text
        or "+ " in text
    ):
        text = _MD_MARKS.sub(" ", text)
    return text


@lru_cache(maxsize=1)
def _emoji_words() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in EMOJI_FILE.read_text(encoding="utf-8").splitlines():
        emoji, _, words = line.partition("\t")
        if emoji and words:
            table[emoji] = words.strip()
    return table


def describe_emoji(text: str) -> str:
    """Emoji replaced by their words (as vaderSentiment does) so that VADER can rate them."""
    if text.isascii():
        return text
    table = _emoji_words()
    parts = [f" {table[ch]} " if ch in table else ch for ch in text]
    return "".join(parts)


def has_words(text: str) -> bool:
    return _WORD.search(text) is not None


def looks_non_english(text: str) -> bool:
    """True when the text is clearly in another language (or script) than English."""
    if text.isascii() and not _FOREIGN.intersection(text.lower().split()):
        return False
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return False
    latin = sum(1 for w in words if w.isascii() or all(ord(c) < 0x250 for c in w))
    if latin * 2 < len(words):
        return True
    english = sum(1 for w in words if w in _ENGLISH)
    foreign = sum(1 for w in words if w in _FOREIGN)
    return len(words) >= 4 and foreign >= 2 and foreign > english
