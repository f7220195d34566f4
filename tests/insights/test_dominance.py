"""General dominance against brute force: every subset's R² by least squares, and the Shapley
value over every order in which the drivers could enter."""

import itertools
import math

import numpy as np
import pytest

from insights import dominance


def r_squared(x: np.ndarray, y: np.ndarray, columns) -> float:
    if not columns:
        return 0.0
    design = np.column_stack([np.ones(len(y)), x[:, list(columns)]])
    fitted = design @ np.linalg.lstsq(design, y, rcond=None)[0]
    return 1 - ((y - fitted) ** 2).sum() / ((y - y.mean()) ** 2).sum()


def shapley(x: np.ndarray, y: np.ndarray) -> list[float]:
    """Average marginal R² of each predictor over all p! orders (the definition)."""
    p = x.shape[1]
    totals = [0.0] * p
    orders = list(itertools.permutations(range(p)))
    for order in orders:
        before: list[int] = []
        for i in order:
            totals[i] += r_squared(x, y, before + [i]) - r_squared(x, y, before)
            before.append(i)
    return [t / len(orders) for t in totals]


@pytest.fixture
def sample():
    rng = np.random.default_rng(3)
    general = rng.normal(size=300)
    x = np.column_stack([general + rng.normal(size=300) * s for s in (0.5, 1.0, 1.5, 2.0)])
    y = 0.8 * x[:, 0] + 0.3 * x[:, 1] + 0.1 * x[:, 3] + rng.normal(size=300)
    return x, y


def test_weights_equal_the_shapley_value_over_every_order(sample):
    x, y = sample
    corr = np.corrcoef(np.column_stack([x, y]), rowvar=False)
    weights = dominance.general_dominance(corr)
    assert weights == pytest.approx(shapley(x, y), abs=1e-10)
    assert weights.sum() == pytest.approx(r_squared(x, y, range(4)), abs=1e-10)
    assert list(np.argsort(-weights)[:2]) == [0, 1]


def test_two_drivers_by_hand():
    # r1 = 0.5, r2 = 0.3, r12 = 0.2: R² = (r1² + r2² - 2 r1 r2 r12) / (1 - r12²)
    # = (0.25 + 0.09 - 0.06) / 0.96 = 0.291667; GD1 = (0.25 + (R² - 0.09)) / 2 = 0.225833.
    corr = np.array([[1, 0.2, 0.5], [0.2, 1, 0.3], [0.5, 0.3, 1]])
    weights = dominance.general_dominance(corr)
    assert weights == pytest.approx([0.225833, 0.065833], abs=1e-6)


def test_eleven_drivers_need_138_respondents_and_the_intervals_hold_the_estimate():
    assert dominance.min_respondents(11) == 138
    rng = np.random.default_rng(5)
    general = rng.normal(size=(150, 1))
    x = np.clip(np.round(3 + general + rng.normal(size=(150, 11))), 1, 5)
    y = x[:, 0] * 0.6 + x[:, 4] * 0.3 + rng.normal(size=150)
    assert dominance.importance(x[:137], y[:137]) is None
    found = dominance.importance(x, y)
    assert found.respondents == 150 and sum(found.shares) == pytest.approx(100)
    assert max(range(11), key=lambda i: found.shares[i]) == 0
    assert all(lo <= s <= hi for lo, s, hi in zip(found.low, found.shares, found.high, strict=True))
    assert found == dominance.importance(x, y)  # seeded: the same data, the same intervals
    assert found.low[0] > 100 / 11  # the dominant driver is clearly above an equal share
    assert not math.isnan(found.r_squared)
