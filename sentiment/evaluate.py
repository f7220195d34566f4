"""``python -m sentiment evaluate``: plain stock VADER against Vitals' engine, side by side.

The baseline is VADER exactly as published (``sentiment.vader`` in its stock configuration,
which gives NLTK's ``SentimentIntensityAnalyzer`` scores to the last digit; see
``tests/sentiment/test_vader_parity.py``), labelled only by its own +-0.05 rule on the
whole-text compound: no sentences, no ``mixed``, no lexicon, no model.
Vitals is ``analyse``: the tuned VADER engine plus the needs-attention model; the middle column
is the tuned engine alone (what main scored before the model), to show what the model adds.

Sets: our labelled back-office comments (``workplace``: the lexicon was tuned on it;
``workplace-holdout``: scored after tuning, never tuned on; ``attention-holdout``: the held-out
fifth of the needs-attention set, never trained on), the Glassdoor pros/cons sample (evaluation
only: cons should come out as complaint or negative, pros as praise or positive) and VADER's own
ground truth (Pearson r of the compound with the human mean rating). Public sets are read from
``../shared/datasets`` (or ``$VITALS_SHARED_DATASETS``) and left out when absent.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sentiment.analysis import analyse, label_for, unscored_reason
from sentiment.attention import load_examples, split_examples
from sentiment.engine import stock_analyzer, tuned_analyzer

EVAL_FILE = Path(__file__).parent / "data" / "workplace_eval.tsv"
HOLDOUT_FILE = Path(__file__).parent / "data" / "workplace_holdout.tsv"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
GROUND_TRUTH = ("tweets", "movieReviewSnippets", "amazonReviewSnippets", "nytEditorialSnippets")
# Stock VADER has no notion of attention; read its polarity as the nearest class.
STOCK_ATTENTION = {
    "negative": "complaint",
    "positive": "praise",
    "neutral": "other",
    "mixed": "complaint",
}


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    rating: float | None = None
    attention: str = ""


@dataclass(frozen=True)
class Row:
    """One measure on one set: the stock baseline's figure and ours."""

    name: str
    size: int
    measure: str
    stock: float
    tuned: float  # the tuned engine alone (main before the attention model), for comparison
    vitals: float


def datasets_dir() -> Path:
    return Path(
        os.environ.get("VITALS_SHARED_DATASETS", PROJECT_ROOT.parent / "shared" / "datasets")
    )


def load_workplace(path: Path = EVAL_FILE) -> list[Example]:
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, text = line.split("\t", 1)
            examples.append(Example(text, label))
    return examples


def load_attention_holdout() -> list[Example]:
    """The held-out fifth of the needs-attention set (never trained on)."""
    _, held = split_examples(load_examples())
    return [Example(e.text, e.polarity, attention=e.attention) for e in held]


def load_glassdoor(limit: int | None = None) -> list[Example]:
    """Glassdoor pros (positive) and cons (negative): evaluation only, never training."""
    path = datasets_dir() / "glassdoor-reviews-sample" / "glassdoor_reviews.csv"
    if not path.exists():
        return []
    examples = []
    with path.open(newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle)):
            if limit is not None and number >= limit:
                break
            for column, label in (("pros", "positive"), ("cons", "negative")):
                text = (row.get(column) or "").strip()
                if text:
                    examples.append(Example(text, label))
    return examples


def load_ground_truth(name: str) -> list[Example]:
    path = datasets_dir() / "vader-groundtruth" / f"{name}_GroundTruth.txt"
    if not path.exists():
        return []
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) >= 3:
            rating = float(fields[1])
            label = "positive" if rating > 0 else "negative" if rating < 0 else "neutral"
            examples.append(Example("\t".join(fields[2:]), label, rating))
    return examples


def metrics(
    gold: list[str],
    predicted: list[str],
    compounds: list[float] | None = None,
    ratings: list[float] | None = None,
) -> dict[str, float]:
    """Accuracy, macro-F1 over the gold classes, and Pearson r when ratings are given."""
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
    scores = []
    for label in sorted(set(gold)):
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, predicted, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    result = {"accuracy": accuracy, "macro_f1": sum(scores) / len(scores)}
    if compounds is not None and ratings is not None:
        result["pearson"] = statistics.correlation(compounds, ratings)
    return result


def stock_label(text: str) -> tuple[str, float]:
    """Plain stock VADER: whole-text compound, labelled by VADER's own +-0.05 rule only."""
    compound = stock_analyzer().compound(text)
    label = "positive" if compound >= 0.05 else "negative" if compound <= -0.05 else "neutral"
    return label, compound


def tuned_label(text: str) -> tuple[str, float]:
    """The tuned engine without the attention model (labels and compound as before issue 19)."""
    if unscored_reason(text):
        return "neutral", 0.0
    compound, sentences = tuned_analyzer().score(text)
    return label_for(compound, [s.compound for s in sentences]), round(compound, 4)


def _share(flags: list[bool]) -> float:
    return sum(flags) / len(flags)


def _polarity_rows(name: str, examples: list[Example]) -> list[Row]:
    gold = [e.label for e in examples]
    stock = [stock_label(e.text)[0] for e in examples]
    tuned = [tuned_label(e.text)[0] for e in examples]
    ours = [analyse(e.text).label for e in examples]
    figures = [metrics(gold, labels) for labels in (stock, tuned, ours)]
    return [
        Row(name, len(gold), measure, *(f[key] for f in figures))
        for measure, key in (("accuracy", "accuracy"), ("macro-F1", "macro_f1"))
    ]


def _attention_rows(examples: list[Example]) -> list[Row]:
    name, size = "attention-holdout", len(examples)
    gold = [e.label for e in examples]
    gold_attention = [e.attention for e in examples]
    stock = [stock_label(e.text)[0] for e in examples]
    tuned = [tuned_label(e.text)[0] for e in examples]
    analyses = [analyse(e.text) for e in examples]
    ours = [a.label for a in analyses]
    attention = [
        [STOCK_ATTENTION[label] for label in stock],
        [STOCK_ATTENTION[label] for label in tuned],
        [a.attention for a in analyses],
    ]
    complaints = [i for i, g in enumerate(gold_attention) if g == "complaint"]
    return [
        Row(name, size, "macro-F1", *(metrics(gold, x)["macro_f1"] for x in (stock, tuned, ours))),
        Row(
            name,
            size,
            "attention macro-F1",
            *(metrics(gold_attention, x)["macro_f1"] for x in attention),
        ),
        Row(
            name,
            len(complaints),
            "complaints labelled negative",
            *(_share([x[i] == "negative" for i in complaints]) for x in (stock, tuned, ours)),
        ),
    ]


def _glassdoor_rows(examples: list[Example]) -> list[Row]:
    cons = [e.text for e in examples if e.label == "negative"]
    pros = [e.text for e in examples if e.label == "positive"]
    rows = []
    for texts, label, attention, measure in (
        (cons, "negative", "complaint", "cons as complaint or negative"),
        (pros, "positive", "praise", "pros as praise or positive"),
    ):
        stock = [stock_label(t)[0] == label for t in texts]
        tuned = [tuned_label(t)[0] == label for t in texts]
        ours = [(a.label == label or a.attention == attention) for a in map(analyse, texts)]
        rows.append(
            Row("glassdoor", len(texts), measure, _share(stock), _share(tuned), _share(ours))
        )
    gold = [e.label for e in examples]
    f1 = [
        metrics(gold, [label_of(e.text)[0] for e in examples])["macro_f1"]
        for label_of in (stock_label, tuned_label, lambda t: (analyse(t).label, 0.0))
    ]
    rows.append(Row("glassdoor", len(examples), "macro-F1", *f1))
    return rows


def _ground_truth_rows(name: str, examples: list[Example]) -> list[Row]:
    ratings = [e.rating for e in examples]
    stock = [stock_analyzer().compound(e.text) for e in examples]
    tuned = [tuned_label(e.text)[1] for e in examples]
    ours = [analyse(e.text).compound for e in examples]
    figures = (statistics.correlation(x, ratings) for x in (stock, tuned, ours))
    return [Row(name, len(examples), "Pearson r", *figures)]


def evaluate(sets: Iterable[str] | None = None, glassdoor_limit: int | None = None) -> list[Row]:
    """Every available set (or only ``sets``), each as rows of stock-versus-Vitals figures."""
    wanted = set(sets) if sets else None
    jobs: list[tuple[str, Callable[[], list[Example]], Callable[[list[Example]], list[Row]]]] = [
        ("workplace", load_workplace, lambda ex: _polarity_rows("workplace", ex)),
        (
            "workplace-holdout",
            lambda: load_workplace(HOLDOUT_FILE),
            lambda ex: _polarity_rows("workplace-holdout", ex),
        ),
        ("attention-holdout", load_attention_holdout, _attention_rows),
        ("glassdoor", lambda: load_glassdoor(glassdoor_limit), _glassdoor_rows),
    ]
    for name in GROUND_TRUTH:
        jobs.append(
            (
                name,
                lambda name=name: load_ground_truth(name),
                lambda ex, name=name: _ground_truth_rows(name, ex),
            )
        )
    rows: list[Row] = []
    for name, load, measure in jobs:
        if wanted and name not in wanted:
            continue
        examples = load()
        if examples:  # public sets are absent on machines without ../shared
            rows.extend(measure(examples))
    return rows


def format_table(rows: list[Row]) -> str:
    lines = [
        "| set | n | measure | stock VADER | tuned VADER alone | Vitals "
        "| Δ vs stock (points) | Δ vs tuned alone (points) |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r.name} | {r.size} | {r.measure} | {r.stock:.3f} | {r.tuned:.3f} "
            f"| {r.vitals:.3f} | {100 * (r.vitals - r.stock):+.1f} "
            f"| {100 * (r.vitals - r.tuned):+.1f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sentiment evaluate", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--set", action="append", dest="sets", help="only these sets (repeatable)")
    parser.add_argument(
        "--glassdoor-rows", type=int, default=None, help="only the first N Glassdoor reviews"
    )
    args = parser.parse_args(argv)
    print(format_table(evaluate(args.sets, args.glassdoor_rows)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
