"""``python -m sentiment.train_attention``: rebuild ``attention_model.json`` from the labelled set.

Multinomial logistic regression by stochastic gradient descent with L2, in plain Python so the
same bytes come out on every machine: a fixed seed orders the examples, weights are rounded to
four decimals and written with sorted keys. Only the training part of the labelled set is read
(``attention.split_examples``); the held-out fifth is for ``python -m sentiment evaluate``.
``--check`` rebuilds in memory and fails if the shipped file differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
from collections import Counter

from sentiment.analysis import attention_inputs
from sentiment.attention import (
    ATTENTION,
    DATA_FILE,
    MODEL_FILE,
    LabelledComment,
    features,
    load_examples,
    split_examples,
)
from sentiment.engine import tuned_analyzer

SEED = 19
EPOCHS = 30
LEARNING_RATE = 0.2
L2 = 0.001
MIN_COUNT = 2  # a word or pair seen in fewer training comments is left out


def comment_features(text: str) -> dict[str, float]:
    """Exactly what ``analyse`` gives the model for this text."""
    raw, scored = tuned_analyzer().score(text)
    return features(*attention_inputs(round(raw, 4), scored))


def train(examples: list[LabelledComment], seed: int = SEED) -> dict:
    """Fit the model; returns the JSON-ready dict (rounded weights, sorted keys)."""
    rows = [(comment_features(e.text), ATTENTION.index(e.attention)) for e in examples]
    counts = Counter(key for found, _ in rows for key in found)
    kept = {key for key, count in counts.items() if count >= MIN_COUNT or key.startswith("v:")}
    rows = [({k: v for k, v in found.items() if k in kept}, label) for found, label in rows]
    classes = len(ATTENTION)
    weights: dict[str, list[float]] = {key: [0.0] * classes for key in sorted(kept)}
    bias = [0.0] * classes
    rng = random.Random(seed)
    order = list(range(len(rows)))
    for epoch in range(EPOCHS):
        rng.shuffle(order)
        rate = LEARNING_RATE / (1 + 0.1 * epoch)
        for index in order:
            found, label = rows[index]
            scores = list(bias)
            for key, value in found.items():
                row = weights[key]
                for c in range(classes):
                    scores[c] += row[c] * value
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            total = sum(exps)
            gradient = [e / total - (c == label) for c, e in enumerate(exps)]
            for c in range(classes):
                bias[c] -= rate * gradient[c]
            for key, value in found.items():
                row = weights[key]
                for c in range(classes):
                    row[c] -= rate * (gradient[c] * value + L2 * row[c])
    rounded = {
        key: [round(w, 4) for w in row]
        for key, row in weights.items()
        if any(abs(w) >= 0.0005 for w in row)
    }
    return {
        "classes": list(ATTENTION),
        "bias": [round(b, 4) for b in bias],
        "weights": rounded,
        "training": {
            "file": DATA_FILE.name,
            "rows": len(examples),
            "sha256": hashlib.sha256(DATA_FILE.read_bytes()).hexdigest(),
            "seed": seed,
            "epochs": EPOCHS,
            "learning_rate": LEARNING_RATE,
            "l2": L2,
            "min_count": MIN_COUNT,
        },
    }


def build() -> str:
    """The model file's exact text, from the training part of the labelled set."""
    train_rows, _ = split_examples(load_examples())
    return json.dumps(train(train_rows), sort_keys=True, indent=0) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sentiment.train_attention", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--check", action="store_true", help="fail if the shipped file differs")
    args = parser.parse_args(argv)
    text = build()
    if args.check:
        shipped = MODEL_FILE.read_text(encoding="utf-8") if MODEL_FILE.exists() else ""
        if shipped != text:
            sys.stderr.write(f"{MODEL_FILE.name} differs from a rebuild; run without --check\n")
            return 1
        print(f"{MODEL_FILE.name} matches a rebuild")
        return 0
    MODEL_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {MODEL_FILE.name}: {len(json.loads(text)['weights'])} features")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
