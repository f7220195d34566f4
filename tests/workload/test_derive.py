"""Derived figures on hand-computed fixtures: per FTE against the baseline, shares, backlog,
the early warning and the staffing scenarios."""

import pandas as pd
import pytest

from workload import derive


def weeks(n: int) -> pd.DatetimeIndex:
    return pd.date_range("2026-01-05", periods=n, freq="7D", name="week")


def billing(volumes, ftes, **extra) -> pd.DataFrame:
    data = {"fte": ftes, "claims_submitted": volumes, **extra}
    return pd.DataFrame(data, index=weeks(len(ftes)))


def test_volume_per_fte_against_the_teams_own_baseline():
    # Eight baseline weeks of 1000 claims by 10 FTE (100 per FTE), then 8 FTE carry 1100.
    table = billing([1000] * 8 + [1100] * 4, [10] * 8 + [8] * 4)
    out = derive.derived(table)
    assert list(out["volume_per_fte"].iloc[-4:]) == [137.5] * 4
    assert out["vs_baseline_pct"].iloc[-1] == pytest.approx(37.5)  # 137.5 / 100 - 1
    assert out["vs_baseline_pct"].iloc[0] == 0


def test_baseline_is_the_median_and_mad_of_the_first_weeks():
    series = pd.Series([100, 102, 98, 101, 99, 100, 103, 97, 150], index=weeks(9))
    base = derive.baseline(series)
    assert base.median == 100 and base.weeks == 8
    # deviations 0 2 2 1 1 0 3 3 -> MAD 1.5; one robust SD 1.5 * 1.4826
    assert base.noise == pytest.approx(1.5 * 1.4826)
    assert base.threshold == pytest.approx(105)  # 5 % beats 2 SDs (4.45)
    assert derive.baseline(series.iloc[:7]) is None


def test_shares_overtime_vacancy_and_abandonment():
    table = pd.DataFrame(
        {
            "fte": [10.0, 0.0],
            "overtime_hours": [40.0, 5.0],
            "vacancies": [2.5, 1.0],
            "calls_offered": [1000.0, 0.0],
            "calls_abandoned": [60.0, 0.0],
        },
        index=weeks(2),
    )
    out = derive.derived(table)
    assert out["overtime_share_pct"].iloc[0] == pytest.approx(10.0)  # 40 / (10 * 40 h)
    assert out["vacancy_rate_pct"].iloc[0] == pytest.approx(20.0)  # 2.5 / 12.5
    assert out["abandonment_pct"].iloc[0] == pytest.approx(6.0)
    # No FTE, no calls: the shares are missing, never infinite or zero.
    assert out[["overtime_share_pct", "abandonment_pct"]].iloc[1].isna().all()
    assert out["vacancy_rate_pct"].iloc[1] == 100.0  # 1 / (0 + 1)


def test_backlog_trend_is_the_least_squares_slope_of_the_latest_weeks():
    backlog = pd.Series([50, 40, 10, 12, 14, 16, 18, 20], index=weeks(8), dtype=float)
    assert derive.backlog_trend(backlog) == pytest.approx(2.0)
    assert derive.backlog_trend(backlog.iloc[:5]) is None


def test_early_warning_after_three_weeks_beyond_the_noise():
    steady = [100, 102, 98, 101, 99, 100, 103, 97]
    assert (
        derive.early_warning(pd.Series(steady + [104, 120, 121, 125], index=weeks(12))).weeks == 3
    )
    # Two weeks high is not yet a warning; a dip resets the run.
    assert derive.early_warning(pd.Series(steady + [120, 121], index=weeks(10))) is None
    assert derive.early_warning(pd.Series(steady + [120, 121, 104, 125], index=weeks(12))) is None
    warning = derive.early_warning(pd.Series(steady + [110, 110, 110], index=weeks(11)))
    assert warning.rise_pct == pytest.approx(10.0)


def test_fte_scenario_brings_volume_per_fte_back_to_the_baseline():
    # Baseline 100 claims per FTE; the latest four weeks: 1100 claims (median) with 8 FTE.
    table = billing([1000] * 8 + [1080, 1100, 1100, 1120], [10] * 8 + [8] * 4)
    scenario = derive.fte_scenario(table)
    assert scenario.volume == "claims_submitted"
    assert scenario.recent_volume == 1100 and scenario.recent_fte == 8
    assert scenario.fte_needed == pytest.approx(11.0)
    assert scenario.extra_fte == pytest.approx(3.0)
    assert derive.fte_scenario(table.iloc[:8].iloc[:7]) is None  # no baseline yet


def test_main_volume_needs_figures_in_half_the_weeks():
    table = pd.DataFrame(
        {
            "fte": [5.0] * 4,
            "calls_offered": [None, None, None, 10.0],
            "appointments_booked": [1.0] * 4,
        },
        index=weeks(4),
    )
    assert derive.main_volume(table) == "appointments_booked"


def phones(calls, aht, hours=50.0, agents=14.0, n=4) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "calls_offered": [calls] * n,
            "avg_handle_time": [aht] * n,
            "phone_hours": [hours] * n,
            "agents_staffed": [agents] * n,
        },
        index=weeks(n),
    )


def test_phone_weeks_use_erlang_c_on_calls_per_open_hour():
    # 10,000 calls over 50 open hours = 200 per hour = 100 per half hour; 180 s handle time:
    # the Call Centre Helper example, 10 Erlangs, 14 agents for 80 % in 20 s.
    out = derive.phone_weeks(phones(10_000, 180.0))
    assert out["calls_per_hour"].iloc[0] == 200
    assert out["load"].iloc[0] == pytest.approx(10.0)
    assert out["required"].iloc[0] == 14
    assert out["occupancy_pct"].iloc[0] == pytest.approx(100 * 10 / 14)
    assert out["predicted_sl_pct"].iloc[0] == pytest.approx(88.83, abs=0.01)
    assert derive.phone_weeks(billing([1] * 3, [1] * 3)).empty


def test_phone_scenario_required_against_staffed():
    scenario = derive.phone_scenario(phones(10_000, 240.0, agents=12.0))
    # 200 calls an hour at 240 s = 13.3 Erlangs: 12 agents cannot keep up.
    assert scenario.required > 12 and scenario.staffed == 12
    assert scenario.occupancy_pct == 100.0


def test_early_warning_validated_on_simulated_weeks():
    """docs/WORKLOAD.md "Validation": steady volume per FTE with 4 % weekly noise, watched for
    16 weeks after the 8-week baseline, rarely raises a warning; a 15 % step is caught within
    six weeks almost always (seeded simulation, 400 series each)."""
    import numpy as np

    rng = np.random.default_rng(17)
    index = weeks(26)
    false_alarms, caught = 0, 0
    for _ in range(400):
        steady = pd.Series(100 * (1 + rng.normal(0, 0.04, 26)), index=index)
        false_alarms += any(derive.early_warning(steady.iloc[:n]) for n in range(11, 27))
        step = steady.copy()
        step.iloc[13:] *= 1.15
        caught += any(derive.early_warning(step.iloc[:n]) for n in range(14, 20))
    assert false_alarms / 400 < 0.05
    assert caught / 400 > 0.9
