"""Comments per second: the tuned engine against NLTK's stock analyser and vaderSentiment.

All score the same texts (our labelled back-office comments, repeated).
Run: ``.venv/bin/python -m bench.sentiment_speed``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer as VaderSentimentAnalyzer

from sentiment.analysis import analyse
from sentiment.engine import stock_analyzer, tuned_analyzer
from sentiment.evaluate import HOLDOUT_FILE, load_workplace


def bench_texts(count: int = 2000) -> list[str]:
    texts = [e.text for e in load_workplace() + load_workplace(HOLDOUT_FILE)]
    return (texts * (count // len(texts) + 1))[:count]


def measure(count: int = 2000, rounds: int = 5) -> dict[str, float]:
    """Best-of-``rounds`` comments per second for each engine on the same ``count`` texts.

    Rounds interleave the engines so that load from other processes hits them alike.
    ``tuned_per_s`` is the tuned engine (overall and sentence scores, like-for-like with the
    stock analyser); ``tuned_full_per_s`` adds themes, red flags and the label (``analyse``).
    """
    texts = bench_texts(count)
    engines: dict[str, Callable[[str], object]] = {
        "tuned_per_s": tuned_analyzer().score,
        "tuned_full_per_s": analyse,
        "nltk_stock_per_s": stock_analyzer().polarity_scores,
        "vadersentiment_per_s": VaderSentimentAnalyzer().polarity_scores,
    }
    best = dict.fromkeys(engines, float("inf"))
    for score in engines.values():
        score(texts[0])  # load lexicons outside the timing
    for _ in range(rounds):
        for name, score in engines.items():
            started = time.perf_counter()
            for text in texts:
                score(text)
            best[name] = min(best[name], time.perf_counter() - started)
    return {"texts": len(texts), **{name: round(len(texts) / best[name], 1) for name in engines}}


if __name__ == "__main__":
    print(json.dumps(measure(), indent=2))
