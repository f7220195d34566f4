"""The measures leaders see, as pure functions of counts. Definitions: docs/METRICS.md.

Every function returns ``None`` when there is nothing to measure (no answers), never 0, so a
page cannot show an empty group as a real zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
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
    unit: str = "%"  # "%" (0-100 share), "pts" (-100..100), "/100" (0-100), "band" (low/high)
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
        if self.unit == "band":
            return retention_band(value).capitalize()
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
        if self.unit == "band":
            return BAND_CONCERN[retention_band(value)]
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
        Measure("retention_risk", "Retention risk", "score", rise_is_bad=True, unit="band"),
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
BAND_CONCERN = {"low": 15.0, "elevated": 55.0, "high": 90.0}  # heatmap colour of a band


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


FOCUS_SCORE_BELOW = 60.0  # a driver's favourable share clearly under this (its interval)...
FOCUS_MAX = 3  # ...with an impact the data supports; at most three, most urgent first
FOCUS_FAMILY_ALPHA = 0.05  # shared by every driver of a team (Bonferroni)


def impact_lower_bound(moments: Moments, tests: int) -> float | None:
    """Lower end of Pearson's r's Fisher-z interval (Fisher 1921), Bonferroni-widened for
    ``tests`` drivers looked at together; ``None`` without enough pairs."""
    r = pearson(moments)
    if r is None or moments.n <= 3 or abs(r) >= 1:
        return None
    z = NormalDist().inv_cdf(1 - FOCUS_FAMILY_ALPHA / (2 * tests))
    return math.tanh(math.atanh(r) - z / math.sqrt(moments.n - 3))


def clearly_below(counts: Counts, benchmark: float | None) -> bool:
    """The share's 95 % Wilson interval (on the people who answered) lies under
    ``benchmark``: the comparison a team's driver score gets against the organisation's."""
    n = effective_n(counts)
    if benchmark is None or not n or not counts.total:
        return False
    return wilson_interval(counts.high / counts.total * n, n)[1] < benchmark


def important_drivers(shares: dict[str, tuple[float, float, float]]) -> set[str]:
    """Drivers whose share of the explained variance at the level above (general dominance,
    ``insights/dominance.py``) is clearly more than a token one: the 95 % interval's lower end
    reaches half an equal share."""
    floor = 100 / len(shares) / 2 if shares else 0
    return {d for d, (_, low, _) in shares.items() if low >= floor}


def clearly_above(counts: Counts, benchmark: float | None) -> bool:
    """The share's 95 % Wilson interval lies over ``benchmark``."""
    n = effective_n(counts)
    if benchmark is None or not n or not counts.total:
        return False
    return wilson_interval(counts.high / counts.total * n, n)[0] > benchmark


def focus_areas(
    drivers: dict[str, tuple[Counts, Moments]],
    benchmarks: dict[str, float] | None = None,
    important: set[str] | None = None,
) -> list[tuple[str, float, float]]:
    """Drivers the data says are low, below the organisation and important, most urgent
    first, at most ``FOCUS_MAX``: (driver, score, impact).

    Low: the score's 95 % Wilson interval (on the people who answered) lies under
    ``FOCUS_SCORE_BELOW`` and, where ``benchmarks`` gives the organisation's released score
    for the driver, under that too (a driver low everywhere is the organisation's to fix, not
    the team's focus). Important: where key-driver importance is released for the level
    above (``important``), the driver is among those; otherwise the team's own impact: its
    Fisher interval, widened for all the team's drivers at once, lies above zero.
    Urgency = impact x (100 - score).
    """
    out = []
    for driver, (counts, moments) in drivers.items():
        score = share(counts.high, counts.total)
        lower = impact_lower_bound(moments, len(drivers))
        if score is None or lower is None:
            continue
        if (driver not in important) if important is not None else lower <= 0:
            continue
        if not clearly_below(counts, FOCUS_SCORE_BELOW):
            continue
        if benchmarks is not None and not clearly_below(counts, benchmarks.get(driver)):
            continue
        out.append((driver, score, pearson(moments)))
    return sorted(out, key=lambda t: -t[2] * (100 - t[1]))[:FOCUS_MAX]


# Retention signal (docs/METRICS.md "Retention signal"): a team-level warning, never a person's.
@dataclass(frozen=True)
class RetentionFactor:
    """One input of the retention signal: a 0-100 value from released cells, and its weight."""

    key: str
    label: str
    weight: float
    source: str


RETENTION_FACTORS: tuple[RetentionFactor, ...] = (
    # Quit intentions are the strongest single predictor of leaving (Griffeth, Hom & Gaertner
    # 2000, J. Management 26:463); about twice job attitudes, hence twice the weight.
    RetentionFactor(
        "low_intent_to_stay", "Low intent to stay", 2.0, "stay items answered 1-2 (the stay rollup)"
    ),
    RetentionFactor("enps_detractors", "eNPS detractors", 1.0, "eNPS answers 0-6"),
    # Burnout predicts turnover in healthcare teams (Willard-Grace et al. 2019, Ann Fam Med 17:36).
    RetentionFactor("burnout", "Burnout", 1.0, "burnout answers 3-5"),
    # Less satisfied work groups answer less (Fauth et al. 2013, J Bus Psychol 28:1).
    RetentionFactor(
        "falling_participation",
        "Falling participation",
        1.0,
        "points lost against the previous window, 20 points = 100",
    ),
)
RETENTION_NEEDS = "low_intent_to_stay"  # no signal without the strongest input
# Band cut-offs on the 0-100 signal (a weighted share of warning answers): below 20 low,
# 20 to under 35 elevated, 35 and above high. Fixed, not fitted; the backtest checks them.
RETENTION_BANDS: tuple[tuple[float, str], ...] = ((20.0, "low"), (35.0, "elevated"))
RETENTION_HIGH = "high"
PARTICIPATION_DROP_FULL_RISK = 20.0  # a drop of 20 points or more counts as 100


def participation_drop_risk(previous: float | None, current: float | None) -> float | None:
    """0-100: how far participation fell (points) against the previous window, scaled."""
    if previous is None or current is None:
        return None
    return min(100.0, max(0.0, previous - current) * 100.0 / PARTICIPATION_DROP_FULL_RISK)


def retention_band(value: float | None) -> str | None:
    """``low``, ``elevated`` or ``high`` for a signal value; ``None`` without one."""
    if value is None:
        return None
    return next((band for cut, band in RETENTION_BANDS if value < cut), RETENTION_HIGH)


# A factor: its value and 95 % interval, 0-100 (an exact figure has a zero-width interval).
Factor = tuple[float, float, float]


def share_factor(part: int, total: int) -> Factor | None:
    """A share with its Wilson interval, as a retention factor."""
    interval = wilson_interval(part, total)
    if interval is None:
        return None
    return 100.0 * part / total, interval[0], interval[1]


@dataclass(frozen=True)
class RetentionSignal:
    value: float | None
    interval: tuple[float, float] | None
    factors: dict[str, Factor]  # factor -> (value, low, high), those available
    missing: tuple[str, ...]

    @property
    def band(self) -> str | None:
        return retention_band(self.value)

    def text(self) -> str:
        """``Elevated (95 % interval 22-38)``; a dash without a signal. Never the decimal."""
        if self.value is None or self.interval is None:
            return "–"
        low, high = self.interval
        return f"{self.band.capitalize()} (95 % interval {low:.0f}-{high:.0f})"

    def factor_rows(self) -> list[dict]:
        """What the signal is made of, for the Team page: factor, weight, value and interval."""
        return [
            {
                "factor": f.label,
                "weight": f.weight,
                "value (95 % interval)": "{:.0f} ({:.0f}-{:.0f})".format(*self.factors[f.key]),
            }
            for f in RETENTION_FACTORS
            if f.key in self.factors
        ]

    def missing_labels(self) -> list[str]:
        return [f.label for f in RETENTION_FACTORS if f.key in self.missing]


def retention_signal(factors: dict[str, Factor | None]) -> RetentionSignal:
    """Weighted mean of the available factors (weights re-normalised over those present).

    Its interval is the same weighted mean of the factors' interval ends: the factors come
    from the same respondents, so their errors may be correlated, and adding the ends is the
    bound for perfectly correlated errors (conservative). Without intent to stay: no signal.
    """
    weights = {f.key: f.weight for f in RETENTION_FACTORS}
    present = {k: v for k, v in factors.items() if k in weights and v is not None}
    missing = tuple(k for k in weights if k not in present)
    if RETENTION_NEEDS not in present:
        return RetentionSignal(None, None, present, missing)
    total = sum(weights[k] for k in present)

    def mean(i: int) -> float:
        return sum(weights[k] * min(100.0, max(0.0, v[i])) for k, v in present.items()) / total

    return RetentionSignal(mean(0), (mean(1), mean(2)), present, missing)
