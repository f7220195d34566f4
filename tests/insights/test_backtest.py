"""The retention backtest: rank statistics on hand values, the roster counts, and the whole
backtest on organisations whose leavers are known (docs/METRICS.md "Backtest")."""

import datetime as dt

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from insights import backtest as bt
from insights import rankstats
from org.access import AccessDenied
from tests.conftest import DEMO_TODAY, PROJECT_ROOT
from tests.helpers import sign_in_as
from tests.insights.fixtures import ADMIN, leader_of


def test_ranks_share_ties_and_spearman_matches_a_hand_computation():
    assert rankstats.ranks([10, 20, 20, 30]).tolist() == [1.0, 2.5, 2.5, 4.0]
    # y ranks 1, 2, 3.5, 5, 3.5; deviations from 3: (-2,-1,0,1,2) and (-2,-1,.5,2,.5):
    # rho = 8 / sqrt(10 * 9.5) = 0.82078 (scipy.stats.spearmanr gives the same).
    assert rankstats.spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) == pytest.approx(8 / 95**0.5)
    assert rankstats.spearman([1, 2], [1, 2]) is None  # too few pairs
    assert rankstats.spearman([1, 2, 3], [4, 4, 4]) is None  # no variation


def test_members_and_leavers_count_the_roster_on_the_day_and_the_90_days_after():
    origin = dt.date(2026, 7, 1)
    spells = [
        (1, "2020-01-01", None),  # stays
        (1, "2020-01-01", "2026-09-29"),  # leaves on day 90: counted
        (1, "2020-01-01", "2026-09-30"),  # day 91: a member, not a leaver
        (1, "2020-01-01", "2026-07-01"),  # left on the origin: not a member
        (1, "2026-07-02", "2026-08-01"),  # joined after the origin: not a member
        (2, "2025-01-01", "2026-07-15"),
        (None, "2020-01-01", None),  # no team
    ]
    assert bt.members_and_leavers(spells, origin) == {1: (3, 1), 2: (1, 1)}


def test_origins_step_back_four_weeks_from_the_latest_complete_follow_up():
    today = dt.date(2026, 11, 25)
    # today - 90 = 27 Aug; then 30 Jul, 2 Jul; 4 Jun is before the first round closed.
    assert bt.origins(dt.date(2026, 6, 5), today) == [
        dt.date(2026, 7, 2),
        dt.date(2026, 7, 30),
        dt.date(2026, 8, 27),
    ]
    assert bt.origins(dt.date(2026, 10, 1), today) == []


def generated_rows(linked: bool, teams: int = 30, origins: int = 3, seed: int = 1):
    """A generated organisation: each team has a latent state; its signal is that state seen
    with noise; its leavers are drawn from a hazard that rises as the state falls (``linked``)
    or from the same hazard for every team (random departures)."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    state = rng.normal(0, 1, teams)
    rows = []
    for o in range(origins):
        for t in range(teams):
            members = 20
            p = 0.08 * np.exp(0.7 * state[t]) if linked else 0.08
            leavers = int(rng.binomial(members, min(p, 1.0)))
            rows.append(
                {
                    "origin": dt.date(2026, 1, 1) + dt.timedelta(days=28 * o),
                    "origin_index": o,
                    "team": f"T{t}",
                    "group": t,
                    "signal": 20 + 6 * state[t] + rng.normal(0, 3),
                    "members": members,
                    "left in 90 days": leavers,
                    "left %": 100 * leavers / members,
                }
            )
    return pd.DataFrame(rows)


def test_backtest_finds_departures_that_depend_on_latent_state():
    result = bt.summarise(generated_rows(linked=True))
    assert result.rho > 0.3 and result.p_value < 0.01
    assert result.interval[0] > 0
    assert bt.Backtest.rate(result.top) > bt.Backtest.rate(result.rest)


def test_backtest_finds_nothing_when_departures_are_random():
    result = bt.summarise(generated_rows(linked=False))
    assert abs(result.rho) < 0.2 and result.p_value > 0.05
    assert result.interval[0] < 0 < result.interval[1]


def test_backtest_on_the_demo_reads_released_signals_and_roster_leavers(demo_db):
    result = bt.backtest(demo_db, ADMIN, DEMO_TODAY)
    rows = result.rows
    # A year of pulses: origins every 28 days back from today - 90 while a round had closed.
    last = dt.date(2026, 8, 27)
    assert result.origins == [last - dt.timedelta(days=28 * i) for i in range(9, -1, -1)]
    # Release of Information (4 people) is never shown, so it has no signal and no row;
    # departments are not teams.
    assert "Release of Information" not in set(rows["team"])
    assert not {"Patient Access", "Revenue Cycle", "Health Information"} & set(rows["team"])
    assert rows["retention risk"].str.match(r"^(Low|Elevated|High) \(95 % interval").all()
    # Members and leavers are the roster's, counted by hand for Billing at the last origin.
    origin = dt.date(2026, 8, 27)
    billing = rows[(rows["team"] == "Billing") & (rows["origin"] == origin)].iloc[0]
    members, leavers = demo_db.execute(
        "SELECT sum(start_date <= :o AND (left_date IS NULL OR left_date > :o)), "
        "sum(start_date <= :o AND left_date > :o AND left_date <= :e) FROM employees e "
        "JOIN teams t ON t.id = e.team_id WHERE t.name = 'Billing'",
        {"o": origin.isoformat(), "e": (origin + dt.timedelta(days=90)).isoformat()},
    ).fetchone()
    assert (billing["members"], billing["left in 90 days"]) == (members, leavers)
    # Issue 14, done when: a positive, significant rank correlation on the demo (the
    # departure model reads latent state and team mood, never a survey figure).
    assert result.rho > 0 and result.p_value < 0.05 and result.interval[0] > 0


def test_backtest_is_for_administrators_only(demo_db):
    with pytest.raises(AccessDenied):
        bt.backtest(demo_db, leader_of(demo_db, "Billing"), DEMO_TODAY)


def test_backtest_page_shows_the_correlation_to_an_administrator(demo_db_path):
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    sign_in_as(at, "admin").run()
    at.switch_page("app_pages/admin_backtest.py").run()
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert labels[0] == "Spearman rank correlation"
    assert "p-value (one-sided, teams permuted)" in labels
    table = at.dataframe[0].value
    assert {"team", "retention risk", "members", "left in 90 days"} <= set(table.columns)
    assert "signal" not in table.columns  # bands, never the decimal


def test_backtest_page_refuses_a_leader(demo_db_path):
    at = AppTest.from_file(str(PROJECT_ROOT / "app_pages" / "admin_backtest.py"))
    sign_in_as(at, "billing-leader").run()
    assert [e.value for e in at.error] == ["You do not have access to this page."]
    assert not at.dataframe and not at.metric
