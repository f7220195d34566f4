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
    stock_label,
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


def _figure(rows, name, measure):
    (row,) = [r for r in rows if r.name == name and r.measure == measure]
    return row


def test_vitals_beats_stock_and_the_tuned_engine_alone_on_held_out_back_office_text():
    rows = evaluate(["workplace", "workplace-holdout", "attention-holdout"])
    held = _figure(rows, "attention-holdout", "macro-F1")
    assert held.vitals - held.stock >= 0.05 and held.vitals - held.tuned >= 0.05
    older = _figure(rows, "workplace-holdout", "macro-F1")
    assert older.vitals - older.stock >= 0.05 and older.vitals >= older.tuned
    complaints = _figure(rows, "attention-holdout", "complaints labelled negative")
    assert complaints.vitals > complaints.tuned > complaints.stock
    table = format_table(rows)
    assert "| attention-holdout |" in table and "stock VADER" in table


def test_stock_baseline_is_plain_vader_with_no_mixed_label():
    assert stock_label("My mentor is fantastic. The EHR is a disaster.")[0] != "mixed"
    label, compound = stock_label("good")
    assert (label, compound) == ("positive", 0.4404)


needs_shared = pytest.mark.skipif(
    not (datasets_dir() / "vader-groundtruth").exists(), reason="shared datasets not present"
)


@needs_shared
def test_correlation_on_vader_ground_truth_stays_within_a_point_of_the_tuned_engine():
    assert len(load_ground_truth("tweets")) == 4200
    for row in evaluate(["tweets", "amazonReviewSnippets"]):
        assert row.vitals >= row.tuned - 0.01, row.name


@needs_shared
def test_glassdoor_cons_are_caught_and_pros_kept():
    rows = evaluate(["glassdoor"], glassdoor_limit=1500)
    cons = _figure(rows, "glassdoor", "cons as complaint or negative")
    pros = _figure(rows, "glassdoor", "pros as praise or positive")
    assert cons.size == 1500 and cons.vitals >= 0.78 and cons.vitals - cons.stock >= 0.25
    assert pros.vitals >= 0.85


def test_speed_bench_reports_all_engines():
    result = measure(count=30, rounds=1)
    assert set(result) == {
        "texts",
        "tuned_per_s",
        "tuned_full_per_s",
        "nltk_stock_per_s",
        "stock_per_s",
        "full_vs_nltk",
    }
    assert result["texts"] == 30 and all(v > 0 for v in result.values())
