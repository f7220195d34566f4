"""``python -m bench.load``: capacity of the real server (docs/PERFORMANCE.md).

    python -m bench.load --respondents 200 --processes 1 [--untuned] [--static] [--proxy]
    python -m bench.load --quick            # 10 respondents, tuned, through the proxy
    python -m bench.load --matrix           # the figures in docs/PERFORMANCE.md (~30 min)
    python -m bench.load --soak 2000        # memory over 2,000 sessions through one process

Results go to a JSON file (``--output``; the matrix writes bench/load/results.json and the
table in docs/PERFORMANCE.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import statistics
from pathlib import Path

from bench.load import report
from bench.load.run import run_scenario, run_soak

RESULTS = Path(__file__).with_name("results.json")
PROXIED_PROCESSES = 2
THINK_S = 30.0  # answering takes 15-45 s; 0 = everyone clicks at the same moment
# (label, processes, tuned, static, proxy, staff process, think seconds)
MATRIX = (
    ("1 process, untuned, websocket only", 1, False, False, False, False, THINK_S),
    ("1 process, untuned, with static files", 1, False, True, False, False, THINK_S),
    ("1 process, tuned, websocket only", 1, True, False, False, False, THINK_S),
    ("1 process, tuned, static from nginx", 1, True, True, True, False, THINK_S),
    (
        f"{PROXIED_PROCESSES} processes + 1 for staff behind nginx",
        PROXIED_PROCESSES,
        True,
        True,
        True,
        True,
        THINK_S,
    ),
    (
        f"{PROXIED_PROCESSES} + 1 behind nginx, all click at once",
        PROXIED_PROCESSES,
        True,
        True,
        True,
        True,
        0.0,
    ),
)


def _median_of(runs: list[dict]) -> dict:
    """Numbers: the median over repeats; the rest from the first run."""
    out = dict(runs[0])
    for key, value in runs[0].items():
        if isinstance(value, int | float) and not isinstance(value, bool):
            values = [r[key] for r in runs if r.get(key) is not None]
            middle = statistics.median(values) if values else None
            if middle is not None:
                middle = round(middle) if isinstance(value, int) else round(middle, 3)
            out[key] = middle
    for key in ("errors", "lost", "duplicates"):
        out[key] = max(r[key] for r in runs)  # the worst repeat, never a median
    out["repeats"] = len(runs)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--respondents", type=int, default=200)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--untuned", action="store_true", help="plain `streamlit run app.py`")
    parser.add_argument("--static", action="store_true", help="fetch the first visit's files")
    parser.add_argument("--proxy", action="store_true", help="behind nginx (deploy/nginx.conf)")
    parser.add_argument("--no-leader", action="store_true")
    parser.add_argument(
        "--staff", action="store_true", help="with --proxy: one more process for signed-in people"
    )
    parser.add_argument(
        "--think", type=float, default=0.0, help="seconds to answer (x0.5-1.5 each; 0: at once)"
    )
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--matrix", action="store_true")
    parser.add_argument("--soak", type=int, metavar="SESSIONS")
    parser.add_argument("--output", type=Path)
    parser.add_argument(
        "--flag",
        action="append",
        default=[],
        help="a further Streamlit option for every server, e.g. --flag=--runner.postScriptGC=false",
    )
    parser.add_argument("--report", action="store_true", help="only rewrite the docs table")
    parser.add_argument(
        "--only", help="with --matrix: rerun only the scenarios whose label matches this regex"
    )
    args = parser.parse_args(argv)
    results: dict = {
        "measured_on": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
    }
    if args.report:
        saved = json.loads(RESULTS.read_text())
        for scenario in saved["scenarios"]:
            scenario.update(_median_of(scenario["runs"]))
        RESULTS.write_text(json.dumps(saved, indent=2) + "\n")
        report.write_table(saved)
        return 0
    if args.matrix:
        results["scenarios"] = []
        kept = {}
        if args.only:  # the other scenarios keep their last figures
            saved = json.loads(RESULTS.read_text())
            kept = {s["label"]: s for s in saved["scenarios"]}
            results["soak"] = saved.get("soak")
            results["measured_on"] = saved["measured_on"]
            results["rerun"] = {"on": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
            results["rerun"]["only"] = args.only
        for label, processes, tuned, static, proxy, staff, think in MATRIX:
            if args.only and not re.search(args.only, label) and label in kept:
                results["scenarios"].append(kept[label])
                continue
            runs = [
                run_scenario(
                    args.respondents,
                    processes,
                    tuned,
                    static,
                    proxy,
                    staff=staff,
                    think_s=think,
                )
                for _ in range(max(args.repeat, 2))
            ]
            results["scenarios"].append({"label": label, **_median_of(runs), "runs": runs})
            RESULTS.write_text(json.dumps(results, indent=2) + "\n")
        if args.soak:
            results["soak"] = run_soak(args.soak)
        output = args.output or RESULTS
    elif args.soak:
        results["soak"] = run_soak(args.soak, tuned=not args.untuned)
        output = args.output or Path("/tmp/vitals-load-soak.json")
    else:
        respondents = 10 if args.quick else args.respondents
        proxy = args.proxy or args.quick
        runs = [
            run_scenario(
                respondents,
                args.processes,
                tuned=not args.untuned,
                static=args.static or args.quick,
                proxy=proxy,
                leader=not args.no_leader,
                staff=args.staff,
                think_s=args.think,
                flags=tuple(args.flag),
            )
            for _ in range(args.repeat)
        ]
        results["scenarios"] = [{"label": "command line", **_median_of(runs), "runs": runs}]
        output = args.output or Path("/tmp/vitals-load.json")
    output.write_text(json.dumps(results, indent=2) + "\n")
    if args.matrix and output == RESULTS:
        report.write_table(results)

    print(f"wrote {output}")
    bad = [s for s in results.get("scenarios", []) if s["lost"] or s["duplicates"] or s["errors"]]
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
