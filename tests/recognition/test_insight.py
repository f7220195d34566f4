"""Insight figures against the hand-computed small organisation (see small_org.py)."""

import datetime as dt

import pandas as pd
import pytest

from app_pages.common import DEMO_ADMIN
from org.access import AccessDenied
from recognition.insight import (
    coverage,
    cross_team_flows,
    cross_team_share,
    leaf_team_ids,
    overall_coverage,
    recognition_gap,
    recognitions_per_team_month,
    scoped_team_ids,
    teams_not_recognised_lately,
    values_distribution,
)
from tests.recognition.small_org import (
    ANN,
    AS_OF,
    DEPT,
    EMPTY,
    GUS,
    HAL,
    TEAM_A,
    TEAM_B,
    TEAM_C,
)

AUG1, NOV30 = dt.date(2026, 8, 1), dt.date(2026, 11, 30)


def test_coverage_counts_current_members_recognised_in_the_window(org):
    table = coverage(org, [TEAM_A, TEAM_B, TEAM_C, DEPT, EMPTY], AS_OF).set_index("team_id")
    # A: Ann, Bob, Cat; Bob (nominations 1, 2) and Cat (4, 2026-08-28) recognised.
    assert table.loc[TEAM_A, ["members", "recognised"]].tolist() == [3, 2]
    assert table.loc[TEAM_A, "coverage"] == pytest.approx(2 / 3)
    # B: Eve's nomination is on the boundary day (excluded), Dan's is after as_of.
    assert table.loc[TEAM_B, ["members", "recognised"]].tolist() == [2, 0]
    # C: Fay left before as_of, so only Gus counts, and nobody recognised him.
    assert table.loc[TEAM_C, ["members", "recognised"]].tolist() == [1, 0]
    # Dept includes its teams: Hal + A + B = 6 people, 2 recognised.
    assert table.loc[DEPT, ["members", "recognised"]].tolist() == [6, 2]
    assert table.loc[EMPTY, "members"] == 0 and pd.isna(table.loc[EMPTY, "coverage"])


def test_recognition_gap_is_share_not_recognised_and_skips_empty_teams(org):
    gap = recognition_gap(org, [TEAM_A, TEAM_B, TEAM_C, DEPT, EMPTY], AS_OF)
    assert gap == pytest.approx({TEAM_A: 1 / 3, TEAM_B: 1.0, TEAM_C: 1.0, DEPT: 2 / 3})
    assert all(isinstance(k, int) and isinstance(v, float) for k, v in gap.items())


def test_recognition_gap_window_length_moves_the_boundary(org):
    # 91 days reaches back to 2026-08-27 inclusive: Eve's nomination now counts.
    assert recognition_gap(org, [TEAM_B], AS_OF, days=91) == {TEAM_B: 0.5}
    # 30 days (after 2026-10-26): only nomination 1 (Bob) is inside.
    assert recognition_gap(org, [TEAM_A], AS_OF, days=30) == pytest.approx({TEAM_A: 2 / 3})


def test_teams_not_recognised_lately_with_last_recognition(org):
    quiet = teams_not_recognised_lately(org, [TEAM_A, TEAM_B, TEAM_C, EMPTY], AS_OF)
    assert quiet.to_dict("records") == [
        {"team_id": TEAM_B, "team": "Team B", "members": 2, "last_recognised": "2026-08-27"},
        {"team_id": TEAM_C, "team": "Team C", "members": 1, "last_recognised": None},
    ]


def test_recognitions_per_team_month_includes_zero_months(org):
    table = recognitions_per_team_month(org, [TEAM_A, TEAM_B], AUG1, NOV30)
    counts = {(r.team_id, r.month): r.recognitions for r in table.itertuples()}
    assert counts == {
        (TEAM_A, "2026-08"): 1,
        (TEAM_A, "2026-09"): 0,
        (TEAM_A, "2026-10"): 1,
        (TEAM_A, "2026-11"): 1,
        (TEAM_B, "2026-08"): 1,
        (TEAM_B, "2026-09"): 0,
        (TEAM_B, "2026-10"): 0,
        (TEAM_B, "2026-11"): 1,
    }
    dept = recognitions_per_team_month(org, [DEPT], AUG1, NOV30)
    assert dept["recognitions"].tolist() == [2, 0, 1, 2]
    assert dept["days"].tolist() == [31, 30, 31, 30]


def test_a_month_only_partly_in_the_window_is_compared_per_30_days(org):
    """One day into December is not a drop to zero: its rate is per day seen."""
    table = recognitions_per_team_month(org, [DEPT], dt.date(2026, 11, 16), dt.date(2026, 12, 1))
    assert table[["month", "recognitions", "days"]].values.tolist() == [
        ["2026-11", 2, 15],
        ["2026-12", 0, 1],
    ]
    assert table["per_30_days"].tolist() == [4.0, 0.0]


def test_cross_team_flows_and_share(org):
    flows = cross_team_flows(org, [TEAM_A], AUG1, NOV30)
    assert sorted(map(tuple, flows.values.tolist())) == [
        ("Team A", "Team B", 1),
        ("Team B", "Team A", 1),
    ]
    assert cross_team_flows(org, [TEAM_C], AUG1, NOV30).empty
    share = cross_team_share(org, [TEAM_A], AUG1, NOV30)
    assert share["received"] == 3 and share["cross_team"] == 1
    assert share["share"] == pytest.approx(1 / 3)
    assert cross_team_share(org, [5], AUG1, NOV30)["share"] is None


def test_values_distribution_counts_citations_and_hides_unused_inactive_values(org):
    table = values_distribution(org, [TEAM_A], AUG1, NOV30)
    assert table.values.tolist() == [["Teamwork", 3], ["Patient first", 1]]
    everyone = values_distribution(org, [DEPT, TEAM_C], AUG1, NOV30)
    assert everyone.values.tolist() == [["Teamwork", 4], ["Patient first", 3]]


def test_leaf_teams_drop_departments(org):
    assert leaf_team_ids(org, [DEPT, TEAM_A, TEAM_B, TEAM_C]) == [TEAM_A, TEAM_B, TEAM_C]


def test_scope_limits_leaders_to_their_teams(org, as_viewer):
    assert scoped_team_ids(org, as_viewer(ANN)) == [TEAM_A]
    assert scoped_team_ids(org, as_viewer(HAL)) == [DEPT, TEAM_A, TEAM_B]
    assert scoped_team_ids(org, as_viewer(GUS)) == []
    assert scoped_team_ids(org, DEMO_ADMIN) == [1, 2, 3, 4, 5]
    with pytest.raises(AccessDenied):
        scoped_team_ids(org, as_viewer(ANN), [TEAM_B])


def test_billing_is_the_team_nobody_recognised_lately_in_the_demo(demo_db):
    from tests.conftest import DEMO_TODAY

    ids = [r[0] for r in demo_db.execute("SELECT id FROM teams")]
    names = dict(demo_db.execute("SELECT id, name FROM teams"))
    quiet = teams_not_recognised_lately(demo_db, ids, DEMO_TODAY)
    assert "Billing" in set(quiet["team"])
    gap = recognition_gap(demo_db, ids, DEMO_TODAY)
    billing = next(i for i, n in names.items() if n == "Billing")
    assert gap[billing] == 1.0
    assert min(gap.values()) < 1.0


def test_overall_coverage_counts_each_person_once(org):
    # Dept and Team A overlap: still Hal + A + B = 6 people, Bob and Cat recognised.
    assert overall_coverage(org, [DEPT, TEAM_A], AS_OF) == {
        "members": 6,
        "recognised": 2,
        "coverage": pytest.approx(1 / 3),
    }
    assert overall_coverage(org, [EMPTY], AS_OF)["coverage"] is None
