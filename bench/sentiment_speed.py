"""Comments per second: Vitals' engine against NLTK's stock VADER analyser, on the same texts.

All score the same texts (our labelled back-office comments, repeated). NLTK is the reference
the issue set ("at or above NLTK stock VADER's comments per second"); the app itself no longer
imports it (``sentiment.vader`` is our own VADER, checked against NLTK by
``tests/sentiment/test_vader_parity.py``).
Run: ``.venv/bin/python -m bench.sentiment_speed``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from functools import lru_cache

from sentiment.analysis import analyse
from sentiment.engine import stock_analyzer, tuned_analyzer
from sentiment.evaluate import HOLDOUT_FILE, load_workplace
from sentiment.vader import NLTK_DATA_DIR


@lru_cache(maxsize=1)
def nltk_stock_analyzer():
    """NLTK's ``SentimentIntensityAnalyzer`` on the shipped lexicon, through its public API.

    NLTK finds ``sentiment/vader_lexicon.zip`` only in a folder on ``nltk.data.path``: the
    project's ``data/nltk_data`` holds it, and goes first so that no ``~/nltk_data`` copy is read.
    """
    import nltk.data
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    folder = str(NLTK_DATA_DIR)
    if folder not in nltk.data.path:
        nltk.data.path.insert(0, folder)
    return SentimentIntensityAnalyzer()


def bench_texts(count: int = 2000) -> list[str]:
    texts = [e.text for e in load_workplace() + load_workplace(HOLDOUT_FILE)]
    return (texts * (count // len(texts) + 1))[:count]


def measure(count: int = 2000, rounds: int = 5, block: int = 100) -> dict[str, float]:
    """Comments per second for each engine on the same ``count`` texts.

    The texts are timed in blocks of ``block``: each round times every engine on a block before
    moving to the next (interleaved, so load from other processes hits the engines alike), and
    each block counts with its best round; a pause on a shared machine then spoils one block of
    one round, not an engine's whole round. ``tuned_per_s`` is the tuned engine (overall and
    sentence scores); ``tuned_full_per_s`` is everything stored for a comment (``analyse``:
    engine, needs-attention model, themes, red flags, label); ``stock_per_s`` is our VADER in
    its stock configuration; ``full_vs_nltk`` is ``analyse`` against NLTK's stock analyser.
    """
    texts = bench_texts(count)
    engines: dict[str, Callable[[str], object]] = {
        "tuned_per_s": tuned_analyzer().score,
        "tuned_full_per_s": analyse,
        "nltk_stock_per_s": nltk_stock_analyzer().polarity_scores,
        "stock_per_s": stock_analyzer().compound,
    }
    blocks = [texts[start : start + block] for start in range(0, len(texts), block)]
    best = {name: [float("inf")] * len(blocks) for name in engines}
    for score in engines.values():
        score(texts[0])  # load lexicons outside the timing
    for _ in range(rounds):
        for number, part in enumerate(blocks):
            for name, score in engines.items():
                started = time.perf_counter()
                for text in part:
                    score(text)
                best[name][number] = min(best[name][number], time.perf_counter() - started)
    total = {name: sum(times) for name, times in best.items()}
    per_s = {name: round(len(texts) / total[name], 1) for name in engines}
    full_vs_nltk = round(total["nltk_stock_per_s"] / total["tuned_full_per_s"], 2)
    return {"texts": len(texts), **per_s, "full_vs_nltk": full_vs_nltk}


if __name__ == "__main__":
    import sys

    print(json.dumps(measure(rounds=int(sys.argv[1]) if len(sys.argv) > 1 else 9), indent=2))
