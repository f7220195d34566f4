"""One respondent: opens a personal link as a browser would, answers, submits.

Timings are from the moment the person opens the link: ``form_s`` when the form's submit
button arrives, ``thanks_s`` from the click to the thank-you. Between the two the person
reads and answers (``think_s``; the form says "about a minute").
"""

from __future__ import annotations

import asyncio
import random
import secrets
import time
from dataclasses import dataclass

from bench.load.http import Browser
from bench.load.protocol import Session, radio, text, trigger

THANK_YOU = "Thank you. Your answers are in."
ROUTE_COOKIE = "vitals_route"  # the proxy's sticky-session cookie (deploy/nginx.conf)
COMMENTS = (
    "The new rota works well, thanks for listening.",
    "Too many meetings this week and the phone system kept dropping calls.",
    "I would like more time for training; the backlog is stressful.",
)


@dataclass
class Outcome:
    token: str
    static_s: float | None = None  # the page and its static files fetched
    connected_s: float | None = None  # the websocket open
    form_s: float | None = None
    thanks_s: float | None = None
    thanked: bool = False
    static_files: int = 0
    static_bytes: int = 0
    error: str | None = None


def _is_form(kind: str, element) -> bool:
    return kind == "button" and element.is_form_submitter


def _is_thanks(kind: str, element) -> bool:
    return kind == "alert" and THANK_YOU in element.body


async def respond(
    base_url: str,
    token: str,
    static_paths: list[str] | None = None,
    comment: bool = False,
    seed: int = 0,
    think_s: float = 0.0,
    timeout: float = 600,
) -> Outcome:
    """Open ``?invite=token``, answer for ``think_s`` seconds, submit; never raises."""
    outcome = Outcome(token=token)
    started = time.perf_counter()
    cookies = {ROUTE_COOKIE: secrets.token_hex(8)}  # a returning browser already has one
    session = None
    try:
        if static_paths is not None:
            browser = Browser(base_url)
            await browser.get_all([f"/?invite={token}"])  # the page; the proxy sets its cookie
            await browser.get_all(static_paths)
            outcome.static_files, outcome.static_bytes = browser.files, browser.bytes
            outcome.static_s = time.perf_counter() - started
            cookies = browser.cookies or cookies
        session = Session(base_url, cookies=cookies, timeout=timeout)
        await session.connect()
        outcome.connected_s = time.perf_counter() - started
        run, form_at = await session.rerun(query_string=f"invite={token}", until=_is_form)
        if run.exception:
            raise RuntimeError(f"page raised: {run.exception}")
        if form_at is None:
            shown = " / ".join(run.texts())[:200]
            raise RuntimeError(f"no form: {shown}")
        outcome.form_s = form_at - started
        rng = random.Random(seed)
        widgets = [radio(r.id, rng.choice(list(r.options))) for r in run.of_kind("radio")]
        if comment:
            widgets += [text(t.id, rng.choice(COMMENTS)) for t in run.of_kind("text_area")]
        submit = [b for b in run.of_kind("button") if b.is_form_submitter][-1]
        widgets.append(trigger(submit.id))
        await asyncio.sleep(think_s)
        clicked = time.perf_counter()
        run, thanks_at = await session.rerun(
            query_string=f"invite={token}", widgets=widgets, until=_is_thanks
        )
        if thanks_at is None:
            shown = " / ".join(run.texts())[:200]
            raise RuntimeError(f"no thank-you: {run.exception or shown}")
        outcome.thanks_s = thanks_at - clicked
        outcome.thanked = True
    except Exception as error:  # noqa: BLE001 - counted and reported, never hidden
        outcome.error = f"{type(error).__name__}: {error}"[:300]
    finally:
        if session is not None:
            try:
                await session.close()
            except Exception:  # noqa: BLE001, S110 - already finished or failed
                pass
    return outcome
