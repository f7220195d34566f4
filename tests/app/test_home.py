from streamlit.testing.v1 import AppTest

from demo import bootstrap
from demo.__main__ import main as demo_main
from tests.conftest import PROJECT_ROOT, small_demo
from tests.helpers import sign_in_as


def test_entry_page_shows_the_demo_organisation(demo_db_path):
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=30)
    sign_in_as(at, "employee").run()
    assert not at.exception
    assert "Riverbend Medical Group" in at.title[0].value
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Teams"] == "12"
    assert int(metrics["People"]) >= 150


def test_make_run_on_a_first_run_serves_the_demo(isolated_database, monkeypatch):
    """``make run`` runs ``python -m demo`` first; on the default database (here: asked for
    with VITALS_DEMO_DATA, the test's database being elsewhere) it seeds the demo. A smaller
    organisation from the same generator: the full size is built once per run for every
    other test (tests/conftest.py ``demo_template``)."""
    monkeypatch.setenv("VITALS_DEMO_DATA", "1")
    monkeypatch.setattr(bootstrap, "generate_demo", small_demo)
    assert not isolated_database.exists()
    assert demo_main([]) == 0
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    sign_in_as(at, "employee").run()  # the demo accounts came with the demo
    assert "Riverbend Medical Group" in at.title[0].value


def test_unusable_database_path_shows_one_line_error(monkeypatch, tmp_path):
    missing = tmp_path / "nowhere" / "vitals.db"
    monkeypatch.setenv("VITALS_DB", str(missing))
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=30).run()
    assert not at.exception
    assert len(at.error) == 1 and str(missing.parent) in at.error[0].value
