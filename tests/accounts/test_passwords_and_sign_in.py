"""Hashing, sign-in, lockout, password changes and the one-time administrator password."""

import datetime as dt
import json

import pytest

from accounts import passwords
from accounts.passwords import WeakPassword, hash_password, verify_password
from accounts.store import (
    BACKOFF_BASE_SECONDS,
    LOCK_MINUTES,
    MAX_FAILED_ATTEMPTS,
    AccountError,
    SignInError,
    authenticate,
    backoff_seconds,
    change_password,
    create_account,
    create_admin,
    set_admin,
    unlock,
    viewer_for_account,
)

NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery"


def audit(db, action):
    return [
        (r[0], json.loads(r[1]) if r[1] else {})
        for r in db.execute(
            "SELECT actor, detail FROM audit_log WHERE action = ? ORDER BY id", [action]
        )
    ]


def test_hash_is_argon2id_salted_and_verifies_only_the_right_password():
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first.startswith("$argon2id$")
    assert first != second  # a fresh salt each time
    assert PASSWORD not in first
    assert verify_password(first, PASSWORD)
    assert not verify_password(first, PASSWORD.upper())
    assert not verify_password(None, PASSWORD)
    assert not verify_password("not a hash", PASSWORD)


def test_production_parameters_are_argon2_defaults(monkeypatch):
    monkeypatch.delenv("VITALS_FAST_HASHING")
    hashed = passwords._hasher().hash(PASSWORD)
    assert "m=65536,t=3,p=4" in hashed
    monkeypatch.setenv("VITALS_FAST_HASHING", "1")
    assert verify_password(hashed, PASSWORD)  # parameters live inside each hash


@pytest.mark.parametrize("bad", ["short", " leading space here", "x" * 11])
def test_weak_passwords_are_refused(bad):
    with pytest.raises(WeakPassword):
        hash_password(bad)


def test_sign_in_stores_no_clear_password_and_audits(db):
    account = create_account(db, "ana@example.org", PASSWORD, is_admin=True)
    signed = authenticate(db, "ANA@example.org ", PASSWORD, now=NOW)
    assert signed.id == account.id
    dump = "\n".join(str(row) for t in db.table_names() for row in db[t].rows)
    assert PASSWORD not in dump
    assert audit(db, "sign_in") == [("ana@example.org", {"method": "password"})]
    assert db["accounts"].get(account.id)["last_sign_in"] == NOW.isoformat()


def test_unknown_login_and_wrong_password_give_the_same_message(db):
    create_account(db, "ana@example.org", PASSWORD, is_admin=True)
    with pytest.raises(SignInError) as unknown:
        authenticate(db, "bob@example.org", PASSWORD, now=NOW)
    with pytest.raises(SignInError) as wrong:
        authenticate(db, "ana@example.org", "wrong password!", now=NOW)
    assert str(unknown.value) == str(wrong.value)
    assert [d["reason"] for _, d in audit(db, "sign_in_failed")] == [
        "unknown login",
        "wrong password",
    ]


def test_repeated_failures_make_the_account_wait_longer_each_time(db):
    account = create_account(db, "ana@example.org", PASSWORD, is_admin=True)
    for attempt in range(MAX_FAILED_ATTEMPTS):
        with pytest.raises(SignInError):
            authenticate(db, "ana@example.org", f"wrong password {attempt}", now=NOW)
    row = db["accounts"].get(account.id)
    until = NOW + dt.timedelta(seconds=BACKOFF_BASE_SECONDS)
    assert row["locked_until"] == until.isoformat()
    # Waiting: even the right password is refused, and the refusal is audited as such.
    with pytest.raises(SignInError) as locked:
        authenticate(db, "ana@example.org", PASSWORD, now=until - dt.timedelta(seconds=1))
    assert locked.value.reason == "locked"
    assert len(audit(db, "account_locked")) == 1
    assert len(audit(db, "sign_in_failed")) == MAX_FAILED_ATTEMPTS + 1
    # Each further wrong password doubles the wait, up to LOCK_MINUTES.
    waits, now = [], until
    for _ in range(8):
        now += dt.timedelta(hours=1)
        with pytest.raises(SignInError):
            authenticate(db, "ana@example.org", "still wrong!!", now=now)
        row = db["accounts"].get(account.id)
        waits.append((dt.datetime.fromisoformat(row["locked_until"]) - now).total_seconds())
    assert waits == [60, 120, 240, 480, 900, 900, 900, 900]
    assert backoff_seconds(MAX_FAILED_ATTEMPTS - 1) == 0 and LOCK_MINUTES == 15
    # After the wait the right password works and the counters reset.
    authenticate(db, "ana@example.org", PASSWORD, now=now + dt.timedelta(minutes=16))
    row = db["accounts"].get(account.id)
    assert (row["failed_attempts"], row["locked_until"]) == (0, None)


def test_unknown_login_costs_one_argon2_check_like_a_known_one(db, monkeypatch):
    create_account(db, "ana@example.org", PASSWORD, is_admin=True)
    checked = []
    real = passwords.PasswordHasher.verify
    monkeypatch.setattr(
        passwords.PasswordHasher,
        "verify",
        lambda self, h, p: (checked.append(h), real(self, h, p))[1],
    )
    for login in ("ana@example.org", "nobody@example.org"):
        with pytest.raises(SignInError) as error:
            authenticate(db, login, "wrong password!", now=NOW)
        assert str(error.value).startswith("Wrong email or password")
    assert len(checked) == 2 and all(h.startswith("$argon2id$") for h in checked)


def test_hashing_runs_outside_the_write_lock(db, monkeypatch):
    create_account(db, "ana@example.org", PASSWORD, is_admin=True)
    seen = []
    real = passwords.PasswordHasher.verify
    monkeypatch.setattr(
        passwords.PasswordHasher,
        "verify",
        lambda self, h, p: (seen.append(db.conn.in_transaction), real(self, h, p))[1],
    )
    authenticate(db, "ana@example.org", PASSWORD, now=NOW)
    with pytest.raises(SignInError):
        authenticate(db, "nobody@example.org", PASSWORD, now=NOW)
    assert seen == [False, False]


def test_fewer_failures_than_the_limit_do_not_lock_and_success_resets(db):
    account = create_account(db, "ana@example.org", PASSWORD, is_admin=True)
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(SignInError):
            authenticate(db, "ana@example.org", "wrong password!", now=NOW)
    assert db["accounts"].get(account.id)["failed_attempts"] == MAX_FAILED_ATTEMPTS - 1
    authenticate(db, "ana@example.org", PASSWORD, now=NOW)
    assert db["accounts"].get(account.id)["failed_attempts"] == 0


def test_an_administrator_can_clear_the_wait_and_it_is_audited(db):
    account = create_account(db, "ana@example.org", PASSWORD, is_admin=True)
    for _ in range(MAX_FAILED_ATTEMPTS):
        with pytest.raises(SignInError):
            authenticate(db, "ana@example.org", "wrong password!")
    unlock(db, account.id, "admin")
    assert audit(db, "account_unlocked") == [("admin", {"account_id": account.id})]
    assert authenticate(db, "ana@example.org", PASSWORD).id == account.id


def test_create_admin_gives_a_one_time_password_that_must_be_changed(db):
    password = create_admin(db, "root")
    account = authenticate(db, "root", password)
    assert account.is_admin and account.must_change_password
    with pytest.raises(AccountError):
        change_password(db, account.id, "not the password", "a brand new password")
    with pytest.raises(WeakPassword):
        change_password(db, account.id, password, "short")
    change_password(db, account.id, password, "a brand new password")
    again = authenticate(db, "root", "a brand new password")
    assert not again.must_change_password
    with pytest.raises(AccountError):
        create_admin(db, "root")  # no duplicates


def test_account_rules(db, demo_db):
    with pytest.raises(AccountError):
        create_account(db, "plain@example.org", PASSWORD)  # neither employee nor admin
    only_admin = create_account(db, "root", PASSWORD, is_admin=True)
    with pytest.raises(AccountError):
        set_admin(db, only_admin.id, False, "root")


def test_viewer_for_account_follows_roster_and_leadership(demo_db):
    leader = demo_db.execute(
        "SELECT l.employee_id FROM team_leaders l JOIN teams t ON t.id = l.team_id "
        "WHERE t.name = 'Coding'"
    ).fetchone()[0]
    account = create_account(demo_db, "lead@example.org", PASSWORD, employee_id=leader)
    with pytest.raises(AccountError):
        create_account(demo_db, "again@example.org", PASSWORD, employee_id=leader)
    viewer = viewer_for_account(demo_db, account)
    assert viewer.role == "leader" and viewer.employee_id == leader
    demo_db.execute(
        "UPDATE employees SET status = 'left', left_date = '2026-11-01' WHERE id = ?", [leader]
    )
    assert viewer_for_account(demo_db, account) is None  # leavers cannot sign in
