"""Rank statistics for the retention backtest, in numpy (no SciPy in the project).

Spearman's rho is Pearson's r of average ranks (Spearman 1904; ties as in
``scipy.stats.spearmanr``). Team signals at successive origins are not independent (the same
teams, overlapping follow-ups), so inference resamples **whole teams**: the p-value permutes
which team's outcomes go with which team's signals, the same way at every origin (a block
permutation; Good 2005, *Permutation, Parametric and Bootstrap Tests*, ch. 3), and the interval
is a percentile bootstrap over teams (a cluster bootstrap; Davison & Hinkley 1997, sec. 3.8).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

PERMUTATIONS = 9999
BOOTSTRAPS = 2000
SEED = 14  # fixed: the page shows the same p-value and interval on every visit


def ranks(values: Sequence[float]) -> np.ndarray:
    """1-based ranks, ties sharing their average rank."""
    x = np.asarray(values, dtype=float)
    order = np.argsort(x, kind="mergesort")
    sorted_x = x[order]
    out = np.empty(len(x))
    start = 0
    while start < len(x):
        end = start
        while end + 1 < len(x) and sorted_x[end + 1] == sorted_x[start]:
            end += 1
        out[order[start : end + 1]] = (start + end) / 2 + 1
        start = end + 1
    return out


def spearman(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Spearman's rho; ``None`` with fewer than 3 pairs or when either side never varies."""
    if len(x) < 3:
        return None
    rx, ry = ranks(x), ranks(y)
    if rx.std() == 0 or ry.std() == 0:
        return None
    return float(np.corrcoef(rx, ry)[0, 1])


# One observation: (origin index, team, signal, outcome).
Pair = tuple[int, int, float, float]


def _pooled(pairs: list[Pair], outcome: dict[tuple[int, int], float], mapping: dict) -> float:
    xs, ys = [], []
    for origin, team, signal, _ in pairs:
        other = outcome.get((origin, mapping[team]))
        if other is not None:
            xs.append(signal)
            ys.append(other)
    rho = spearman(xs, ys)
    return 0.0 if rho is None else rho


def team_permutation_p(pairs: list[Pair], permutations: int = PERMUTATIONS) -> float | None:
    """One-sided p-value of a positive pooled rho: the share of team relabellings whose rho
    is at least the observed one (counting the observed labelling, so never 0)."""
    observed = spearman([p[2] for p in pairs], [p[3] for p in pairs])
    if observed is None:
        return None
    teams = sorted({p[1] for p in pairs})
    outcome = {(p[0], p[1]): p[3] for p in pairs}
    rng = np.random.default_rng(SEED)
    at_least = 0
    for _ in range(permutations):
        mapping = dict(zip(teams, rng.permutation(teams).tolist(), strict=True))
        at_least += _pooled(pairs, outcome, mapping) >= observed - 1e-12
    return (1 + at_least) / (1 + permutations)


def team_bootstrap_interval(
    pairs: list[Pair], resamples: int = BOOTSTRAPS
) -> tuple[float, float] | None:
    """95 % percentile interval of the pooled rho, resampling teams with replacement."""
    by_team: dict[int, list[Pair]] = {}
    for pair in pairs:
        by_team.setdefault(pair[1], []).append(pair)
    teams = sorted(by_team)
    if len(teams) < 3:
        return None
    rng = np.random.default_rng(SEED)
    draws = []
    for _ in range(resamples):
        chosen = rng.choice(len(teams), size=len(teams), replace=True)
        sample = [p for i in chosen for p in by_team[teams[i]]]
        rho = spearman([p[2] for p in sample], [p[3] for p in sample])
        if rho is not None:
            draws.append(rho)
    if not draws:
        return None
    low, high = np.percentile(draws, [2.5, 97.5])
    return float(low), float(high)
