"""Measures against hand-computed values (docs/METRICS.md)."""

import pytest

from insights import measures as m
from insights.source import Counts
from tests.conftest import PROJECT_ROOT


def test_engagement_enps_burnout_on_hand_counts():
    # 10 engagement answers, 7 of them 4 or 5.
    assert m.engagement_score(7, 10) == pytest.approx(70.0)
    # 10 eNPS answers: 5 promoters (9-10), 3 detractors (0-6), 2 passives: 50 % - 30 %.
    assert m.enps(5, 3, 10) == pytest.approx(20.0)
    assert m.enps(0, 4, 4) == pytest.approx(-100.0)
    # 3 of 12 chose options 3-5.
    assert m.burnout_rate(3, 12) == pytest.approx(25.0)


def test_nothing_to_measure_is_none_not_zero():
    assert m.engagement_score(0, 0) is None
    assert m.enps(0, 0, 0) is None
    assert m.burnout_rate(0, 0) is None
    assert m.participation(0, 0) is None
    assert m.wilson_interval(0, 0) is None


def test_wilson_interval_matches_the_textbook_value():
    # 3 successes in 12 trials: Wilson 95 % interval 8.89 % to 53.23 %.
    low, high = m.wilson_interval(3, 12)
    assert low == pytest.approx(8.89, abs=0.01)
    assert high == pytest.approx(53.23, abs=0.01)
    # The interval never leaves 0-100, even at the extremes.
    assert m.wilson_interval(0, 5)[0] == 0.0
    assert m.wilson_interval(5, 5)[1] == pytest.approx(100.0)


def test_pearson_from_sums():
    xs, ys = [1, 2, 3, 4, 5], [2, 4, 5, 4, 5]
    moments = m.Moments()
    for x, y in zip(xs, ys, strict=True):
        moments = moments + m.Moments(1, x, y, x * x, y * y, x * y)
    # cov = 6, var x = 10, var y = 6 (sums of squared deviations): r = 6 / sqrt(60).
    assert m.pearson(moments) == pytest.approx(6 / 60**0.5)
    assert m.pearson(m.Moments(2, 3, 3, 5, 5, 5)) is None  # fewer than 3 pairs
    assert m.pearson(m.Moments(3, 6, 6, 12, 14, 12)) is None  # x never varies


def test_focus_areas_need_a_clearly_low_score_and_a_supported_impact():
    # r = 0.6 from 40 pairs: z = atanh(0.6) = 0.6931, se = 1 / sqrt(37) = 0.1644; with four
    # drivers the Bonferroni z is 2.4977 (1 - 0.05 / 8), lower r = tanh(0.2825) = 0.2752.
    strong = m.Moments(40, 0, 0, 40, 40, 24)  # var x = var y = 40, cov 24: r = 0.6
    weak = m.Moments(40, 0, 0, 40, 40, 4)  # r = 0.1: not supported
    drivers = {
        "tools": (Counts(8, 20, 40, 40), strong),  # 20 %: 95 % interval 10.5-34.8: clearly low
        "workload": (Counts(20, 10, 40, 40), strong),  # 50 %: 35.2-64.8 reaches 60: not clear
        "growth": (Counts(4, 30, 40, 40), weak),  # low, but its impact is not supported
        "manager": (Counts(36, 1, 40, 40), strong),  # scores well
    }
    assert m.impact_lower_bound(strong, 4) == pytest.approx(0.2752, abs=1e-4)
    assert m.focus_areas(drivers) == [("tools", 20.0, pytest.approx(0.6))]
    assert m.focus_areas({"tools": (Counts(8, 20, 40, 40), m.Moments(3, 0, 0, 2, 2, 1))}) == []


def test_a_driver_low_everywhere_is_the_organisations_not_the_teams_focus():
    # tools 20 % of 40: Wilson 95 % interval 10.5-34.8 (by hand: centre 0.2446, half-width
    # 0.1031). Against an organisation at 30 % it is not clearly below; at 40 % it is.
    strong = m.Moments(40, 0, 0, 40, 40, 24)
    tools = Counts(8, 20, 40, 40)
    assert not m.clearly_below(tools, 30.0) and m.clearly_below(tools, 40.0)
    assert m.clearly_below(tools, 34.9) and not m.clearly_below(tools, 34.7)
    assert m.focus_areas({"tools": (tools, strong)}, {"tools": 30.0}) == []
    assert [d for d, _, _ in m.focus_areas({"tools": (tools, strong)}, {"tools": 40.0})] == [
        "tools"
    ]
    # An organisation with no released score for the driver cannot vouch for it.
    assert m.focus_areas({"tools": (tools, strong)}, {}) == []
    assert not m.clearly_below(Counts(), 50.0) and not m.clearly_below(tools, None)


def test_importance_above_replaces_the_teams_own_impact_where_it_is_released():
    # Four drivers: an equal share is 25 %, half of it 12.5 %: a's interval starts at 30.
    shares = {"a": (50.0, 30.0, 70.0), "b": (30.0, 12.5, 45.0), "c": (15.0, 12.0, 20.0),
              "d": (5.0, 1.0, 9.0)}  # fmt: skip
    assert m.important_drivers(shares) == {"a", "b"}
    weak = m.Moments(40, 0, 0, 40, 40, 4)  # r = 0.1: not supported by the team's own data
    low = Counts(8, 20, 40, 40)  # 20 %: clearly low
    drivers = {"a": (low, weak), "c": (low, weak)}
    assert m.focus_areas(drivers) == []
    assert [d for d, _, _ in m.focus_areas(drivers, None, {"a", "b"})] == ["a"]


def test_at_most_three_focus_areas_most_urgent_first():
    strong = m.Moments(40, 0, 0, 40, 40, 24)
    drivers = {name: (Counts(high, 0, 40, 40), strong) for name, high in
               [("a", 4), ("b", 2), ("c", 6), ("d", 8)]}  # fmt: skip
    assert [d for d, _, _ in m.focus_areas(drivers)] == ["b", "a", "c"]


def test_participation_and_its_fall():
    assert m.participation(15, 20) == pytest.approx(75.0)
    assert m.participation_drop_risk(80.0, 70.0) == pytest.approx(50.0)  # 10 of 20 points
    assert m.participation_drop_risk(70.0, 80.0) == 0.0  # rising is no risk
    assert m.participation_drop_risk(90.0, 50.0) == 100.0  # capped
    assert m.participation_drop_risk(None, 50.0) is None


def test_retention_signal_weights_interval_and_band():
    # Hand computation (weights 2, 1, 1, 1 over 5):
    # value = (2*30 + 40 + 20 + 10) / 5 = 26; low = (2*20 + 30 + 10 + 10) / 5 = 18;
    # high = (2*45 + 55 + 35 + 10) / 5 = 38.
    signal = m.retention_signal(
        {
            "low_intent_to_stay": (30.0, 20.0, 45.0),
            "enps_detractors": (40.0, 30.0, 55.0),
            "burnout": (20.0, 10.0, 35.0),
            "falling_participation": (10.0, 10.0, 10.0),
        }
    )
    assert signal.value == pytest.approx(26.0)
    assert signal.interval == pytest.approx((18.0, 38.0))
    assert signal.band == "elevated"
    assert signal.text() == "Elevated (95 % interval 18-38)"
    assert signal.missing == ()


def test_retention_signal_renormalises_and_needs_intent_to_stay():
    # Without participation: (2*30 + 40 + 20) / 4 = 30.
    signal = m.retention_signal(
        {
            "low_intent_to_stay": (30.0, 30.0, 30.0),
            "enps_detractors": (40.0, 40.0, 40.0),
            "burnout": (20.0, 20.0, 20.0),
            "falling_participation": None,
        }
    )
    assert signal.value == pytest.approx(30.0)
    assert signal.missing == ("falling_participation",)
    assert [row["factor"] for row in signal.factor_rows()] == [
        "Low intent to stay",
        "eNPS detractors",
        "Burnout",
    ]
    # Intent to stay is the strongest input: without it there is no signal, not a guess.
    no_intent = m.retention_signal({"burnout": (50.0, 40.0, 60.0)})
    assert no_intent.value is None and no_intent.text() == "–"


@pytest.mark.parametrize(
    ("value", "band"),
    [(0.0, "low"), (19.99, "low"), (20.0, "elevated"), (34.9, "elevated"), (35.0, "high")],
)
def test_retention_bands_cut_at_20_and_35(value, band):
    assert m.retention_band(value) == band


def test_share_factor_is_the_share_with_its_wilson_interval():
    # 3 of 12: 25 % with the Wilson interval 8.89-53.23 % (the textbook value above).
    value, low, high = m.share_factor(3, 12)
    assert value == pytest.approx(25.0)
    assert (low, high) == pytest.approx((8.89, 53.23), abs=0.01)
    assert m.share_factor(0, 0) is None


# --- one record per measure ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "counts", "value", "interval", "text", "concern"),
    [
        # 7 of 10 favourable: Wilson (Newcombe 1998, table I method 3) 39.7-89.2 %.
        ("engagement", Counts(7, 1, 10), 70.0, (39.68, 89.22), "70 %", 30.0),
        # An index: 14 of 20 answers favourable from 10 people: the interval is the one of
        # 10 independent answers (7 of 10), not of 20.
        ("engagement", Counts(14, 2, 20, 10), 70.0, (39.68, 89.22), "70 %", 30.0),
        # 5 promoters, 2 detractors of 10: eNPS +30; variance (0.5 + 0.2 - 0.3^2) / 10
        # = 0.061, so +30 +- 1.96 x 24.70 = -18.4 .. 78.4.
        ("enps", Counts(5, 2, 10), 30.0, (-18.41, 78.41), "+30", 35.0),
        ("burnout", Counts(3, 6, 10), 30.0, (10.78, 60.32), "30 %", 30.0),
        # "Low intent to stay" is the share of LOW answers (disagree), and a rise is bad.
        ("stay", Counts(6, 2, 10), 20.0, (5.67, 50.98), "20 %", 20.0),
        ("driver:workload", Counts(4, 4, 8), 50.0, (21.52, 78.48), "50 %", 50.0),
        ("participation", Counts(12, 8, 20), 60.0, (38.66, 78.12), "60 %", 40.0),
    ],
)
def test_each_measure_record_gives_value_interval_text_and_concern(
    key, counts, value, interval, text, concern
):
    record = m.measure(key)
    assert record.value(counts) == pytest.approx(value)
    assert record.interval(counts) == pytest.approx(interval, abs=0.01)
    assert record.text(record.value(counts)) == text
    assert record.concern(record.value(counts)) == pytest.approx(concern)


def test_measure_records_cover_what_pages_name_and_unknown_keys_fail():
    from insights.changes import ALERT_MEASURES
    from insights.views import HEATMAP_MEASURES, TREND_MEASURES

    for key in (*HEATMAP_MEASURES, *TREND_MEASURES, *ALERT_MEASURES):
        assert m.measure(key).key == key
    assert m.measure("retention_risk").text(42.4) == "High"  # a band, never "42.4"
    assert m.measure("retention_risk").text(12.0) == "Low"
    assert m.measure("enps").text(None) == "–"
    assert m.measure("driver:workload").in_sentence() == "Workload and staffing driver"
    with pytest.raises(KeyError, match="Unknown measure"):
        m.measure("happiness")


def test_every_measure_is_documented_in_metrics_md():
    metrics = (PROJECT_ROOT / "docs" / "METRICS.md").read_text()
    for record in m.MEASURES.values():
        assert record.label in metrics, record.label


def test_interval_text_per_unit():
    assert m.measure("burnout").interval_text((10.78, 60.32)) == "95 % interval 11-60 %"
    assert m.measure("enps").interval_text((-18.41, 78.41)) == "95 % interval -18 to +78"
    assert m.measure("engagement").interval_text(None) == ""
