"""The measures leaders see, as pure functions of counts. Definitions: docs/METRICS.md.

Every function returns ``None`` when there is nothing to measure (no answers), never 0, so a
page cannot show an empty group as a real zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

from surveys.bank import DRIVERS

Z95 = 1.959963984540054


def share(part: int, total: int) -> float | None:
    """``part / total`` as a percentage (0-100), or ``None`` without answers."""
    return 100.0 * part / total if total > 0 else None


def engagement_score(favourable: int, answers: int) -> float | None:
    """Share of favourable (4-5) answers on the engagement index items, 0-100."""
    return share(favourable, answers)


def enps(promoters: int, detractors: int, answers: int) -> float | None:
    """% promoters (9-10) minus % detractors (0-6), -100..100."""
    if answers <= 0:
        return None
    return 100.0 * (promoters - detractors) / answers


def burnout_rate(burned_out: int, answers: int) -> float | None:
    """Share choosing options 3-5 of the single-item burnout measure, 0-100."""
    return share(burned_out, answers)


@dataclass(frozen=True)
class Measure:
    """One record per measure a leader sees. Labels, formats, the heatmap's colour, the
    direction of an alert and which count of a scale is the figure all derive from it; a
    page never branches on a measure's key or label.

    ``reports`` names what the figure is made of: ``"high"`` or ``"low"`` (the share of
    answers in that category of the scale), ``"net"`` (high minus low, eNPS) or ``"score"``
    (computed elsewhere from other figures: participation, retention risk).
    """

    key: str
    label: str
    reports: str
    rise_is_bad: bool
    unit: str = "%"  # "%" (0-100 share), "pts" (-100..100), "/100" (a 0-100 score)
    phrase: str = ""  # how a sentence names it; the label in lower case by default

    def value(self, counts: Counts) -> float | None:
        """The figure from a scale's category counts."""
        if self.reports == "net":
            return enps(counts.high, counts.low, counts.total)
        return share(self._hits(counts), counts.total)

    def interval(self, counts: Counts) -> tuple[float, float] | None:
        """95 % interval: Wilson for a share on the number of people (an index's answers
        are not independent; see ``effective_n``), normal for eNPS (a difference of two
        shares of one sample, Rosenthal 1999); ``None`` for a score made elsewhere."""
        n = effective_n(counts)
        if self.reports == "net":
            variance = self.variance(counts)
            if variance is None:
                return None
            centre, half = self.value(counts), Z95 * math.sqrt(variance)
            return max(-100.0, centre - half), min(100.0, centre + half)
        if self.reports not in ("high", "low") or n <= 0:
            return None
        return wilson_interval(self._hits(counts) / counts.total * n, n)

    def variance(self, counts: Counts) -> float | None:
        """Sampling variance of the figure, in its units squared (for tests of change)."""
        n = effective_n(counts)
        if n <= 0 or self.reports not in ("high", "low", "net"):
            return None
        if self.reports == "net":
            plus, minus = counts.high / counts.total, counts.low / counts.total
            return 1e4 * (plus + minus - (plus - minus) ** 2) / n
        p = self._hits(counts) / counts.total
        return 1e4 * p * (1 - p) / n

    def _hits(self, counts: Counts) -> int:
        return counts.low if self.reports == "low" else counts.high

    def text(self, value: float | None, unit: bool = True) -> str:
        """``+12`` for eNPS, ``64 %`` (or ``64``) for shares, ``-`` when there is no value."""
        if value is None:
            return "–"
        if self.unit == "pts":
            return f"{value:+.0f}"
        suffix = {"%": " %", "/100": " / 100"}[self.unit] if unit else ""
        return f"{value:.0f}{suffix}"

    def interval_text(self, interval: tuple[float, float] | None) -> str:
        """``95 % interval 40-70 %`` (eNPS: ``-18 to +78``); empty without an interval."""
        if interval is None:
            return ""
        low, high = interval
        if self.unit == "pts":
            return f"95 % interval {low:+.0f} to {high:+.0f}"
        return f"95 % interval {low:.0f}-{high:.0f}{' %' if self.unit == '%' else ''}"

    def concern(self, value: float) -> float:
        """0-100, higher is worse, so one colour scale fits every measure."""
        worse = value if self.unit != "pts" else (value + 100) / 2
        return worse if self.rise_is_bad else 100 - worse

    def in_sentence(self) -> str:
        return self.phrase or self.label.lower()


MEASURES: dict[str, Measure] = {
    measure.key: measure
    for measure in (
        Measure("engagement", "Engagement", "high", rise_is_bad=False),
        Measure("enps", "eNPS", "net", rise_is_bad=False, unit="pts", phrase="eNPS"),
        Measure("burnout", "Burnout rate", "high", rise_is_bad=True),
        Measure("stay", "Low intent to stay", "low", rise_is_bad=True),
        Measure("participation", "Participation", "high", rise_is_bad=False),
        Measure("retention_risk", "Retention risk", "score", rise_is_bad=True, unit="/100"),
        Measure("negative_comments", "Negative comments", "high", rise_is_bad=True),
        # An action's follow-up item ("Has <action> made a difference?", actions/followup.py):
        # a driver-construct question outside the driver list, so no driver table shows it.
        Measure(
            "driver:followup",
            "Action made a difference",
            "high",
            rise_is_bad=False,
            phrase="agreement that the action made a difference",
        ),
    )
}
FOLLOWUP = "driver:followup"
DRIVER_PREFIX = "driver:"


def measure(key: str) -> Measure:
    """The record of ``key``: one of ``MEASURES`` or a driver (``driver:<name>``), whose
    figure is the favourable share of its items."""
    if key in MEASURES:
        return MEASURES[key]
    if key.startswith(DRIVER_PREFIX):
        driver = key.removeprefix(DRIVER_PREFIX)
        label = DRIVERS[driver]
        return Measure(key, label, "high", rise_is_bad=False, phrase=f"{label} driver")
    raise KeyError(f"Unknown measure {key!r}.")


class Counts(Protocol):
    """Category counts of one measure (``insights.source.Counts`` or any such tuple)."""

    high: int
    low: int
    total: int
    people: int


def effective_n(counts: Counts) -> int:
    """How many independent answers a share rests on: the people who gave them, when an
    index gives several answers per person (counting answers would overstate precision
    for correlated items); the answers themselves when people are not known."""
    people = getattr(counts, "people", 0)
    return people if 0 < people < counts.total else counts.total


def wilson_interval(successes: float, trials: float, z: float = Z95) -> tuple[float, float] | None:
    """95 % Wilson score interval of a proportion, in percent; ``None`` without trials."""
    if trials <= 0:
        return None
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return 100.0 * max(0.0, centre - half), 100.0 * min(1.0, centre + half)


def participation(used: int, invited: int) -> float | None:
    """Share of invitations used, 0-100."""
    return share(used, invited)


@dataclass(frozen=True)
class Moments:
    """Sums over respondent pairs (x = a driver item, y = the respondent's engagement mean)."""

    n: int = 0
    sx: float = 0.0
    sy: float = 0.0
    sxx: float = 0.0
    syy: float = 0.0
    sxy: float = 0.0

    def __add__(self, other: Moments) -> Moments:
        return Moments(
            self.n + other.n,
            self.sx + other.sx,
            self.sy + other.sy,
            self.sxx + other.sxx,
            self.syy + other.syy,
            self.sxy + other.sxy,
        )


def pearson(m: Moments) -> float | None:
    """Pearson correlation from sums; ``None`` with fewer than 3 pairs or no variation."""
    if m.n < 3:
        return None
    cov = m.sxy - m.sx * m.sy / m.n
    vx = m.sxx - m.sx * m.sx / m.n
    vy = m.syy - m.sy * m.sy / m.n
    if vx <= 1e-12 or vy <= 1e-12:
        return None
    return max(-1.0, min(1.0, cov / math.sqrt(vx * vy)))


FOCUS_SCORE_BELOW = 60.0  # driver favourable share under this...
FOCUS_IMPACT_AT_LEAST = 0.3  # ...with at least this correlation to engagement


def focus_areas(
    scores: dict[str, float | None], impacts: dict[str, float | None]
) -> list[tuple[str, float, float]]:
    """Drivers with a low score and a high impact, most urgent first: (driver, score, impact).

    Urgency = impact x (100 - score): a weak driver that moves engagement most comes first.
    """
    out = []
    for driver, score in scores.items():
        impact = impacts.get(driver)
        if score is None or impact is None:
            continue
        if score < FOCUS_SCORE_BELOW and impact >= FOCUS_IMPACT_AT_LEAST:
            out.append((driver, score, impact))
    return sorted(out, key=lambda t: -t[2] * (100 - t[1]))


# Retention risk: factor -> weight. Each factor is a 0-100 "risk" value (higher is worse).
RISK_WEIGHTS: dict[str, float] = {
    "low_intent_to_stay": 0.25,
    "low_engagement": 0.15,
    "burnout": 0.20,
    "enps_detractors": 0.10,
    "negative_comments": 0.10,
    "recognition_gap": 0.10,
    "falling_participation": 0.10,
}
RISK_LABELS: dict[str, str] = {
    "low_intent_to_stay": "Low intent to stay",
    "low_engagement": "Low engagement",
    "burnout": "Burnout",
    "enps_detractors": "eNPS detractors",
    "negative_comments": "Negative comments",
    "recognition_gap": "Recognition gap",
    "falling_participation": "Falling participation",
}
PARTICIPATION_DROP_FULL_RISK = 20.0  # a drop of 20 points or more counts as 100


def participation_drop_risk(previous: float | None, current: float | None) -> float | None:
    """0-100: how far participation fell (points) against the previous window, scaled."""
    if previous is None or current is None:
        return None
    return min(100.0, max(0.0, previous - current) * 100.0 / PARTICIPATION_DROP_FULL_RISK)


@dataclass(frozen=True)
class Risk:
    score: float | None
    contributions: dict[str, float]  # factor -> points it adds to the score
    missing: tuple[str, ...]


def retention_risk(factors: dict[str, float | None]) -> Risk:
    """Weighted mean of the available factors (weights re-normalised over those present).

    With fewer than half the weight available the score is ``None``: too little to go on.
    """
    present = {f: v for f, v in factors.items() if f in RISK_WEIGHTS and v is not None}
    missing = tuple(f for f in RISK_WEIGHTS if f not in present)
    weight = sum(RISK_WEIGHTS[f] for f in present)
    if weight < 0.5:
        return Risk(None, {}, missing)
    contributions = {
        f: RISK_WEIGHTS[f] / weight * max(0.0, min(100.0, v)) for f, v in present.items()
    }
    return Risk(sum(contributions.values()), contributions, missing)
