"""Submission under concurrency: 8 processes x 500 submissions on distinct personal links,
then a burst where every process submits the same links at once. Counts what was lost or
stored twice, and the latency of each submission as the submitting code sees it."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import queue
import random
import statistics
import time
import traceback
from pathlib import Path

from bench.seeding import BENCH_TODAY, seed
from storage import connect, write_transaction
from storage.seal import stored_responses
from surveys.answering import LinkProblem, round_questions, submit_with_token
from surveys.rounds import create_round
from surveys.scales import SCALES
from surveys.tokens import hash_token

WRITERS = 8
PER_WRITER = 500
BURST_LINKS = 100


def _prepare(path: Path, links_needed: int) -> tuple[list[str], dict[str, int]]:
    """Open enough extra rounds for ``links_needed`` fresh links, with tokens we know."""
    seed(path, employees=520, weeks=2)
    db = connect(path)
    template_id = db.execute("SELECT id FROM templates WHERE name = 'Weekly pulse'").fetchone()[0]
    tokens: list[str] = []
    token_round: dict[str, int] = {}
    number = 0
    while len(tokens) < links_needed:
        number += 1
        round_id = create_round(
            db,
            template_id,
            BENCH_TODAY,
            BENCH_TODAY + dt.timedelta(days=4),
            actor="bench",
            period=f"bench-{number}",
        )
        ids = [
            r[0] for r in db.execute("SELECT id FROM invitations WHERE round_id = ?", [round_id])
        ]
        fresh = [f"bench-{round_id}-{invitation}" for invitation in ids]
        with write_transaction(db):
            db.conn.executemany(
                "UPDATE invitations SET token_hash = ? WHERE id = ?",
                [(hash_token(t), i) for t, i in zip(fresh, ids, strict=True)],
            )
        tokens += fresh
        token_round.update(dict.fromkeys(fresh, round_id))
    db.close()
    return tokens, token_round


def _answers_for(path: Path, round_ids: set[int]) -> dict[int, dict[str, int]]:
    db = connect(path)
    out = {}
    for round_id in round_ids:
        out[round_id] = {
            q.id: max(SCALES[q.scale].values)
            for q in round_questions(db, round_id)
            if q.scale in SCALES
        }
    db.close()
    return out


def _writer(path: str, jobs: list[tuple[str, dict]], start: mp.Event, out: mp.Queue) -> None:
    """One submitting process; reports its counts, or the error that stopped it."""
    try:
        from sentiment.analysis import analyse

        db = connect(path)
        rng = random.Random(len(jobs))
        analyse("Warm up the engine before the clock starts.")  # lexicons load once per process
        start.wait()
        ok, refused, latencies = 0, 0, []
        for token, answers in jobs:
            comment = "Busy week but the team pulled together." if rng.random() < 0.25 else None
            began = time.perf_counter()
            try:
                submit_with_token(db, token, answers, comment, today=BENCH_TODAY)
                ok += 1
            except LinkProblem:
                refused += 1
            latencies.append((time.perf_counter() - began) * 1000)
        db.close()
        out.put((ok, refused, latencies))
    except BaseException:  # noqa: BLE001 - the parent must hear about it, not wait forever
        out.put(traceback.format_exc())


def _collect(procs: list, out, deadline_s: float = 600.0) -> list:
    """Every writer's report; a writer that exits without one (killed, crashed in start-up)
    is named with its exit code instead of leaving the harness waiting."""
    results: list = []
    ends = time.monotonic() + deadline_s
    while len(results) < len(procs):
        try:
            results.append(out.get(timeout=1.0))
            continue
        except queue.Empty:
            pass
        silent = [p for p in procs if not p.is_alive()]
        if len(silent) > len(results) or time.monotonic() > ends:
            time.sleep(1.0)  # a report may still be in the pipe of a writer that just exited
            while not out.empty():
                results.append(out.get())
            if len(results) < len(procs):
                codes = [p.exitcode for p in procs]
                for proc in procs:
                    proc.kill()
                raise RuntimeError(
                    f"{len(procs) - len(results)} submitting process(es) stopped without "
                    f"reporting; exit codes {codes}"
                )
    return results


def _run(path: Path, job_lists: list[list[tuple[str, dict]]]) -> tuple[int, int, list[float]]:
    ctx = mp.get_context("spawn")
    start, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(str(path), jobs, start, out)) for jobs in job_lists]
    for proc in procs:
        proc.start()
    time.sleep(1.0)
    start.set()
    results = _collect(procs, out)
    errors = [r for r in results if isinstance(r, str)]
    if errors:
        raise RuntimeError(f"a submitting process failed:\n{errors[0]}")
    for proc in procs:
        proc.join()
    ok = sum(r[0] for r in results)
    refused = sum(r[1] for r in results)
    return ok, refused, [lat for r in results for lat in r[2]]


def measure(folder: Path, quick: bool = False) -> dict:
    """``quick`` keeps the shape (8 writers, a burst) with 25 submissions each."""
    per_writer = 25 if quick else PER_WRITER
    path = folder / "submit.db"
    tokens, token_round = _prepare(path, WRITERS * per_writer + BURST_LINKS)
    answers = _answers_for(path, set(token_round.values()))
    distinct = tokens[: WRITERS * per_writer]
    burst = tokens[WRITERS * per_writer : WRITERS * per_writer + BURST_LINKS]
    job_lists = [
        [(t, answers[token_round[t]]) for t in distinct[w::WRITERS]] for w in range(WRITERS)
    ]
    ok, refused, latencies = _run(path, job_lists)
    burst_lists = [[(t, answers[token_round[t]]) for t in burst] for _ in range(WRITERS)]
    burst_ok, burst_refused, _ = _run(path, burst_lists)

    db = connect(path)
    bench_rounds = sorted(set(token_round.values()))
    marks = ",".join("?" * len(bench_rounds))
    stored = stored_responses(db, bench_rounds)
    used = db.execute(
        f"SELECT count(*) FROM invitations WHERE round_id IN ({marks}) AND used = 1", bench_rounds
    ).fetchone()[0]
    integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    db.close()
    expected = len(distinct) + len(burst)
    quantiles = statistics.quantiles(latencies, n=100)
    return {
        "writers": WRITERS,
        "submissions": len(distinct),
        "accepted": ok + burst_ok,
        "burst_attempts": WRITERS * len(burst),
        "burst_accepted": burst_ok,
        "lost": max(0, expected - stored),
        "duplicates": max(0, stored - used) + max(0, burst_ok - len(burst)),
        "refused_in_first_phase": refused,
        "integrity": integrity,
        "p50_ms": round(statistics.median(latencies), 2),
        "p99_ms": round(quantiles[98], 2),
    }


if __name__ == "__main__":
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(measure(Path(tmp)), indent=2))
