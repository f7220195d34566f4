"""Does workload lead burnout (issue 17)? A within-team pooled correlation by lag, checked by
hand, and on simulated teams whose burnout follows workload three weeks later, or not at all."""

import numpy as np
import pandas as pd
import pytest

from workload import lag

MONDAYS = pd.date_range("2026-01-05", periods=40, freq="7D")


def test_pooled_r_of_centred_pairs_by_hand():
    # Team A rises together (x -1,0,1; y -2,0,2), team B moves against (y 1,0,-1):
    # sxy = 4 - 2 = 2, sxx = 4, syy = 8 + 2 = 10, r = 2 / sqrt(40) = 0.3162.
    a = (np.array([-1.0, 0, 1]), np.array([-2.0, 0, 2]))
    b = (np.array([-1.0, 0, 1]), np.array([1.0, 0, -1]))
    assert lag.pooled_r([a, b]) == pytest.approx(0.316228, abs=1e-6)
    assert lag.pooled_r([(np.zeros(3), np.array([1.0, 2, 3]))]) is None


def simulated(teams: int, follows: bool, seed: int = 7) -> dict:
    rng = np.random.default_rng(seed)
    series = {}
    for team in range(teams):
        workload = pd.Series(np.cumsum(rng.normal(0, 3, len(MONDAYS))), index=MONDAYS)
        if follows:
            burnout = 30 + 1.5 * workload.shift(3) + rng.normal(0, 4, len(MONDAYS))
        else:
            burnout = pd.Series(30 + rng.normal(0, 6, len(MONDAYS)), index=MONDAYS)
        burnout = burnout.dropna().iloc[::2]  # hidden weeks: only every other round released
        series[team] = (workload, burnout)
    return series


def test_burnout_three_weeks_after_workload_is_found_with_its_lag():
    found = lag.lag_relation(simulated(12, follows=True))
    assert found.lead is not None and found.lead.lag == 3 and found.lead.low > 0
    assert "leads burnout by about 3 weeks" in found.message


def test_independent_series_claim_nothing():
    found = lag.lag_relation(simulated(12, follows=False))
    assert found.lead is None and "cannot tell" in found.message
    assert all(f.low < 0 < f.high for f in found.figures)


def test_too_few_teams_are_not_estimated():
    found = lag.lag_relation(simulated(4, follows=True))
    assert found.figures == [] and "at least 5" in found.message
