"""``python -m sentiment.evaluate``: vanilla NLTK VADER against the tuned engine, side by side.

Sets: our labelled back-office comments (4 classes, the target set; the lexicon was tuned
on ``workplace``, ``workplace-holdout`` was scored once and never tuned on), Glassdoor pros/cons as
held-out workplace text (pros = positive, cons = negative; never used for tuning) and VADER's
own ground-truth sets (Pearson r of compound with the human mean rating; 3 classes by the sign
of the rating, as the paper's numbers are reproduced). Public sets are read from
``../shared/datasets`` (or ``$VITALS_SHARED_DATASETS``) and skipped when absent.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sentiment.analysis import analyse, label_for, stock_label
from sentiment.engine import stock_analyzer, tuned_analyzer

EVAL_FILE = Path(__file__).parent / "data" / "workplace_eval.tsv"
HOLDOUT_FILE = Path(__file__).parent / "data" / "workplace_holdout.tsv"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
GLASSDOOR_ROWS = 1500
GROUND_TRUTH = ("tweets", "movieReviewSnippets", "amazonReviewSnippets", "nytEditorialSnippets")


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    rating: float | None = None


@dataclass(frozen=True)
class Result:
    name: str
    size: int
    vanilla: dict[str, float]
    tuned: dict[str, float]


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


def load_glassdoor(limit: int = GLASSDOOR_ROWS) -> list[Example]:
    path = datasets_dir() / "glassdoor-reviews-sample" / "glassdoor_reviews.csv"
    if not path.exists():
        return []
    examples = []
    with path.open(newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle)):
            if number >= limit:
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


def _labelled(
    examples: list[Example], score: Callable[[str], tuple[str, float]]
) -> tuple[list[str], list[float]]:
    labels, compounds = [], []
    for example in examples:
        label, compound = score(example.text)
        labels.append(label)
        compounds.append(compound)
    return labels, compounds


def _tuned_label(text: str) -> tuple[str, float]:
    analysis = analyse(text)
    return analysis.label, analysis.compound


def _compound_only(compound_of: Callable[[str], float]) -> Callable[[str], tuple[str, float]]:
    def score(text: str) -> tuple[str, float]:
        compound = compound_of(text)
        return label_for(compound, []), compound

    return score


def evaluate(sets: Iterable[str] | None = None) -> list[Result]:
    wanted = set(sets) if sets else None
    results = []

    def run(name: str, examples: list[Example], vanilla, tuned, with_r: bool = False) -> None:
        if not examples or (wanted and name not in wanted):
            return
        gold = [e.label for e in examples]
        ratings = [e.rating for e in examples] if with_r else None
        v_labels, v_compounds = _labelled(examples, vanilla)
        t_labels, t_compounds = _labelled(examples, tuned)
        results.append(
            Result(
                name,
                len(examples),
                metrics(gold, v_labels, v_compounds if with_r else None, ratings),
                metrics(gold, t_labels, t_compounds if with_r else None, ratings),
            )
        )

    run("workplace", load_workplace(), stock_label, _tuned_label)
    run("workplace-holdout", load_workplace(HOLDOUT_FILE), stock_label, _tuned_label)
    run("glassdoor", load_glassdoor(), stock_label, _tuned_label)
    stock = stock_analyzer()
    tuned = tuned_analyzer()
    for name in GROUND_TRUTH:
        run(
            name,
            load_ground_truth(name),
            _compound_only(lambda t: stock.polarity_scores(t)["compound"]),
            _compound_only(lambda t: tuned.polarity_scores(t)["compound"]),
            with_r=True,
        )
    return results


def format_table(results: list[Result]) -> str:
    lines = [
        "| set | n | accuracy vanilla | accuracy tuned | macro-F1 vanilla | macro-F1 tuned "
        "| Δ F1 (points) | Pearson r vanilla | Pearson r tuned | Δ r (points) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        v, t = r.vanilla, r.tuned
        pearson = (
            f"{v['pearson']:.3f} | {t['pearson']:.3f} | {100 * (t['pearson'] - v['pearson']):+.1f}"
            if "pearson" in v
            else "– | – | –"
        )
        lines.append(
            f"| {r.name} | {r.size} | {v['accuracy']:.3f} | {t['accuracy']:.3f} "
            f"| {v['macro_f1']:.3f} | "
            f"{t['macro_f1']:.3f} | {100 * (t['macro_f1'] - v['macro_f1']):+.1f} | {pearson} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sentiment.evaluate", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--set", action="append", dest="sets", help="only these sets (repeatable)")
    args = parser.parse_args(argv)
    print(format_table(evaluate(args.sets)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
