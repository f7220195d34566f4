"""``make bench``: seed organisations at several sizes, time the page data work, submissions
and sentiment, and write bench/results.json and the table in docs/PERFORMANCE.md."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import pages, report, sentiment_speed, sign_in, submit
from bench.seeding import seed

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
WEEKS = 52
SCALES = (500, 5000, 20000)
HISTORY_CHECK = (5000, (26, 104))


def page_figures(path: Path) -> dict:
    """Page work in a fresh process, so its peak memory is its own."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.pages", str(path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_scale(folder: Path, employees: int, weeks: int, render: bool = True) -> dict:
    path = folder / f"org-{employees}-{weeks}.db"
    print(f"seeding {employees} employees x {weeks} weeks ...", flush=True)
    figures = seed(path, employees, weeks)
    figures.update(page_figures(path))
    figures["duckdb_reference_s"] = pages.duckdb_reference(path)
    if render:
        from bench.render import overview_render_s  # Streamlit stays out of spawned writers

        figures["overview_render_s"] = overview_render_s(path)
    print(json.dumps(figures), flush=True)
    return figures


def main() -> int:
    quick = os.environ.get("BENCH_QUICK") == "1"
    scales = SCALES[:1] if quick else SCALES
    results: dict = {
        "measured_on": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "quick": quick,
        "scales": [],
    }
    with tempfile.TemporaryDirectory(prefix="vitals-bench-") as tmp:
        folder = Path(tmp)
        for employees in scales:
            results["scales"].append(run_scale(folder, employees, WEEKS))
            (folder / f"org-{employees}-{WEEKS}.db").unlink()
        if not quick:
            employees, histories = HISTORY_CHECK
            results["history"] = [
                run_scale(folder, employees, weeks, render=False) for weeks in histories
            ]
        print("submissions ...", flush=True)
        results["submit"] = submit.measure(folder, quick=quick)
        print("sign-in ...", flush=True)
        results["sign_in"] = sign_in.measure(
            folder, attempts=10 if quick else 30, submissions=40 if quick else 150
        )
        print(json.dumps(results["sign_in"]), flush=True)
    print("sentiment ...", flush=True)
    results["sentiment"] = sentiment_speed.measure(count=500 if quick else 2000)
    default = RESULTS if not quick else Path(tempfile.gettempdir()) / "vitals-bench-quick.json"
    target = Path(os.environ.get("BENCH_OUTPUT") or default)
    target.write_text(json.dumps(results, indent=2) + "\n")
    if not quick:
        report.write_performance_table(results)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
