"""Sign-in: time for an unknown login against a known one (wrong password), with production
argon2 parameters, and survey submissions' latency while four processes hammer sign-in.

    .venv/bin/python -m bench.sign_in [--attempts 30] [--submissions 150]

Timing figures belong here and in docs/PERFORMANCE.md, never in a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import statistics
import tempfile
import time
from pathlib import Path

TODAY = dt.date(2026, 11, 25)
KNOWN = "ana@example.org"


def _hammer(path: str, stop_at: float) -> None:
    os.environ.pop("VITALS_FAST_HASHING", None)
    from accounts.store import SignInError, authenticate
    from storage import connect

    db = connect(path)
    k = 0
    while time.time() < stop_at:
        try:
            authenticate(db, KNOWN if k % 2 else f"nobody{k}@example.org", "guess password 1")
        except SignInError:
            pass
        k += 1


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(folder: Path, attempts: int = 30, submissions: int = 150) -> dict:
    os.environ.pop("VITALS_FAST_HASHING", None)  # production parameters
    from accounts.store import SignInError, authenticate, create_account
    from demo.generate import generate_demo
    from storage import connect, migrate
    from surveys import links
    from surveys.answering import submit_with_token

    path = folder / "sign-in.db"
    db = connect(path)
    migrate(db)
    generate_demo(db, employees=400, weeks=2, today=TODAY)
    create_account(db, KNOWN, "the right password!", is_admin=True)
    timings: dict[str, list[float]] = {"unknown": [], "known": []}
    for k in range(attempts):
        for kind, login in (("unknown", f"nobody{k}@example.org"), ("known", KNOWN)):
            start = time.perf_counter()
            try:
                authenticate(db, login, f"wrong password {k}")
            except SignInError:
                pass
            timings[kind].append(time.perf_counter() - start)
    round_id = db.execute("SELECT max(id) FROM rounds").fetchone()[0]
    invitations = [
        r[0]
        for r in db.execute(
            "SELECT id FROM invitations WHERE round_id = ? AND used = 0 LIMIT ?",
            [round_id, 2 * submissions],
        )
    ]
    tokens = [links.reissue_token(db, i) for i in invitations]

    def submit_all(batch: list[str]) -> list[float]:
        spent = []
        for token in batch:
            start = time.perf_counter()
            submit_with_token(db, token, {"enps": 8}, "Busy week, good team.", today=TODAY)
            spent.append(time.perf_counter() - start)
        return spent

    quiet = submit_all(tokens[:submissions])
    stop_at = time.time() + 3600
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_hammer, args=(str(path), stop_at)) for _ in range(4)]
    for worker in workers:
        worker.start()
    time.sleep(2)  # let the flood start
    try:
        flooded = submit_all(tokens[submissions:])
    finally:
        for worker in workers:
            worker.terminate()
            worker.join()
    db.close()
    unknown, known = statistics.median(timings["unknown"]), statistics.median(timings["known"])
    return {
        "sign_in_unknown_median_ms": round(unknown * 1000, 1),
        "sign_in_known_median_ms": round(known * 1000, 1),
        "sign_in_difference_pct": round(100 * (unknown - known) / known, 1),
        "submit_p50_ms": round(statistics.median(quiet) * 1000, 1),
        "submit_p99_ms": round(_percentile(quiet, 0.99) * 1000, 1),
        "submit_p50_during_sign_in_flood_ms": round(statistics.median(flooded) * 1000, 1),
        "submit_p99_during_sign_in_flood_ms": round(_percentile(flooded, 0.99) * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--attempts", type=int, default=30)
    parser.add_argument("--submissions", type=int, default=150)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vitals-sign-in-") as folder:
        print(json.dumps(measure(Path(folder), args.attempts, args.submissions), indent=2))


if __name__ == "__main__":
    main()
