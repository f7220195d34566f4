"""Shared fixtures: every test gets its own database file and clean Streamlit caches."""

from __future__ import annotations

import datetime as dt
import fcntl
import functools
import os
import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.components.v2 import manifest_scanner

from accounts.demo import create_demo_accounts
from demo.generate import generate_demo
from storage import connect, migrate
from storage.connection import close_thread_connections

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEMO_TODAY = dt.date(2026, 11, 25)  # a Wednesday: the latest pulse is open
# The demo's generator at a small size, for tests of start-up paths that generate it.
small_demo = functools.partial(generate_demo, employees=40, weeks=2, today=DEMO_TODAY)
# Every new AppTest scans the metadata of every installed package for Streamlit components
# (0.2 s each, about half of an AppTest's time); the installed packages do not change during a
# run, so the scan is done once. AppTest imports the function at call time, so this reaches it.
manifest_scanner.scan_component_manifests = functools.cache(
    manifest_scanner.scan_component_manifests
)
# Cheap argon2 parameters in tests (and in the app the browser tests start); see accounts.passwords.
os.environ.setdefault("VITALS_FAST_HASHING", "1")


def isolated_environment(path: Path, tmp_path_factory) -> dict[str, str]:
    """What every test runs under: its own database file, a sealing key outside the data
    folder (storage/seal.py), the demo's date for survey rules, and no survey rounds created
    at the app's start-up (they would depend on the weekday the tests run; surveys tests switch
    it back on where they test it)."""
    return {
        "VITALS_DB": str(path),
        "VITALS_SEAL_KEY_FILE": str(tmp_path_factory.mktemp("seal-key") / "seal.key"),
        "VITALS_TODAY": DEMO_TODAY.isoformat(),
        "VITALS_CADENCE_ON_START": "0",
    }


@pytest.hookimpl(trylast=True)  # after tests/browser/conftest.py has marked its tests
def pytest_collection_modifyitems(config, items):
    """Order the tests for pytest-xdist's work stealing, which hands each worker a contiguous
    share (each in turn takes what is left divided by the workers left) and lets an idle
    worker take from the end of another's:

    - The browser tests come first, so one worker runs them all and each shared server
      (tests/browser/conftest.py) starts once.
    - Each share then starts with tests that do not need the demo, so no worker waits idle
      while another generates it (about 5 s).
    """
    workers = getattr(config, "workerinput", {}).get("workercount", 1)
    if workers < 2:
        return
    browser = [item for item in items if item.get_closest_marker("browser")]
    rest = [item for item in items if not item.get_closest_marker("browser")]
    plain = [item for item in rest if "demo_template" not in item.fixturenames]
    demo = [item for item in rest if "demo_template" in item.fixturenames]
    if not rest:  # a run of browser tests only
        return
    shares, left = [], len(items)
    for worker in range(workers):
        shares.append(left // (workers - worker))
        left -= shares[-1]
    shares[0] -= len(browser)
    ordered, taken_plain, taken_demo = list(browser), 0, 0
    for worker, size in enumerate(shares):
        last = worker == workers - 1
        n_plain = len(plain) - taken_plain if last else round(len(plain) * size / len(rest))
        n_demo = len(demo) - taken_demo if last else max(0, size - n_plain)
        ordered += plain[taken_plain : taken_plain + n_plain]
        ordered += demo[taken_demo : taken_demo + n_demo]
        taken_plain, taken_demo = taken_plain + n_plain, taken_demo + n_demo
    assert sorted(map(id, ordered)) == sorted(map(id, items))
    items[:] = ordered


@pytest.fixture(autouse=True)
def isolated_database(tmp_path, tmp_path_factory, monkeypatch):
    """Point VITALS_DB at a fresh file and clear caches, so no test sees another's data."""
    path = tmp_path / "vitals.db"
    for name, value in isolated_environment(path, tmp_path_factory).items():
        monkeypatch.setenv(name, value)
    st.cache_data.clear()
    st.cache_resource.clear()
    close_thread_connections()
    yield path
    close_thread_connections()
    st.cache_data.clear()
    st.cache_resource.clear()


def _built_once(tmp_path_factory, name: str, build) -> Path:
    """A database ``build`` fills once per test run; under pytest-xdist the first worker to
    ask builds it in the run's folder and the others wait."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # each worker's folder sits in the run's folder
    path = root / f"{name}.db"
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            building = root / f"{name}.building.db"
            database = connect(building)
            migrate(database)
            build(database)
            database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            database.close()
            building.rename(path)
    return path


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> Path:
    return _built_once(tmp_path_factory, "migrated", lambda database: None)


@pytest.fixture
def db(migrated_template, isolated_database):
    """A migrated, empty database (a copy: migrating from nothing costs 20 ms a test)."""
    shutil.copy(migrated_template, isolated_database)
    database = connect(isolated_database)
    yield database
    database.close()


def _demo(database) -> None:
    generate_demo(database, today=DEMO_TODAY)
    create_demo_accounts(database)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The demo organisation generated once per test run (fixed seed and date)."""
    return _built_once(tmp_path_factory, "demo", _demo)


@pytest.fixture
def demo_db_path(demo_template, isolated_database) -> Path:
    """A private copy of the demo database at this test's VITALS_DB."""
    shutil.copy(demo_template, isolated_database)
    return isolated_database


@pytest.fixture
def demo_db(demo_db_path):
    database = connect(demo_db_path)
    yield database
    database.close()
