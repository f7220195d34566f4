"""Figures derived from one team's weekly table (``store.weekly_table``): work volume per FTE
against the team's own baseline, overtime share, vacancy rate, abandonment, backlog trend,
the early warning, Erlang C per week for phone teams and the staffing scenarios.

Every rule and constant is defined here once; docs/WORKLOAD.md states them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from workload import erlang
from workload.catalogue import volume_keys

BASELINE_WEEKS = 8  # the team's own baseline: its first eight weeks with figures
RECENT_WEEKS = 4  # "now" in scenarios: the median of the latest four weeks
STANDARD_WEEK_HOURS = 40.0  # paid hours of one FTE in a week (overtime share's denominator)
MAD_TO_SD = 1.4826  # a median absolute deviation times this estimates a normal SD
NOISE_SDS = 2.0  # beyond the noise: above the baseline median by more than two robust SDs
MIN_RISE = 0.05  # ... and by more than 5 % (a near-constant baseline has almost no noise)
WARNING_WEEKS = 3  # for at least three weeks in a row, up to the latest
BACKLOG_WEEKS = 6  # backlog trend: least-squares slope over the latest six weeks
SERVICE_TARGET = 0.80  # the phone industry's usual service level: 80 % of calls ...
SERVICE_SECONDS = 20.0  # ... answered within 20 seconds


def main_volume(table: pd.DataFrame) -> str | None:
    """The team's work volume: the first catalogue volume metric with figures in at least
    half of its weeks (claims for Billing, calls offered for the Call Centre)."""
    for key in volume_keys():
        if key in table.columns and table[key].notna().sum() * 2 >= len(table) > 0:
            return key
    return None


def _ratio(top: pd.Series, bottom: pd.Series) -> pd.Series:
    bottom = bottom.where(bottom > 0)
    return top / bottom


@dataclass(frozen=True)
class Baseline:
    median: float
    noise: float  # one robust SD (MAD × 1.4826)
    weeks: int
    first: pd.Timestamp
    last: pd.Timestamp

    @property
    def threshold(self) -> float:
        """Above this a week's figure is beyond the baseline's noise."""
        return self.median + max(NOISE_SDS * self.noise, MIN_RISE * self.median)


def baseline(series: pd.Series, weeks: int = BASELINE_WEEKS) -> Baseline | None:
    """The median and robust noise of the first ``weeks`` weeks with a figure (None when the
    series has fewer than that: no baseline to compare against)."""
    values = series.dropna()
    if len(values) < weeks:
        return None
    first = values.iloc[:weeks]
    median = float(first.median())
    mad = float((first - median).abs().median())
    return Baseline(median, MAD_TO_SD * mad, weeks, first.index[0], first.index[-1])


def derived(table: pd.DataFrame) -> pd.DataFrame:
    """Per week: volume per FTE and its change against the baseline (%), overtime share (% of
    standard hours), vacancy rate (% of FTE plus vacancies), abandonment (% of calls)."""
    out = pd.DataFrame(index=table.index)
    col = table.get
    fte = col("fte", pd.Series(np.nan, index=table.index))
    volume = main_volume(table)
    if volume is not None:
        out["volume_per_fte"] = _ratio(table[volume], fte)
        base = baseline(out["volume_per_fte"])
        if base is not None and base.median > 0:
            out["vs_baseline_pct"] = 100 * (out["volume_per_fte"] / base.median - 1)
    if "overtime_hours" in table.columns:
        out["overtime_share_pct"] = 100 * _ratio(table["overtime_hours"], fte * STANDARD_WEEK_HOURS)
    if "vacancies" in table.columns:
        out["vacancy_rate_pct"] = 100 * _ratio(table["vacancies"], fte + table["vacancies"])
    if "calls_abandoned" in table.columns and "calls_offered" in table.columns:
        out["abandonment_pct"] = 100 * _ratio(table["calls_abandoned"], table["calls_offered"])
    return out


def backlog_trend(series: pd.Series, weeks: int = BACKLOG_WEEKS) -> float | None:
    """Least-squares change per week over the latest ``weeks`` weeks (None with fewer)."""
    values = series.dropna().iloc[-weeks:]
    if len(values) < weeks:
        return None
    x = np.arange(len(values), dtype=float)
    return float(np.polyfit(x, values.to_numpy(dtype=float), 1)[0])


@dataclass(frozen=True)
class Warning:
    weeks: int  # consecutive weeks beyond the noise, up to the latest
    latest: float  # latest volume per FTE
    baseline: Baseline

    @property
    def rise_pct(self) -> float:
        return 100 * (self.latest / self.baseline.median - 1)


def early_warning(per_fte: pd.Series, min_weeks: int = WARNING_WEEKS) -> Warning | None:
    """A warning when volume per FTE has been beyond the baseline's noise for ``min_weeks``
    weeks in a row up to the latest week (the baseline weeks themselves never count)."""
    base = baseline(per_fte)
    values = per_fte.dropna()
    if base is None or len(values) <= base.weeks:
        return None
    run = 0
    for value in reversed(values.iloc[base.weeks :].to_list()):
        if value <= base.threshold:
            break
        run += 1
    return Warning(run, float(values.iloc[-1]), base) if run >= min_weeks else None


@dataclass(frozen=True)
class FteScenario:
    volume: str  # the metric
    recent_volume: float  # median weekly volume of the latest weeks
    recent_fte: float
    baseline_per_fte: float
    fte_needed: float  # FTE that would bring volume per FTE back to the baseline

    @property
    def extra_fte(self) -> float:
        return self.fte_needed - self.recent_fte


def fte_scenario(table: pd.DataFrame, recent: int = RECENT_WEEKS) -> FteScenario | None:
    """FTE needed to carry the recent volume at the baseline's volume per FTE."""
    volume = main_volume(table)
    if volume is None or "fte" not in table.columns:
        return None
    base = baseline(_ratio(table[volume], table["fte"]))
    latest = table[[volume, "fte"]].dropna().iloc[-recent:]
    if base is None or base.median <= 0 or len(latest) < recent:
        return None
    recent_volume = float(latest[volume].median())
    return FteScenario(
        volume,
        recent_volume,
        float(latest["fte"].median()),
        base.median,
        recent_volume / base.median,
    )


PHONE_COLUMNS = [
    "calls_per_hour",
    "load",
    "required",
    "staffed",
    "occupancy_pct",
    "predicted_sl_pct",
]


def phone_weeks(
    table: pd.DataFrame, target: float = SERVICE_TARGET, seconds: float = SERVICE_SECONDS
) -> pd.DataFrame:
    """Per week of a phone team: calls per open hour, offered load (Erlangs), the agents
    Erlang C requires for the service level, agents staffed, their occupancy and the service
    level Erlang C predicts for them. Empty for teams without the phone figures."""
    needed = {"calls_offered", "avg_handle_time", "phone_hours"}
    if not needed <= set(table.columns):
        return pd.DataFrame(columns=PHONE_COLUMNS)
    rows = {}
    for week, row in table.iterrows():
        calls, aht, hours = row["calls_offered"], row["avg_handle_time"], row["phone_hours"]
        if any(pd.isna(v) for v in (calls, aht, hours)) or hours <= 0 or aht <= 0:
            continue
        load = erlang.traffic(calls, aht, hours * 3600)
        staffed = row.get("agents_staffed", math.nan)
        record = {
            "calls_per_hour": calls / hours,
            "load": load,
            "required": erlang.required_agents(load, aht, target, seconds),
            "staffed": staffed,
            "occupancy_pct": math.nan,
            "predicted_sl_pct": math.nan,
        }
        if not pd.isna(staffed) and staffed > 0:
            occupancy = erlang.occupancy(load, staffed)
            record["occupancy_pct"] = 100 * occupancy if occupancy is not None else math.nan
            agents = int(math.floor(staffed))
            record["predicted_sl_pct"] = 100 * erlang.service_level(agents, load, aht, seconds)
        rows[week] = record
    return pd.DataFrame.from_dict(rows, orient="index", columns=PHONE_COLUMNS)


@dataclass(frozen=True)
class PhoneScenario:
    calls_per_hour: float
    aht_seconds: float
    required: int  # agents for the service level at the recent volume and handle time
    staffed: float | None
    occupancy_pct: float | None  # of the staffed agents


def phone_scenario(
    table: pd.DataFrame,
    recent: int = RECENT_WEEKS,
    target: float = SERVICE_TARGET,
    seconds: float = SERVICE_SECONDS,
) -> PhoneScenario | None:
    """Agents needed for the service level at the latest weeks' median volume and handle time."""
    weeks = phone_weeks(table, target, seconds).iloc[-recent:]
    if len(weeks) < recent:
        return None
    latest = table.loc[weeks.index]
    calls_per_hour = float(weeks["calls_per_hour"].median())
    aht = float(latest["avg_handle_time"].median())
    load = calls_per_hour * aht / 3600
    staffed = weeks["staffed"].dropna()
    staffed_value = float(staffed.median()) if len(staffed) else None
    occupancy = erlang.occupancy(load, staffed_value) if staffed_value else None
    return PhoneScenario(
        calls_per_hour,
        aht,
        erlang.required_agents(load, aht, target, seconds),
        staffed_value,
        None if occupancy is None else 100 * occupancy,
    )
