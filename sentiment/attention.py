"""Needs attention: is a comment a complaint, a request, praise or other (small talk)?

VADER measures how strongly words feel, so a calm complaint ("The portal logs us out every
hour") scores neutral and a leader scanning the negative comments never sees it. This is a
small multinomial logistic regression over words, word pairs and the VADER scores, trained
offline by ``python -m sentiment.train_attention`` on the labelled back-office set
``data/backoffice_attention.tsv`` (written for Vitals; see docs/ATTENTION_DATA_CARD.md) and
shipped as ``attention_model.json``. Pure Python: no new dependency, loads offline, ~10 µs a
comment.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ATTENTION = ("complaint", "request", "praise", "other")
DATA_FILE = Path(__file__).parent / "data" / "backoffice_attention.tsv"
MODEL_FILE = Path(__file__).with_name("attention_model.json")
HELD_OUT_SHARE = 5  # one row in five (by text hash) is held out

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|\?")


@dataclass(frozen=True)
class LabelledComment:
    role: str
    attention: str
    polarity: str
    text: str


def is_held_out(text: str) -> bool:
    """Whether a row belongs to the held-out fifth: fixed by the text's hash, so the split
    never moves when rows are added and no seed can leak test rows into training."""
    return hashlib.sha256(text.encode("utf-8")).digest()[0] % HELD_OUT_SHARE == 0


def load_examples(path: Path = DATA_FILE) -> list[LabelledComment]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        role, attention, polarity, text = line.split("\t")
        if attention not in ATTENTION:
            raise ValueError(f"{path.name}:{number}: unknown attention {attention!r}")
        rows.append(LabelledComment(role, attention, polarity, text))
    return rows


def split_examples(
    examples: list[LabelledComment],
) -> tuple[list[LabelledComment], list[LabelledComment]]:
    """(training rows, held-out rows)."""
    train = [e for e in examples if not is_held_out(e.text)]
    held = [e for e in examples if is_held_out(e.text)]
    return train, held


def features(text: str, compound: float, low: float, high: float) -> dict[str, float]:
    """Counts of words and word pairs (with a start marker, so "could we" at the start differs
    from inside) and the VADER scores: overall compound, lowest and highest sentence compounds.
    Training reads this; ``AttentionModel.predict`` computes the same sums without building it."""
    words = _WORD.findall(text.lower())
    found: dict[str, float] = {}
    previous = "<s>"
    for word in words:
        found[word] = found.get(word, 0.0) + 1.0
        pair = previous + " " + word
        found[pair] = found.get(pair, 0.0) + 1.0
        previous = word
    found["v:compound"] = compound
    found["v:low"] = low
    found["v:high"] = high
    if compound <= -0.05:
        found["v:neg"] = 1.0
    elif compound >= 0.05:
        found["v:pos"] = 1.0
    else:
        found["v:flat"] = 1.0
    found["v:short"] = 1.0 if len(words) <= 3 else 0.0
    return found


@dataclass(frozen=True)
class AttentionModel:
    weights: dict[str, tuple[float, ...]]
    bias: tuple[float, ...]
    digest: str
    # the same weights by first word then second word, so pairs need no string building
    pairs: dict[str, dict[str, tuple[float, ...]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for key, row in self.weights.items():
            if " " in key:
                first, second = key.split(" ")
                self.pairs.setdefault(first, {})[second] = row

    def probabilities(self, found: dict[str, float]) -> list[float]:
        scores = list(self.bias)
        weights = self.weights
        for key, value in found.items():
            row = weights.get(key)
            if row is not None and value:
                scores[0] += row[0] * value
                scores[1] += row[1] * value
                scores[2] += row[2] * value
                scores[3] += row[3] * value
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]

    def predict(self, text: str, compound: float, low: float, high: float) -> tuple[str, float]:
        """The most likely class and its probability; the same sums as
        ``probabilities(features(...))`` in one pass (a test checks they agree), because this
        runs on every submitted comment and must keep the engine faster than stock VADER."""
        weights = self.weights
        pairs = self.pairs
        scores = list(self.bias)
        previous = "<s>"
        words = _WORD.findall(text.lower())
        for word in words:
            row = weights.get(word)
            if row is not None:
                scores[0] += row[0]
                scores[1] += row[1]
                scores[2] += row[2]
                scores[3] += row[3]
            following = pairs.get(previous)
            if following is not None:
                row = following.get(word)
                if row is not None:
                    scores[0] += row[0]
                    scores[1] += row[1]
                    scores[2] += row[2]
                    scores[3] += row[3]
            previous = word
        side = "v:neg" if compound <= -0.05 else "v:pos" if compound >= 0.05 else "v:flat"
        numeric = [("v:compound", compound), ("v:low", low), ("v:high", high), (side, 1.0)]
        if len(words) <= 3:
            numeric.append(("v:short", 1.0))
        for key, value in numeric:
            row = weights.get(key)
            if row is not None:
                for c in range(4):
                    scores[c] += row[c] * value
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        best = max(range(4), key=exps.__getitem__)
        return ATTENTION[best], exps[best] / sum(exps)


def model_from_json(text: str) -> AttentionModel:
    data = json.loads(text)
    if tuple(data["classes"]) != ATTENTION:
        raise ValueError("attention model classes do not match the code")
    return AttentionModel(
        weights={key: tuple(row) for key, row in data["weights"].items()},
        bias=tuple(data["bias"]),
        digest=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


@lru_cache(maxsize=1)
def attention_model() -> AttentionModel:
    """The shipped model (a local file; nothing is downloaded)."""
    return model_from_json(MODEL_FILE.read_text(encoding="utf-8"))
