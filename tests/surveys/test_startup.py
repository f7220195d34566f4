from startup import prepare_database
from tests.surveys.helpers import small_org


def weekly_rounds(db):
    return [
        r[0]
        for r in db.execute(
            "SELECT r.period FROM rounds r JOIN templates t ON t.id = r.template_id "
            "WHERE t.name = 'Weekly pulse'"
        )
    ]


def test_start_up_creates_the_due_rounds_once(db, isolated_database, monkeypatch):
    small_org(db)
    monkeypatch.setenv("VITALS_CADENCE_ON_START", "1")  # on by default; the suite turns it off
    prepare_database(isolated_database)
    prepare_database(isolated_database)
    assert weekly_rounds(db) == ["2026-W48"]  # VITALS_TODAY is the demo's Wednesday


def test_start_up_cadence_can_be_switched_off(db, isolated_database):
    small_org(db)
    prepare_database(isolated_database)  # the suite sets it to 0
    assert weekly_rounds(db) == []
    assert db.execute("SELECT count(*) FROM templates").fetchone()[0] == 5
