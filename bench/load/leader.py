"""A leader opening the Overview, as a new tab would: a websocket with the session cookie,
one run of the page, until it finishes. Timed from connecting to ``script_finished``."""

from __future__ import annotations

import asyncio
import secrets
import time

from bench.load.protocol import Session
from bench.load.respondent import ROUTE_COOKIE

OVERVIEW = "overview"


async def open_overview(base_url: str, cookies: dict[str, str], timeout: float = 300) -> float:
    started = time.perf_counter()
    session = Session(base_url, cookies=cookies, timeout=timeout)
    await session.connect()
    try:
        run, _ = await session.rerun(page_name=OVERVIEW)
    finally:
        await session.close()
    if run.exception:
        raise RuntimeError(f"overview raised: {run.exception}")
    if not any(h.body == "Overview" for h in run.of_kind("heading")):
        raise RuntimeError(f"no overview (signed out?): {' / '.join(run.texts())[:200]}")
    return run.finished_at - started


def leader_cookies(session_cookies: dict[str, str]) -> dict[str, str]:
    """One browser: its Vitals session cookie and the proxy's route cookie."""
    return {**session_cookies, ROUTE_COOKIE: secrets.token_hex(8)}


async def keep_opening(
    base_url: str, cookies: dict[str, str], stop: asyncio.Event, pause: float = 0.5
) -> tuple[list[float], list[str]]:
    """Open the Overview again and again (``pause`` apart) until ``stop`` is set."""
    times: list[float] = []
    errors: list[str] = []
    while not stop.is_set():
        try:
            times.append(await open_overview(base_url, cookies))
        except Exception as error:  # noqa: BLE001 - counted and reported
            errors.append(f"{type(error).__name__}: {error}"[:200])
        try:
            await asyncio.wait_for(stop.wait(), pause)
        except TimeoutError:
            pass
    return times, errors
