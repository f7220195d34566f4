import pytest

from bench.sentiment_speed import measure
from sentiment.evaluate import (
    HOLDOUT_FILE,
    datasets_dir,
    evaluate,
    format_table,
    load_ground_truth,
    load_workplace,
    metrics,
)


def test_metrics_match_a_hand_computed_example():
    gold = ["pos", "pos", "neg", "neg", "neu"]
    pred = ["pos", "neg", "neg", "neg", "pos"]
    # pos: P=1/2 R=1/2 F=0.5; neg: P=2/3 R=1 F=0.8; neu: F=0 -> macro 0.4333
    result = metrics(gold, pred, [1.0, 2.0, 3.0], [2.0, 4.0, 6.0])
    assert result["accuracy"] == pytest.approx(3 / 5)
    assert result["macro_f1"] == pytest.approx((0.5 + 0.8 + 0.0) / 3)
    assert result["pearson"] == pytest.approx(1.0)


def test_labelled_sets_are_large_varied_and_use_the_four_labels():
    tuned_on = load_workplace()
    held_out = load_workplace(HOLDOUT_FILE)
    assert len(tuned_on) >= 300 and len(held_out) >= 80
    assert {e.label for e in tuned_on} == {"negative", "neutral", "positive", "mixed"}
    assert not {e.text for e in tuned_on} & {e.text for e in held_out}
    lengths = sorted(len(e.text) for e in tuned_on)
    assert lengths[0] < 10 and lengths[-1] > 100


def test_tuned_engine_beats_vanilla_by_ten_macro_f1_points_on_workplace_text():
    (result,) = evaluate(["workplace"])
    assert result.tuned["macro_f1"] - result.vanilla["macro_f1"] >= 0.10
    assert f"| workplace | {result.size} |" in format_table([result])


@pytest.mark.skipif(
    not (datasets_dir() / "vader-groundtruth").exists(), reason="shared datasets not present"
)
def test_correlation_on_vader_ground_truth_drops_at_most_one_point():
    assert len(load_ground_truth("tweets")) == 4200
    for result in evaluate(["tweets", "amazonReviewSnippets"]):
        assert result.tuned["pearson"] >= result.vanilla["pearson"] - 0.01, result.name


def test_speed_bench_reports_all_engines():
    result = measure(count=30, rounds=1)
    assert set(result) == {
        "texts",
        "tuned_per_s",
        "tuned_full_per_s",
        "nltk_stock_per_s",
        "vadersentiment_per_s",
    }
    assert result["texts"] == 30 and all(v > 0 for v in result.values())
