"""Key-driver importance by general dominance: each driver's share of the engagement variance
the drivers explain together (R²), as the Shapley decomposition of R² assigns it (Budescu
1993; Azen & Budescu 2003). Exact over all 2^p subsets of drivers, with percentile bootstrap
intervals over respondents.

Correlated drivers (one general factor runs through all of them) make regression weights and
single correlations mislead about importance; general dominance splits the shared variance
evenly over every order the drivers could enter in, and its weights add up to R².

It needs responses that answered every driver (a quarterly full survey: the weekly pulse asks
three drivers in rotation, so most pairs are never answered together), and at least
``min_respondents(p)`` of them: Green's (1991) rule for a regression on p predictors,
N >= 50 + 8p (138 for 11 drivers).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import combinations
from math import comb

import numpy as np

BOOTSTRAP_SAMPLES = 200
BOOTSTRAP_SEED = 14  # reproducible intervals: the same release always says the same


def min_respondents(drivers: int) -> int:
    """Green (1991), Multivariate Behavioral Research 26:499, for testing R² on p predictors."""
    return 50 + 8 * drivers


@dataclass(frozen=True)
class Importance:
    """Per driver (in the input's column order): its share of R² in % with a 95 % interval."""

    shares: tuple[float, ...]
    low: tuple[float, ...]
    high: tuple[float, ...]
    r_squared: float
    respondents: int


@cache
def _subsets(p: int) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """Per subset size: the subsets' member indices and their bitmasks."""
    out = []
    for size in range(1, p + 1):
        index = np.array(list(combinations(range(p), size)))
        out.append((index, (1 << index).sum(axis=1)))
    return tuple(out)


@cache
def _shapley_matrix(p: int) -> np.ndarray:
    """M (p x 2^p) with weights = M @ R²(subsets): a subset S without i weighs
    1 / (p * C(p-1, |S|)) in i's average of R²(S + i) - R²(S)."""
    matrix = np.zeros((p, 1 << p))
    for mask in range(1 << p):
        size = bin(mask).count("1")
        for i in range(p):
            if mask >> i & 1:
                continue
            weight = 1 / (p * comb(p - 1, size))
            matrix[i, mask | 1 << i] += weight
            matrix[i, mask] -= weight
    return matrix


def _subset_r_squared(corr: np.ndarray) -> np.ndarray:
    """R² of y on every subset of the p predictors, indexed by bitmask (bit i: predictor i),
    from the (p+1)x(p+1) correlation matrix with y last."""
    p = corr.shape[0] - 1
    rxx, rxy = corr[:p, :p], corr[:p, p]
    r2 = np.zeros(1 << p)
    for index, masks in _subsets(p):
        blocks = rxx[index[:, :, None], index[:, None, :]]
        targets = rxy[index]
        try:
            beta = np.linalg.solve(blocks, targets[..., None])[..., 0]
        except np.linalg.LinAlgError:  # a driver constant in the sample
            beta = np.einsum("sij,sj->si", np.linalg.pinv(blocks), targets)
        r2[masks] = np.einsum("si,si->s", beta, targets)
    return r2


def general_dominance(corr: np.ndarray) -> np.ndarray:
    """Each predictor's general dominance weight (they sum to the full model's R²)."""
    p = corr.shape[0] - 1
    return _shapley_matrix(p) @ _subset_r_squared(corr)


def _correlation(data: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = np.corrcoef(data, rowvar=False)
    return np.nan_to_num(corr)  # a constant column correlates 0 with everything


def importance(drivers: np.ndarray, outcome: np.ndarray) -> Importance | None:
    """Shares of R² (%) with 95 % percentile bootstrap intervals, or None below the minimum.

    ``drivers`` is n x p (answers 1-5), ``outcome`` the n engagement scores.
    """
    n, p = drivers.shape
    if n < min_respondents(p):
        return None
    data = np.column_stack([drivers, outcome]).astype(float)
    weights = general_dominance(_correlation(data))
    total = weights.sum()
    if total <= 0:
        return None
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    samples = np.empty((BOOTSTRAP_SAMPLES, p))
    for b in range(BOOTSTRAP_SAMPLES):
        resampled = general_dominance(_correlation(data[rng.integers(0, n, n)]))
        samples[b] = 100 * resampled / max(resampled.sum(), 1e-12)
    low, high = np.percentile(samples, [2.5, 97.5], axis=0)
    return Importance(
        tuple(float(x) for x in 100 * weights / total),
        tuple(float(x) for x in low),
        tuple(float(x) for x in high),
        float(total),
        n,
    )
