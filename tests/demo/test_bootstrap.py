"""Start-up: a real database starts empty; the demo lands only where it is wanted."""

from accounts.__main__ import main as accounts_main
from demo import bootstrap
from storage import connect
from storage.connection import DEFAULT_DB
from tests.conftest import small_demo


def counts(path) -> tuple[int, int, int]:
    db = connect(path)
    try:
        return tuple(
            db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("employees", "accounts", "templates")
        )
    finally:
        db.close()


def test_a_fresh_real_database_starts_empty(isolated_database, monkeypatch):
    monkeypatch.delenv(bootstrap.DEMO_DATA_ENV, raising=False)
    bootstrap.prepare_demo(isolated_database)  # `make run` with VITALS_DB pointing elsewhere
    assert counts(isolated_database) == (0, 0, 5)  # migrated, built-in templates, nobody


def test_the_default_database_or_the_flag_asks_for_the_demo(isolated_database, monkeypatch):
    monkeypatch.delenv(bootstrap.DEMO_DATA_ENV, raising=False)
    assert bootstrap.demo_wanted(DEFAULT_DB)
    assert not bootstrap.demo_wanted(isolated_database)
    monkeypatch.setenv(bootstrap.DEMO_DATA_ENV, "1")
    assert bootstrap.demo_wanted(isolated_database)


def test_the_flag_seeds_the_demo_on_a_first_run(isolated_database, monkeypatch):
    monkeypatch.setenv(bootstrap.DEMO_DATA_ENV, "1")
    monkeypatch.setattr(bootstrap, "generate_demo", small_demo)
    bootstrap.prepare_demo(isolated_database)
    employees, accounts, _ = counts(isolated_database)
    assert employees >= 40 and accounts == 4  # one demo account per role
    bootstrap.prepare_demo(isolated_database)  # a second start adds nothing
    assert counts(isolated_database)[:2] == (employees, accounts)


def test_a_deployment_with_an_administrator_never_gets_the_demo(isolated_database, monkeypatch):
    monkeypatch.setenv(bootstrap.DEMO_DATA_ENV, "1")
    assert accounts_main(["--db", str(isolated_database), "create-admin"]) == 0
    bootstrap.prepare_demo(isolated_database)
    assert counts(isolated_database)[:2] == (0, 1)


def test_reset_replaces_the_database(isolated_database, monkeypatch):
    monkeypatch.setattr(bootstrap, "generate_demo", small_demo)
    assert accounts_main(["--db", str(isolated_database), "create-admin"]) == 0
    bootstrap.reset_demo(isolated_database)
    assert counts(isolated_database)[0] >= 40
