"""Does workload lead burnout? The correlation, pooled over teams, between a team's volume per
FTE against its own baseline in week t - L and its released burnout rate in week t, for lags
L = 0..``MAX_LAG`` weeks, with intervals from resampling whole teams.

Each team's series is centred on its own mean first, so teams that are always busier or
always more burned out do not make a correlation on their own (a within-team, "fixed
effects" correlation). Weeks are not independent within a team, so the interval resamples
teams, not weeks (a cluster bootstrap: Field & Welsh 2007). Looking at nine lags at once, a
lead is claimed only when the best lag's interval, Bonferroni-widened for the nine, lies
above zero. Hand checks and simulated teams: ``tests/workload/test_lag.py``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
import pandas as pd

MAX_LAG = 8  # weeks
MIN_TEAMS = 5  # fewer teams: no relation is estimated (an interval over 2-4 teams is noise)
MIN_PAIRS = 30  # pooled (workload, burnout) weeks at a lag
BOOTSTRAP = 2000
FAMILY_ALPHA = 0.05


@dataclass(frozen=True)
class LagFigure:
    lag: int
    r: float
    low: float  # Bonferroni-widened percentile interval over the lags
    high: float
    pairs: int


@dataclass(frozen=True)
class LagRelation:
    teams: int
    figures: list[LagFigure]
    lead: LagFigure | None  # the lag the data supports, if any
    message: str


def _centred_pairs(series: dict[int, tuple[pd.Series, pd.Series]], lag: int) -> dict:
    """Per team: (x, y) arrays of workload ``lag`` weeks earlier against burnout, each centred
    on the team's own mean over those weeks."""
    out = {}
    for team, (workload, burnout) in series.items():
        earlier = workload.copy()
        earlier.index = earlier.index + pd.Timedelta(weeks=lag)
        both = pd.concat([earlier.rename("x"), burnout.rename("y")], axis=1, sort=True).dropna()
        if len(both) >= 3:
            x, y = both["x"].to_numpy(float), both["y"].to_numpy(float)
            out[team] = (x - x.mean(), y - y.mean())
    return out


def pooled_r(pairs: list[tuple[np.ndarray, np.ndarray]]) -> float | None:
    """Pearson's r of already-centred pairs pooled together; ``None`` without variation."""
    if not pairs:
        return None
    x = np.concatenate([p[0] for p in pairs])
    y = np.concatenate([p[1] for p in pairs])
    sxx, syy = float(x @ x), float(y @ y)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return float(x @ y) / (sxx * syy) ** 0.5


def lag_relation(
    series: dict[int, tuple[pd.Series, pd.Series]], seed: int = 20261201
) -> LagRelation:
    """``series``: team -> (weekly volume per FTE vs baseline, weekly released burnout rate),
    both indexed by the week's Monday, hidden weeks absent."""
    usable = {t: s for t, s in series.items() if s[0].notna().sum() and s[1].notna().sum()}
    if len(usable) < MIN_TEAMS:
        return LagRelation(
            len(usable),
            [],
            None,
            f"Not enough teams to tell: {len(usable)} with both workload figures and released "
            f"burnout (at least {MIN_TEAMS} are needed).",
        )
    rng = random.Random(seed)
    teams = sorted(usable)
    draws = [[rng.choice(teams) for _ in teams] for _ in range(BOOTSTRAP)]
    tail = FAMILY_ALPHA / (2 * (MAX_LAG + 1))
    figures = []
    for lag in range(MAX_LAG + 1):
        per_team = _centred_pairs(usable, lag)
        pairs = sum(len(x) for x, _ in per_team.values())
        r = pooled_r(list(per_team.values()))
        if r is None or pairs < MIN_PAIRS:
            continue
        resampled = [pooled_r([per_team[t] for t in draw if t in per_team]) for draw in draws]
        values = np.array([v for v in resampled if v is not None])
        low, high = np.quantile(values, [tail, 1 - tail])
        figures.append(LagFigure(lag, r, float(low), float(high), pairs))
    supported = [f for f in figures if f.low > 0]
    lead = max(supported, key=lambda f: f.r) if supported else None
    if lead is None:
        message = (
            "The data cannot tell whether workload leads burnout here: no lag's interval lies "
            "above zero."
        )
    elif lead.lag == 0:
        message = (
            f"Workload and burnout move together in the same week (r = {lead.r:.2f}, interval "
            f"{lead.low:.2f} to {lead.high:.2f}); the data does not show one leading."
        )
    else:
        message = (
            f"Workload per FTE leads burnout by about {lead.lag} week"
            f"{'s' if lead.lag != 1 else ''} (r = {lead.r:.2f}, interval {lead.low:.2f} to "
            f"{lead.high:.2f}, over {len(usable)} teams). A correlation, not proof of cause."
        )
    return LagRelation(len(usable), figures, lead, message)
