"""The benchmark harness runs end to end in quick mode, so it never rots (``make bench-quick``,
run by CI after ``make test``; kept out of the test suite, whose time it was a quarter of)."""

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

SCALE_KEYS = {
    "employees",
    "weeks",
    "answers",
    "seed_s",
    "overview_s",
    "overview_after_answer_s",
    "publish_round_s",
    "team_page_s",
    "comments_page_s",
    "overview_render_s",
    "duckdb_reference_s",
    "peak_rss_mb",
}


def test_quick_benchmark_measures_every_figure(tmp_path):
    output = tmp_path / "results.json"
    env = {**os.environ, "BENCH_QUICK": "1", "BENCH_OUTPUT": str(output)}
    env.pop("VITALS_DB", None)
    run = subprocess.run(
        [sys.executable, "-m", "bench"],
        cwd=PROJECT_ROOT,
        env=env,
        timeout=900,
        capture_output=True,
        text=True,
    )
    # The harness's own traceback, not Streamlit's bare-mode warnings, is what CI must show.
    errors = [line for line in run.stderr.splitlines() if "ScriptRunContext" not in line]
    assert run.returncode == 0, "\n".join(errors[-60:] + run.stdout.splitlines()[-10:])
    results = json.loads(output.read_text())
    (scale,) = results["scales"]
    assert SCALE_KEYS <= set(scale)
    assert scale["weeks"] == 52 and 450 <= scale["employees"] <= 550
    assert scale["answers"] > 10_000
    assert all(scale[k] > 0 for k in ("overview_s", "duckdb_reference_s", "peak_rss_mb"))
    assert {"tuned_full_per_s", "nltk_stock_per_s", "full_vs_nltk"} <= set(results["sentiment"])
    submit = results["submit"]
    assert submit["writers"] == 8 and submit["submissions"] == 8 * 25
    assert (submit["lost"], submit["duplicates"], submit["integrity"]) == (0, 0, "ok")
    assert submit["burst_accepted"] == 100 and submit["p99_ms"] > 0
