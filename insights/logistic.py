"""Logistic regression and ROC AUC in numpy, for the retention study (no scikit-learn here).

The fit is Newton-Raphson / IRLS (McCullagh & Nelder 1989, sec. 4.4) with an optional ridge
penalty ``l2 / 2 * |w|^2`` on the slopes (not the intercept), the penalty scikit-learn's
``LogisticRegression(C=1 / l2)`` uses. AUC is the Mann-Whitney statistic: the chance that a
random leaver scores above a random stayer, ties counting half (Hanley & McNeil 1982).
"""

from __future__ import annotations

import numpy as np

from insights.rankstats import ranks


def fit(x: np.ndarray, y: np.ndarray, l2: float = 0.0, iterations: int = 50) -> np.ndarray:
    """Coefficients ``[intercept, slopes...]`` of P(y = 1) = 1 / (1 + exp(-(b0 + x @ b)))."""
    design = np.column_stack([np.ones(len(x)), x])
    w = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-design @ w))
        gradient = design.T @ (y - p) - penalty * w
        hessian = (design * (p * (1 - p))[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w = w + step
        if np.max(np.abs(step)) < 1e-10:
            break
    return w


def predict(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(w[0] + x @ w[1:])))


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Area under the ROC curve from ranks (ties count half)."""
    labels = np.asarray(labels).astype(bool)
    positives, negatives = labels.sum(), (~labels).sum()
    r = ranks(np.asarray(scores, dtype=float))
    return float((r[labels].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def stratified_folds(labels: np.ndarray, folds: int, seed: int) -> list[np.ndarray]:
    """Test-set indices of ``folds`` folds, each with the same share of positives."""
    rng = np.random.default_rng(seed)
    out: list[list[int]] = [[] for _ in range(folds)]
    for value in (0, 1):
        members = rng.permutation(np.flatnonzero(labels == value))
        for i, index in enumerate(members):
            out[i % folds].append(int(index))
    return [np.array(sorted(f)) for f in out]
