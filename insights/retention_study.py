"""The retention signal's nearest analogue on the IBM HR attrition data, against logistic
regressions: ``python -m insights.retention_study`` prints the figures in docs/METRICS.md.

The data (fictional, by IBM data scientists; ../shared/datasets/ibm-hr-attrition/SOURCE.md)
has no intent-to-stay, eNPS or participation item, so each factor maps to the nearest field:

- low intent to stay (weight 2) -> JobSatisfaction 1-2 (of 4)
- eNPS detractors (weight 1) -> EnvironmentSatisfaction 1-2 (of 4)
- burnout (weight 1) -> WorkLifeBalance 1-2 (of 4)
- falling participation -> no field (left out)

This scores people only because the data set is about people; Vitals never does.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from insights import logistic
from insights.measures import RETENTION_FACTORS

DATA = (
    Path(__file__).resolve().parent.parent.parent
    / "shared"
    / "datasets"
    / "ibm-hr-attrition"
    / "WA_Fn-UseC_-HR-Employee-Attrition.csv"
)
FIELDS = {
    "low_intent_to_stay": "JobSatisfaction",
    "enps_detractors": "EnvironmentSatisfaction",
    "burnout": "WorkLifeBalance",
}
LOW = 2  # answers 1-2 of the 4-point scales are the unfavourable ones
DROPPED = {"Attrition", "EmployeeCount", "EmployeeNumber", "Over18", "StandardHours"}
FOLDS, REPEATS, L2 = 5, 5, 1.0  # 5x5 repeated stratified CV; ridge as sklearn's C = 1


@dataclass(frozen=True)
class Study:
    people: int
    leavers: int
    signal_auc: float
    same_fields_auc: float
    all_fields_auc: float
    all_fields_sd: float


def load(path: Path = DATA) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def signal_scores(rows: list[dict[str, str]]) -> np.ndarray:
    """The signal's formula on the mapped fields: weighted share of unfavourable answers."""
    weights = {f.key: f.weight for f in RETENTION_FACTORS if f.key in FIELDS}
    total = sum(weights.values())
    return np.array(
        [
            sum(w * 100 * (int(r[FIELDS[k]]) <= LOW) for k, w in weights.items()) / total
            for r in rows
        ]
    )


def design(rows: list[dict[str, str]], columns: list[str] | None = None) -> np.ndarray:
    """Numeric columns standardised, text columns one-hot (first level dropped)."""
    names = columns or [c for c in rows[0] if c not in DROPPED]
    parts = []
    for name in names:
        values = [r[name] for r in rows]
        try:
            numbers = np.array([float(v) for v in values])
            parts.append(((numbers - numbers.mean()) / numbers.std())[:, None])
        except ValueError:
            levels = sorted(set(values))[1:]
            parts.append(np.array([[v == level for level in levels] for v in values], float))
    return np.hstack(parts)


def cross_validated_auc(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Mean and SD of test-fold AUC over 5x5 repeated stratified folds."""
    scores = []
    for repeat in range(REPEATS):
        for test in logistic.stratified_folds(y, FOLDS, seed=repeat):
            train = np.setdiff1d(np.arange(len(y)), test)
            w = logistic.fit(x[train], y[train], l2=L2)
            scores.append(logistic.auc(logistic.predict(w, x[test]), y[test]))
    return float(np.mean(scores)), float(np.std(scores))


def fixed_score_auc(score: np.ndarray, y: np.ndarray) -> float:
    """The signal has no fitted parameter; its AUC averaged over the same test folds."""
    return float(
        np.mean(
            [
                logistic.auc(score[test], y[test])
                for repeat in range(REPEATS)
                for test in logistic.stratified_folds(y, FOLDS, seed=repeat)
            ]
        )
    )


def study(path: Path = DATA) -> Study:
    rows = load(path)
    y = np.array([r["Attrition"] == "Yes" for r in rows], dtype=float)
    same = design(rows, list(FIELDS.values()))
    every, sd = cross_validated_auc(design(rows), y)
    return Study(
        len(rows),
        int(y.sum()),
        fixed_score_auc(signal_scores(rows), y),
        cross_validated_auc(same, y)[0],
        every,
        sd,
    )


def main() -> None:
    s = study()
    print(f"IBM HR attrition: {s.people} people, {s.leavers} leavers")
    print(f"signal analogue (weights 2/1/1, fixed): AUC {s.signal_auc:.3f}")
    print(f"logistic regression, same 3 fields: AUC {s.same_fields_auc:.3f} (5x5 CV)")
    print(f"logistic regression, all fields: AUC {s.all_fields_auc:.3f} +- {s.all_fields_sd:.3f}")


if __name__ == "__main__":
    main()
