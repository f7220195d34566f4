"""The load client answers pulses through a real server, and nothing is lost or doubled.

A benchmark is not a test; this keeps the capacity harness (bench/load, docs/PERFORMANCE.md
"Capacity of the real server") from rotting, on a small organisation: three respondents open
their links, answer (one with a comment) and submit while a leader opens the Overview.
"""

import os
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.load import prepare
from bench.load.run import run_scenario

SMALL = {"employees": 120, "weeks": 3}


@pytest.fixture(autouse=True)
def own_organisation(tmp_path_factory, monkeypatch):
    """A small organisation generated for this run, never one cached by an earlier version."""
    monkeypatch.setattr(prepare, "CACHE", tmp_path_factory.getbasetemp() / "load-orgs")


def scenario(*args, **kwargs) -> dict:
    """``run_scenario`` in a thread of its own: it runs its own asyncio loop, and a worker that
    ran a browser test before still holds Playwright's loop in the main thread."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run_scenario, *args, **kwargs).result()


def _check(result: dict, respondents: int) -> None:
    assert result["errors"] == 0, result["error_examples"]
    assert result["stored"] == respondents
    assert result["invitations_used"] == respondents
    assert result["thank_yous"] == respondents
    assert result["lost"] == 0
    assert result["duplicates"] == 0
    assert result["integrity"] == "ok"
    assert result["overview_errors"] == 0
    assert result["overview_idle_p50_s"] is not None


def test_three_respondents_through_the_tuned_server_are_stored_once_each():
    result = scenario(3, processes=1, tuned=True, **SMALL)
    _check(result, 3)
    assert result["form_p95_s"] is not None and result["thanks_p95_s"] is not None


def test_through_nginx_with_the_static_files_of_a_first_visit():
    if shutil.which("nginx") is None:  # .ci/run installs it; CI never skips quietly
        message = "nginx not installed: apt-get install nginx-light (or run .ci/run)"
        pytest.fail(message) if os.environ.get("CI") == "true" else pytest.skip(message)
    result = scenario(3, processes=2, tuned=True, static=True, proxy=True, staff=True, **SMALL)
    _check(result, 3)
    assert result["static_files"] > 50  # the page and its JS and CSS, from the proxy
