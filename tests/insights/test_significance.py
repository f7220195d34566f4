"""Tests of change and the false discovery rate, against values computed by hand."""

import pytest

from insights.measures import measure
from insights.significance import benjamini_hochberg, change_p_value
from insights.source import Counts


def test_two_proportions_pooled_z_test():
    # Burnout 10 of 50 -> 20 of 50: pooled p = 0.3, SE = sqrt(0.3 x 0.7 x (2 / 50))
    # = 0.091652, z = 0.2 / 0.091652 = 2.1822, two-sided p = 0.0291 (Agresti 2013, 3.1.3).
    p = change_p_value(measure("burnout"), Counts(10, 30, 50), Counts(20, 20, 50))
    assert p == pytest.approx(0.0291, abs=1e-4)


def test_an_index_is_tested_on_people_not_answers():
    # 20 of 40 answers from 20 people -> 30 of 40 from 20: the same shares on 20 people
    # each (z = 0.25 / sqrt(0.625 x 0.375 x 0.1) = 1.633, p = 0.1025), not on 40.
    p = change_p_value(measure("engagement"), Counts(20, 5, 40, 20), Counts(30, 2, 40, 20))
    assert p == pytest.approx(0.1025, abs=1e-4)


def test_enps_change_uses_the_variance_of_a_difference_of_shares():
    # +30 (5 promoters, 2 detractors of 10) -> -40 (1, 5 of 10):
    # variances 0.061 and (0.6 - 0.16) / 10 = 0.044, z = 0.7 / sqrt(0.105) = 2.1602,
    # two-sided p = 0.03075.
    p = change_p_value(measure("enps"), Counts(5, 2, 10), Counts(1, 5, 10))
    assert p == pytest.approx(0.03075, abs=1e-4)


def test_no_answers_or_no_sampling_model_means_no_test():
    assert change_p_value(measure("burnout"), Counts(), Counts(1, 0, 5)) is None
    assert change_p_value(measure("retention_risk"), Counts(1, 0, 5), Counts(1, 0, 5)) is None
    # All to all: no variation at all, no change.
    assert change_p_value(measure("burnout"), Counts(5, 0, 5), Counts(5, 0, 5)) == 1.0


def test_benjamini_hochberg_adjusts_in_input_order():
    # Sorted 0.005, 0.01, 0.03, 0.04 with m = 4: 0.02, 0.02, 0.04, 0.04 (step-up minimum).
    assert benjamini_hochberg([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.02, 0.04, 0.04, 0.02])
    # The textbook example (Benjamini & Hochberg 1995, 15 p-values): four discoveries at 0.05.
    p = [
        0.0001,
        0.0004,
        0.0019,
        0.0095,
        0.0201,
        0.0278,
        0.0298,
        0.0344,
        0.0459,
        0.3240,
        0.4262,
        0.5719,
        0.6528,
        0.7590,
        1.0,
    ]
    assert sum(q <= 0.05 for q in benjamini_hochberg(p)) == 4
    assert benjamini_hochberg([]) == []
