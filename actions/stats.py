"""The before/after statistics of an action, as pure functions of released counts.

- A window's share is the released counts summed over its shown rounds, with a 95 % Wilson
  interval (Brown, Cai & DasGupta 2001) on an *effective* sample: the answers divided by the
  number of rounds. The same people answer every week, so answers are not independent; dividing
  by the rounds assumes the worst case (each person answering alike every week), which keeps
  the interval honest rather than narrow.
- The change (after - before) has Newcombe's hybrid score interval (Newcombe 1998, method 10).
- Against comparison teams, the difference in differences (the team's change less the pooled
  change of teams without an action) has the MOVER interval built from the two changes'
  intervals (Zou & Donner 2008).

A change is *claimed* only when its interval excludes zero; otherwise the data cannot tell.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from insights.measures import wilson_interval


@dataclass(frozen=True)
class Share:
    """A window's share (percent) with its interval, from ``hits`` of ``total`` answers over
    ``rounds`` released rounds."""

    hits: int
    total: int
    rounds: float  # released rounds summed (an average for pooled comparison teams)

    @property
    def value(self) -> float | None:
        return 100.0 * self.hits / self.total if self.total else None

    @property
    def effective_n(self) -> float:
        return self.total / self.rounds if self.rounds else 0.0

    @property
    def interval(self) -> tuple[float, float] | None:
        if not self.total or not self.rounds:
            return None
        return wilson_interval(self.hits / self.rounds, self.effective_n)


@dataclass(frozen=True)
class Change:
    """``estimate`` in points with its 95 % interval; ``clear`` when the interval excludes 0."""

    estimate: float
    low: float
    high: float

    @property
    def clear(self) -> bool:
        return self.low > 0 or self.high < 0


def difference(before: Share, after: Share) -> Change | None:
    """after - before, Newcombe's hybrid score interval from the two Wilson intervals."""
    if before.value is None or after.value is None:
        return None
    p1, p2 = before.value, after.value
    (l1, u1), (l2, u2) = before.interval, after.interval
    d = p2 - p1
    return Change(
        d,
        d - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2),
        d + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2),
    )


def difference_in_differences(team: Change, comparison: Change) -> Change:
    """team change - comparison change, MOVER interval from the two changes' intervals."""
    d = team.estimate - comparison.estimate
    return Change(
        d,
        d
        - math.sqrt((team.estimate - team.low) ** 2 + (comparison.high - comparison.estimate) ** 2),
        d
        + math.sqrt((team.high - team.estimate) ** 2 + (comparison.estimate - comparison.low) ** 2),
    )


def pooled(shares: list[Share]) -> Share:
    """Comparison teams pooled: their answers added, rounds averaged so the effective sample is
    the sum of each team's effective sample."""
    hits = sum(s.hits for s in shares)
    total = sum(s.total for s in shares)
    effective = sum(s.effective_n for s in shares)
    return Share(hits, total, total / effective if effective else 0.0)
