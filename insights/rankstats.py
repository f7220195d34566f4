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
    """1-based ranks, ties sharing their average rank (``scipy.stats.rankdata``'s method)."""
    x = np.asarray(values, dtype=float)
    order = np.argsort(x, kind="mergesort")
    position = np.empty(len(x), dtype=int)
    position[order] = np.arange(len(x))
    sorted_x = x[order]
    new_value = np.r_[True, sorted_x[1:] != sorted_x[:-1]]
    tie_group = np.cumsum(new_value)[position]
    bounds = np.r_[np.flatnonzero(new_value), len(x)]
    return 0.5 * (bounds[tie_group] + bounds[tie_group - 1] + 1)


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


def team_permutation_p(pairs: list[Pair], permutations: int = PERMUTATIONS) -> float | None:
    """One-sided p-value of a positive pooled rho: the share of team relabellings whose rho
    is at least the observed one (counting the observed labelling, so never 0)."""
    observed = spearman([p[2] for p in pairs], [p[3] for p in pairs])
    if observed is None:
        return None
    teams = np.array(sorted({p[1] for p in pairs}))
    origins = np.array(sorted({p[0] for p in pairs}))
    row = np.searchsorted(origins, [p[0] for p in pairs])
    column = np.searchsorted(teams, [p[1] for p in pairs])
    signal = np.array([p[2] for p in pairs], dtype=float)
    outcome = np.full((len(origins), len(teams)), np.nan)  # an origin's outcome per team
    outcome[row, column] = [p[3] for p in pairs]
    rng = np.random.default_rng(SEED)
    at_least = 0
    for _ in range(permutations):
        relabelled = np.searchsorted(teams, rng.permutation(teams))
        other = outcome[row, relabelled[column]]
        present = ~np.isnan(other)
        rho = spearman(signal[present], other[present])
        at_least += (0.0 if rho is None else rho) >= observed - 1e-12
    return (1 + at_least) / (1 + permutations)


def team_bootstrap_interval(
    pairs: list[Pair], resamples: int = BOOTSTRAPS
) -> tuple[float, float] | None:
    """95 % percentile interval of the pooled rho, resampling teams with replacement."""
    by_team: dict[int, list[int]] = {}
    for index, pair in enumerate(pairs):
        by_team.setdefault(pair[1], []).append(index)
    teams = sorted(by_team)
    if len(teams) < 3:
        return None
    members = [np.array(by_team[team]) for team in teams]
    signal = np.array([p[2] for p in pairs], dtype=float)
    outcome = np.array([p[3] for p in pairs], dtype=float)
    rng = np.random.default_rng(SEED)
    draws = []
    for _ in range(resamples):
        chosen = rng.choice(len(teams), size=len(teams), replace=True)
        sample = np.concatenate([members[i] for i in chosen])
        rho = spearman(signal[sample], outcome[sample])
        if rho is not None:
            draws.append(rho)
    if not draws:
        return None
    low, high = np.percentile(draws, [2.5, 97.5])
    return float(low), float(high)
