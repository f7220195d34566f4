"""Browser fixtures: the real app on a free port, driven by Debian's Chromium via Playwright.

A missing Chromium fails every browser test (never a skip): ``make test`` installs Debian's
Chromium first when it can, or stops with the command to run (``.ci/ensure-chromium``). Run
without them on purpose with ``pytest -m "not browser"``. Under pytest-xdist each worker starts
its own servers, each on a port the system hands out.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.conftest import PROJECT_ROOT, isolated_environment
from tests.insights.fixtures import score_comments

CHROMIUM = os.environ.get("VITALS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PortTaken(RuntimeError):
    """Streamlit found its port taken between choosing and binding it."""


class LiveApp:
    def __init__(self, db_path: Path, extra_env: dict[str, str] | None = None):
        self.db_path = db_path
        self.log = db_path.with_suffix(".log").open("w")
        env = {**os.environ, "VITALS_DB": str(db_path), **(extra_env or {})}
        for attempt in range(3):  # another worker may take the free port before Streamlit does
            self._start(env)
            try:
                self._wait_healthy()
                return
            except PortTaken:
                if attempt == 2:
                    raise

    def _start(self, env: dict[str, str]) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "deploy.serve",
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def _wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                if f"Port {self.port} is not available" in Path(self.log.name).read_text():
                    raise PortTaken(self.port)
                raise RuntimeError(f"streamlit exited early; see {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("streamlit did not become healthy in time")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `make chromium` (installs Debian's "
            "chromium as root) or `sudo apt-get install chromium fonts-dejavu-core`"
        )
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import expect, sync_playwright

    # A first render on a loaded machine (parallel workers, each with its servers) can take
    # longer than Playwright's 5 s default: the flake both serial and parallel runs showed.
    expect.set_options(timeout=20_000)

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True
        )
        yield instance
        instance.close()


class ScriptRuns:
    """Counts the app's finished script runs, read from the websocket (Streamlit's
    ``script_finished`` message), so a test waits for exactly the run its click started
    instead of sleeping (``after_rerun``)."""

    def __init__(self, page):
        self.finished = 0
        page.on("websocket", lambda socket: socket.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        if isinstance(payload, bytes):
            message = ForwardMsg.FromString(payload)
            if message.WhichOneof("type") == "script_finished" and message.script_finished in (
                ForwardMsg.FINISHED_SUCCESSFULLY,
                ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
            ):
                self.finished += 1


def after_rerun(page, action, timeout_s: float = 30) -> None:
    """Do ``action`` (a click) and return once the script run it started has been drawn."""
    runs: ScriptRuns = page.script_runs
    before = runs.finished
    action()
    ends = time.monotonic() + timeout_s
    while runs.finished <= before:
        if time.monotonic() > ends:
            raise AssertionError(f"no script run finished within {timeout_s} s")
        page.wait_for_timeout(20)  # lets Playwright deliver the websocket's frames
    page.wait_for_timeout(50)  # the last deltas reach the screen


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.script_runs = ScriptRuns(tab)
    tab.set_default_timeout(30_000)
    yield tab
    context.close()


@pytest.fixture
def live_app(demo_db_path) -> Iterator[LiveApp]:
    """The real app serving a private copy of the demo database."""
    app = LiveApp(demo_db_path)
    yield app
    app.stop()


def start_shared_app(
    demo_template, tmp_path_factory, name: str, env: dict[str, str] | None = None, prepare=None
) -> LiveApp:
    """A server over its own copy of the demo, for fixtures wider than one test: ``prepare``
    changes the copy first; the environment is a test's (tests/conftest.py)."""
    path = tmp_path_factory.mktemp(name) / "vitals.db"
    shutil.copy(demo_template, path)
    if prepare is not None:
        prepare(path)
    return LiveApp(path, {**isolated_environment(path, tmp_path_factory), **(env or {})})


@pytest.fixture(scope="session")
def shared_app(demo_template, tmp_path_factory) -> Iterator[LiveApp]:
    """One server per worker for the tests that only read, or check their own changes against
    the state just before them (a server's start costs about 2 s of CPU). Its database is
    ``shared_app.db_path``."""
    app = start_shared_app(demo_template, tmp_path_factory, "shared-app")
    yield app
    app.stop()


@pytest.fixture(scope="session")
def demo_mode_app(demo_template, tmp_path_factory) -> Iterator[LiveApp]:
    """The same in demo mode (the sidebar picks who one acts as), comments scored."""
    app = start_shared_app(
        demo_template,
        tmp_path_factory,
        "demo-mode-app",
        {"VITALS_DEMO_MODE": "1"},
        prepare=score_comments,
    )
    yield app
    app.stop()
