"""Backups while the database is being written, restoring them, and the accounts CLI."""

import threading

import pytest

from accounts.__main__ import main
from accounts.backup import backup_database, restore_database
from accounts.demo import DEMO_PASSWORD, create_demo_accounts
from accounts.store import authenticate
from storage import StorageError, connect


def test_backup_during_writes_is_consistent_and_restores(demo_db_path, tmp_path):
    writer_db = connect(demo_db_path)
    stop = threading.Event()
    written = []

    def keep_writing():
        db = connect(demo_db_path)
        while not stop.is_set():
            with db.conn:
                db.execute("INSERT INTO audit_log (at, actor, action) VALUES ('t', 'w', 'tick')")
            written.append(1)
        db.close()

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        while len(written) < 20:
            pass
        target = backup_database(demo_db_path, tmp_path / "copy" / "backup.db")
    finally:
        stop.set()
        thread.join()
    copy = connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    employees = writer_db["employees"].count
    assert copy["employees"].count == employees
    ticks_in_copy = copy.execute("SELECT count(*) FROM audit_log WHERE action = 'tick'").fetchone()[
        0
    ]
    assert 20 <= ticks_in_copy <= len(written)
    copy.close()

    # Damage the live database, then restore the backup over it.
    writer_db.execute("DELETE FROM nominations")
    writer_db.conn.commit()
    writer_db.close()
    restore_database(target, demo_db_path)
    restored = connect(demo_db_path)
    assert restored["nominations"].count > 0
    assert restored["employees"].count == employees
    restored.close()


def test_backup_refuses_to_overwrite_and_restore_refuses_junk(demo_db_path, tmp_path):
    target = backup_database(demo_db_path, tmp_path / "b.db")
    with pytest.raises(StorageError):
        backup_database(demo_db_path, target)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StorageError):
        restore_database(junk, demo_db_path)


def test_cli_create_admin_prints_a_working_one_time_password(isolated_database, capsys):
    assert main(["--db", str(isolated_database), "create-admin", "--login", "it@example.org"]) == 0
    out = capsys.readouterr().out
    password = out.splitlines()[1].strip()
    db = connect(isolated_database)
    account = authenticate(db, "it@example.org", password)
    assert account.is_admin and account.must_change_password
    assert db["employees"].count == 0  # an administrator alone, no demo
    hashed = db.execute("SELECT password_hash FROM accounts").fetchone()[0]
    assert password not in hashed
    db.close()
    assert main(["--db", str(isolated_database), "create-admin", "--login", "it@example.org"]) == 1
    assert "already exists" in capsys.readouterr().err


def test_cli_backup_and_restore(demo_db_path, tmp_path, capsys):
    target = tmp_path / "nightly.db"
    assert main(["--db", str(demo_db_path), "backup", "--to", str(target)]) == 0
    assert target.exists()
    assert main(["--db", str(demo_db_path), "restore", str(target)]) == 0
    assert "restored" in capsys.readouterr().out


def test_demo_accounts_one_per_role(demo_db):
    roles = {}
    for login in ("admin", "revenue-director", "billing-leader", "employee"):
        account = authenticate(demo_db, login, DEMO_PASSWORD)
        team = demo_db.execute(
            "SELECT t.name FROM employees e JOIN teams t ON t.id = e.team_id WHERE e.id = ?",
            [account.employee_id],
        ).fetchone()
        roles[login] = (account.is_admin, team[0] if team else None)
    assert roles == {
        "admin": (True, None),
        "revenue-director": (False, "Revenue Cycle"),
        "billing-leader": (False, "Billing"),
        "employee": (False, "Billing"),
    }
    assert create_demo_accounts(demo_db) == []  # idempotent
