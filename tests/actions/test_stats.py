"""The before/after statistics on hand-computed and published values."""

import math

import pytest

from actions.stats import Change, Share, difference, difference_in_differences, pooled


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [  # Newcombe (1998), Statistics in Medicine 17:873-890, Table II, method 10
        ((48, 80), (56, 70), (0.0524, 0.3339)),
        ((3, 10), (9, 10), (0.1705, 0.8090)),
        ((0, 29), (5, 56), (-0.0381, 0.1926)),
        ((0, 10), (10, 10), (0.6075, 1.0000)),
    ],
)
def test_the_change_has_newcombes_hybrid_score_interval(before, after, expected):
    change = difference(Share(*before, 1), Share(*after, 1))
    assert (round(change.low / 100, 4), round(change.high / 100, 4)) == expected


def test_answers_over_several_rounds_count_as_one_rounds_worth_of_people():
    # 4 of 12 answers over 2 rounds: the interval of 2 of 6, not of 4 of 12.
    over_two = Share(4, 12, 2)
    assert over_two.value == pytest.approx(100 / 3)
    assert over_two.interval == pytest.approx(Share(2, 6, 1).interval)
    assert over_two.interval != pytest.approx(Share(4, 12, 1).interval)


def test_a_window_without_released_answers_has_no_value_and_no_change():
    assert Share(0, 0, 0).value is None and Share(0, 0, 0).interval is None
    assert difference(Share(0, 0, 0), Share(3, 6, 1)) is None


def test_difference_in_differences_adds_the_two_intervals_by_mover():
    # Zou & Donner (2008): L = D - sqrt((d1 - l1)^2 + (u2 - d2)^2), U likewise.
    team, others = Change(20.0, 5.0, 30.0), Change(2.0, -4.0, 10.0)
    did = difference_in_differences(team, others)
    assert did.estimate == 18.0
    assert did.low == pytest.approx(18.0 - math.sqrt(15.0**2 + 8.0**2))  # 1.0
    assert did.high == pytest.approx(18.0 + math.sqrt(10.0**2 + 6.0**2))
    assert did.clear


def test_a_change_whose_interval_includes_zero_is_not_claimed():
    assert not Change(12.0, -3.0, 25.0).clear
    assert Change(-12.0, -25.0, -1.0).clear


def test_pooled_teams_add_answers_and_effective_samples():
    # A: 6 answers over 2 rounds (3 people), B: 10 answers over 1 round (10 people).
    pool = pooled([Share(3, 6, 2), Share(5, 10, 1)])
    assert (pool.hits, pool.total) == (8, 16)
    assert pool.effective_n == pytest.approx(13.0)
