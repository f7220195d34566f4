"""Is a change beyond the noise? Two-sample tests of one measure between two windows, and
the Benjamini-Hochberg step-up that keeps the share of false alarms on a page at
``FALSE_DISCOVERY_RATE`` when dozens of team x measure changes are looked at together.

References: the pooled two-proportion z test (Agresti, *Categorical Data Analysis*, 2013,
3.1.3); the variance of a net promoter score as the difference of two shares of one
multinomial sample (Rosenthal 1999, *Stata Journal* 12: "the variance of NPS"); Benjamini &
Hochberg (1995), *JRSS B* 57, 289-300. Hand checks: ``tests/insights/test_significance.py``.
"""

from __future__ import annotations

import math

from insights.measures import Counts, Measure, effective_n

FALSE_DISCOVERY_RATE = 0.05


def change_p_value(measure: Measure, before: Counts, after: Counts) -> float | None:
    """Two-sided p-value of "the figure moved" between two windows; ``None`` when either
    window has no answers or the measure has no sampling model (a composite score)."""
    n_before, n_after = effective_n(before), effective_n(after)
    if n_before <= 0 or n_after <= 0:
        return None
    if measure.reports in ("high", "low"):
        p_before = measure.value(before) / 100
        p_after = measure.value(after) / 100
        pooled = (p_before * n_before + p_after * n_after) / (n_before + n_after)
        variance = pooled * (1 - pooled) * (1 / n_before + 1 / n_after)
        difference = p_after - p_before
    elif measure.reports == "net":
        variance = (measure.variance(before) + measure.variance(after)) / 1e4
        difference = (measure.value(after) - measure.value(before)) / 100
    else:
        return None
    if variance <= 0:
        return 1.0 if difference == 0 else 0.0
    return math.erfc(abs(difference) / math.sqrt(variance) / math.sqrt(2))


def benjamini_hochberg(p_values: list[float]) -> list[float]:
    """Adjusted p-values (q-values) in the input order: a change is a discovery at false
    discovery rate ``q`` when its q-value is at most ``q``."""
    count = len(p_values)
    order = sorted(range(count), key=lambda i: p_values[i])
    adjusted = [1.0] * count
    running = 1.0
    for rank in range(count, 0, -1):
        index = order[rank - 1]
        running = min(running, p_values[index] * count / rank)
        adjusted[index] = running
    return adjusted
