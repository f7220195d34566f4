"""One load scenario against the real server, and the long soak."""

from __future__ import annotations

import asyncio
import os
import random
import tempfile
import time
from pathlib import Path

from bench.load.leader import keep_opening, leader_cookies, open_overview
from bench.load.prepare import EMPLOYEES, WEEKS, prepare, tally
from bench.load.protocol import Session
from bench.load.record_static import load as static_paths
from bench.load.respondent import respond
from bench.load.servers import Cluster

COMMENT_EVERY = 3  # one respondent in three writes a comment


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return round(ordered[int(rank) - 1], 3)


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


async def _warm(cluster: Cluster, cookies: dict[str, str]) -> None:
    """What a server that has been up a while has done: one visit and one Overview each."""
    for url in cluster.backend_urls():
        session = Session(url)
        await session.connect()
        await session.rerun()
        await session.close()
        await open_overview(url, cookies)


def think_times(count: int, think_s: float, seed: int = 18) -> list[float]:
    """How long each person takes to answer: uniform between half and 1.5 times ``think_s``."""
    rng = random.Random(seed)
    return [rng.uniform(0.5, 1.5) * think_s for _ in range(count)]


async def _burst(cluster, prepared, static, leader, cookies, think_s) -> dict:
    thinking = think_times(len(prepared.tokens), think_s)
    paths = static_paths() if static else None
    cpu_idle = cluster.cpu()
    idle = [await open_overview(cluster.url, cookies) for _ in range(5)] if leader else []
    # What one Overview costs the process it runs on, to take the leader's visits out of
    # the respondents' CPU where both share a process.
    overview_cpu = (sum(cluster.cpu().values()) - sum(cpu_idle.values())) / max(len(idle), 1)
    stop = asyncio.Event()
    watcher = asyncio.create_task(keep_opening(cluster.url, cookies, stop)) if leader else None
    cpu_before, rss_before = cluster.cpu(), cluster.rss()
    client_cpu = time.process_time()
    started = time.perf_counter()
    outcomes = await asyncio.gather(
        *(
            respond(
                cluster.url,
                token,
                paths,
                comment=i % COMMENT_EVERY == 0,
                seed=i,
                think_s=thinking[i],
            )
            for i, token in enumerate(prepared.tokens)
        )
    )
    wall = time.perf_counter() - started
    client_cpu = time.process_time() - client_cpu
    cpu_after, rss_after = cluster.cpu(), cluster.rss()
    stop.set()
    busy, leader_errors = await watcher if watcher else ([], [])
    respondents_cpu = cpu_after["servers"] - cpu_before["servers"]
    if not cluster.staff_ports:
        respondents_cpu -= overview_cpu * len(busy)
    forms = [o.form_s for o in outcomes if o.form_s is not None]
    thanks = [o.thanks_s for o in outcomes if o.thanks_s is not None]
    errors = [o.error for o in outcomes if o.error]
    n = len(outcomes)
    return {
        "static_p50_s": percentile([o.static_s for o in outcomes if o.static_s], 50),
        "connected_p50_s": percentile([o.connected_s for o in outcomes if o.connected_s], 50),
        "form_p50_s": percentile(forms, 50),
        "form_p95_s": percentile(forms, 95),
        "form_max_s": percentile(forms, 100),
        "thanks_p50_s": percentile(thanks, 50),
        "thanks_p95_s": percentile(thanks, 95),
        "thanks_max_s": percentile(thanks, 100),
        "all_done_s": round(wall, 2),
        "respondents_per_s": round(n / wall, 2),
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:3],
        "static_files": outcomes[0].static_files,
        "static_mb": round(outcomes[0].static_bytes / 1e6, 2),
        "server_cpu_ms_per_respondent": round(1000 * respondents_cpu / n, 1),
        "overview_cpu_ms": round(1000 * overview_cpu, 1),
        "proxy_cpu_ms_per_respondent": round(
            1000 * (cpu_after["proxy"] - cpu_before["proxy"]) / n, 1
        ),
        "client_cpu_s": round(client_cpu, 2),
        "rss_before_mb": rss_before,
        "rss_after_mb": rss_after,
        "mb_per_session": round((sum(rss_after) - sum(rss_before)) / n, 2),
        "overview_idle_p50_s": percentile(idle, 50),
        "overview_idle_p95_s": percentile(idle, 95),
        "overview_busy_p50_s": percentile(busy, 50),
        "overview_busy_p95_s": percentile(busy, 95),
        "overview_busy_n": len(busy),
        "overview_errors": len(leader_errors),
        "thanked": sum(o.thanked for o in outcomes),
    }


def run_scenario(
    respondents: int,
    processes: int = 1,
    tuned: bool = True,
    static: bool = False,
    proxy: bool = False,
    leader: bool = True,
    staff: bool = False,
    think_s: float = 0.0,
    employees: int = EMPLOYEES,
    weeks: int = WEEKS,
    flags: tuple[str, ...] = (),
) -> dict:
    """Start the server(s), send ``respondents`` at once, check the database, stop."""
    label = {
        "respondents": respondents,
        "processes": processes,
        "server": "tuned" if tuned else "untuned",
        "static": static,
        "proxy": proxy,
        "staff_process": staff and proxy,
        "think_s": think_s,
        "flags": " ".join(flags),
    }
    print(f"scenario {label} ...", flush=True)
    with tempfile.TemporaryDirectory(prefix="vitals-load-") as tmp:
        folder = Path(tmp)
        prepared = prepare(folder, respondents, employees, weeks)
        cluster = Cluster(
            prepared.path, folder, processes, tuned=tuned, proxy=proxy, staff=staff, flags=flags
        )
        load_before = load_average()
        try:
            cluster.start()
            cookies = leader_cookies(prepared.leader_cookies)
            asyncio.run(_warm(cluster, cookies))
            figures = asyncio.run(_burst(cluster, prepared, static, leader, cookies, think_s))
        finally:
            cluster.stop()
        figures.update(tally(prepared, figures.pop("thanked")))
    result = {**label, **figures, "load_before": load_before, "load_after": load_average()}
    print(result, flush=True)
    return result


async def _soak(cluster, tokens, concurrency: int, every: int) -> list[dict]:
    queue: asyncio.Queue = asyncio.Queue()
    for i, token in enumerate(tokens):
        queue.put_nowait((i, token))
    samples = [{"sessions": 0, "rss_mb": cluster.rss()}]
    done = 0
    errors = 0

    async def visitor() -> None:
        nonlocal done, errors
        while not queue.empty():
            i, token = queue.get_nowait()
            outcome = await respond(cluster.url, token, comment=i % COMMENT_EVERY == 0, seed=i)
            errors += outcome.error is not None
            done += 1
            if done % every == 0:
                samples.append({"sessions": done, "rss_mb": cluster.rss(), "errors": errors})
                print(samples[-1], flush=True)

    await asyncio.gather(*(visitor() for _ in range(concurrency)))
    return samples


def run_soak(sessions: int, tuned: bool = True, concurrency: int = 20, settle_s: int = 150) -> dict:
    """``sessions`` respondents, ``concurrency`` at a time, through one process; its memory
    every 10 %, and again after Streamlit has dropped the disconnected sessions."""
    print(f"soak of {sessions} sessions ({'tuned' if tuned else 'untuned'}) ...", flush=True)
    with tempfile.TemporaryDirectory(prefix="vitals-soak-") as tmp:
        folder = Path(tmp)
        prepared = prepare(folder, sessions)
        cluster = Cluster(prepared.path, folder, 1, tuned=tuned)
        try:
            cluster.start()
            cookies = leader_cookies(prepared.leader_cookies)
            asyncio.run(_warm(cluster, cookies))
            started = time.perf_counter()
            samples = asyncio.run(
                _soak(cluster, prepared.tokens, concurrency, max(sessions // 10, 1))
            )
            wall = time.perf_counter() - started
            time.sleep(settle_s)  # server.disconnectedSessionTTL (120 s) and a margin
            settled = cluster.rss()
        finally:
            cluster.stop()
        counts = tally(prepared, sessions - samples[-1].get("errors", 0))
    return {
        "sessions": sessions,
        "server": "tuned" if tuned else "untuned",
        "concurrency": concurrency,
        "seconds": round(wall, 1),
        "samples": samples,
        "settled_rss_mb": settled,
        **counts,
    }
