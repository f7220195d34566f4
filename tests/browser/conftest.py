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
from contextlib import closing
from pathlib import Path

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from accounts.session import COOKIE_NAME, create_session
from accounts.store import find_account
from storage import connect
from tests.conftest import PROJECT_ROOT, isolated_environment

CHROMIUM = os.environ.get("VITALS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # V8 compiles every function to baseline code at once instead of interpreting it first:
    # Streamlit's React pages cost about a tenth less CPU to render (docs/PERFORMANCE.md).
    "--js-flags=--always-sparkplug",
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
        self.env = env = {**os.environ, "VITALS_DB": str(db_path), **(extra_env or {})}
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
                time.sleep(0.05)
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


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PHONE_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)


def _reused_tab(browser, **context_options):
    context = browser.new_context(**context_options)
    tab = context.new_page()
    tab.script_runs = ScriptRuns(tab)
    tab.set_default_timeout(30_000)
    return tab


def forget_visitor(tab) -> None:
    """Leave the tab as a returning visitor who cleared the browser's data would find it:
    no other tabs, no page open, no cookies, no local storage; the browser's cache of
    Streamlit's scripts stays (what makes a reused tab cheap)."""
    for other in tab.context.pages:
        if other is not tab:
            other.close()
    tab.goto("about:blank")
    origins = [o["origin"] for o in tab.context.storage_state()["origins"]]
    if origins:
        cdp = tab.context.new_cdp_session(tab)
        for origin in origins:
            cdp.send(
                "Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "local_storage"}
            )
        cdp.detach()
    tab.context.clear_cookies()


@pytest.fixture(scope="session")
def _desktop_tab(browser):
    tab = _reused_tab(browser, viewport=DESKTOP)
    yield tab
    tab.context.close()


@pytest.fixture(scope="session")
def _phone_tab(browser):
    tab = _reused_tab(browser, viewport=PHONE, is_mobile=True, has_touch=True, user_agent=PHONE_UA)
    yield tab
    tab.context.close()


@pytest.fixture
def page(_desktop_tab):
    """A desktop browser tab with no cookies or storage (``forget_visitor``), one per worker:
    a new browser context per test recompiled Streamlit's scripts, about 2 s of CPU each
    (docs/PERFORMANCE.md). A test that needs another screen size sets it on the tab."""
    _desktop_tab.set_viewport_size(DESKTOP)
    _desktop_tab.set_default_timeout(30_000)
    yield _desktop_tab
    forget_visitor(_desktop_tab)


@pytest.fixture
def phone_page(_phone_tab):
    """The same on a phone: 390 px, touch, a phone's user agent."""
    _phone_tab.set_default_timeout(30_000)
    yield _phone_tab
    forget_visitor(_phone_tab)


def another_person(page, screen: dict[str, int]):
    """The tab as someone else's device: nothing of the last person's, their screen's size."""
    forget_visitor(page)
    page.set_viewport_size(screen)
    return page


def open_signed_in(page, app: LiveApp, login: str, path: str = ""):
    """Open the app as ``login`` with a session cookie, as a browser that signed in before
    does (the sign-in form itself is tested in test_accounts.py and test_sessions.py)."""
    from playwright.sync_api import expect

    with closing(connect(app.db_path)) as db:
        account = find_account(db, login)
        assert account is not None, login
        token = create_session(db, account.id)
    page.context.add_cookies([{"name": COOKIE_NAME, "value": token, "url": app.url}])
    after_rerun(page, lambda: page.goto(f"{app.url}/{path}"))  # the first run has drawn
    expect(page.get_by_text("Signed in as")).to_be_visible()
    return page


@pytest.fixture
def live_app(demo_db_path) -> Iterator[LiveApp]:
    """The real app serving a private copy of the demo database."""
    app = LiveApp(demo_db_path)
    yield app
    app.stop()


def start_shared_app(demo_template, tmp_path_factory, name: str, prepare=None) -> LiveApp:
    """A server over its own copy of the demo, for fixtures wider than one test: ``prepare``
    changes the copy first; the environment is a test's (tests/conftest.py)."""
    path = tmp_path_factory.mktemp(name) / "vitals.db"
    shutil.copy(demo_template, path)
    if prepare is not None:
        prepare(path)
    return LiveApp(path, isolated_environment(path, tmp_path_factory))


@pytest.fixture(scope="session")
def shared_app(demo_template, tmp_path_factory) -> Iterator[LiveApp]:
    """One server per worker over the demo (its comments scored as generated), for the tests
    that read or check their own changes against the state just before them (answers in the
    open pulse, which no leader sees until it closes; sign-ins). A server's start costs about 1 s
    of CPU, its first pages more. Its database is ``shared_app.db_path``."""
    app = start_shared_app(demo_template, tmp_path_factory, "shared-app")
    yield app
    app.stop()


@pytest.fixture
def shared_db(shared_app, monkeypatch):
    """A connection to the shared server's database (and its sealing key, to read what the
    open round holds)."""
    monkeypatch.setenv("VITALS_SEAL_KEY_FILE", shared_app.env["VITALS_SEAL_KEY_FILE"])
    with closing(connect(shared_app.db_path)) as db:
        yield db
