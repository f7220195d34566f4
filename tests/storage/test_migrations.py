import pytest

from storage import SchemaTooNewError, StorageError, applied_migrations, connect, migrate
from storage.migrations import known_migrations


def table_names(db):
    return set(db.table_names())


def test_migrate_creates_every_foundation_table_from_an_empty_file(tmp_path):
    db = connect(tmp_path / "new.db")
    applied = migrate(db)
    assert applied == [name for name, _ in known_migrations()]
    assert {
        "teams",
        "employees",
        "team_leaders",
        "questions",
        "templates",
        "template_questions",
        "rounds",
        "round_teams",
        "round_questions",
        "invitations",
        "responses",
        "answers",
        "comments",
        "org_values",
        "nominations",
        "nomination_values",
        "audit_log",
        "settings",
    } <= table_names(db)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(applied)


def test_migrate_again_changes_nothing(tmp_path):
    db = connect(tmp_path / "again.db")
    migrate(db)
    schema = db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    assert migrate(db) == []
    assert db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == schema


def test_each_migration_is_idempotent_when_run_twice(tmp_path):
    db = connect(tmp_path / "twice.db")
    for _, step in known_migrations():
        step(db)
        step(db)


def test_migrate_from_the_previous_version_applies_only_what_is_missing(tmp_path):
    known = known_migrations()
    db = connect(tmp_path / "old.db")
    migrate(db)
    last = known[-1][0]
    db.execute("DELETE FROM schema_migrations WHERE name = ?", [last])
    assert migrate(db) == [last]
    assert applied_migrations(db)[-1] == last


def test_connection_uses_wal_foreign_keys_and_busy_timeout(tmp_path):
    db = connect(tmp_path / "pragmas.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_responses_cannot_hold_anything_that_identifies_a_person(tmp_path):
    db = connect(tmp_path / "schema.db")
    migrate(db)
    columns = set(db["responses"].columns_dict)
    assert columns == {"id", "round_id", "team_id", "tenure_band", "job_family", "submitted_on"}
    assert not {"employee_id", "invitation_id", "submitted_at"} & columns
    invitation_columns = set(db["invitations"].columns_dict)
    assert not {"used_at", "created_at", "response_id"} & invitation_columns


def test_a_database_from_a_newer_version_is_refused_and_left_untouched(tmp_path):
    db = connect(tmp_path / "newer.db")
    migrate(db)
    db.execute("INSERT INTO schema_migrations VALUES ('m9999_from_the_future', '2030-01-01')")
    before = db.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
    with pytest.raises(SchemaTooNewError, match="m9999_from_the_future"):
        migrate(db)
    assert db.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == before


def test_missing_folder_gives_an_error_naming_the_path(tmp_path):
    path = tmp_path / "no" / "such" / "folder" / "vitals.db"
    with pytest.raises(StorageError, match=str(path.parent)):
        connect(path)


def test_unwritable_location_gives_an_error_naming_the_path(tmp_path):
    # /proc refuses new files even to root, so this holds in CI (which runs as root).
    path = "/proc/vitals-test.db"
    with pytest.raises(StorageError, match="/proc/vitals-test.db"):
        connect(path)
