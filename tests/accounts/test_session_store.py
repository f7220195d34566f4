"""The session store: a 256-bit token in the browser, only its SHA-256 on the server."""

import base64
import datetime as dt
import json

import pytest

from accounts.demo import DEMO_PASSWORD
from accounts.roster import mark_left
from accounts.session import (
    IDLE_MINUTES,
    SESSION_HOURS,
    TOUCH_SECONDS,
    check_session,
    create_session,
    end_sessions,
    resume_session,
    token_hash,
)
from accounts.store import change_password, find_account, set_password

T0 = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


def account_id(db, login="billing-leader"):
    return find_account(db, login).id


def minutes(n: float) -> dt.timedelta:
    return dt.timedelta(minutes=n)


def test_a_new_session_is_valid_and_its_token_has_256_random_bits(demo_db):
    token = create_session(demo_db, account_id(demo_db), T0)
    assert len(base64.urlsafe_b64decode(token + "=")) == 32
    assert create_session(demo_db, account_id(demo_db), T0) != token
    check = check_session(demo_db, token_hash(token), T0 + minutes(1))
    assert (check.outcome, check.account_id) == ("ok", account_id(demo_db))
    assert check_session(demo_db, token_hash("not a token"), T0).outcome == "unknown"


def test_the_token_is_never_stored_in_clear(demo_db):
    token = create_session(demo_db, account_id(demo_db), T0)
    resume_session(demo_db, token, T0 + minutes(2))
    dump = "\n".join(demo_db.conn.iterdump())
    assert token not in dump
    assert token_hash(token) in dump  # what is kept instead


def test_idle_expiry_after_idle_minutes_without_use(demo_db):
    token = create_session(demo_db, account_id(demo_db), T0)
    hashed = token_hash(token)
    assert check_session(demo_db, hashed, T0 + minutes(IDLE_MINUTES)).outcome == "ok"
    # used at the limit, so the idle clock restarted there
    later = T0 + minutes(2 * IDLE_MINUTES) + dt.timedelta(seconds=1)
    assert check_session(demo_db, hashed, later).outcome == "idle"
    assert check_session(demo_db, hashed, later).outcome == "unknown"  # deleted


def test_last_seen_is_written_at_most_once_a_minute(demo_db):
    token = create_session(demo_db, account_id(demo_db), T0)

    def last_seen():
        return demo_db.execute("SELECT last_seen FROM sessions").fetchone()[0]

    check_session(demo_db, token_hash(token), T0 + dt.timedelta(seconds=TOUCH_SECONDS - 1))
    assert last_seen() == T0.isoformat()
    check_session(demo_db, token_hash(token), T0 + dt.timedelta(seconds=TOUCH_SECONDS))
    assert last_seen() == (T0 + dt.timedelta(seconds=TOUCH_SECONDS)).isoformat()


def test_absolute_expiry_even_when_used_all_along(demo_db):
    token = create_session(demo_db, account_id(demo_db), T0)
    now = T0
    while now - T0 <= dt.timedelta(hours=SESSION_HOURS) - minutes(10):
        now += minutes(10)
        assert check_session(demo_db, token_hash(token), now).outcome == "ok"
    now += minutes(11)
    assert check_session(demo_db, token_hash(token), now).outcome == "expired"


def test_sign_out_ends_every_session_of_that_account_only(demo_db):
    mine = [create_session(demo_db, account_id(demo_db), T0) for _ in range(2)]
    theirs = create_session(demo_db, account_id(demo_db, "employee"), T0)
    end_sessions(demo_db, account_id(demo_db))
    assert [check_session(demo_db, token_hash(t), T0).outcome for t in mine] == ["unknown"] * 2
    assert check_session(demo_db, token_hash(theirs), T0).outcome == "ok"


@pytest.mark.parametrize("how", ["changed by the person", "reset by an administrator"])
def test_a_password_change_ends_every_session_of_the_account(demo_db, how):
    me = account_id(demo_db)
    tokens = [create_session(demo_db, me, T0) for _ in range(2)]
    if how == "changed by the person":
        change_password(demo_db, me, DEMO_PASSWORD, "a brand new long password")
    else:
        set_password(demo_db, me, "a one-time long password", actor="admin")
    assert {check_session(demo_db, token_hash(t), T0).outcome for t in tokens} == {"unknown"}


def test_a_leaver_is_signed_out_everywhere(demo_db):
    account = find_account(demo_db, "employee")
    token = create_session(demo_db, account.id, T0)
    mark_left(demo_db, account.employee_id, dt.date(2026, 11, 25), actor="admin")
    assert check_session(demo_db, token_hash(token), T0).outcome == "unknown"
    # and a session that somehow outlived the roster change is refused and deleted
    demo_db.execute(
        "UPDATE employees SET status = 'active', left_date = NULL WHERE id = ?",
        [account.employee_id],
    )
    token = create_session(demo_db, account.id, T0)
    demo_db.execute(
        "UPDATE employees SET status = 'left', left_date = '2026-11-25' WHERE id = ?",
        [account.employee_id],
    )
    assert check_session(demo_db, token_hash(token), T0).outcome == "left"
    assert demo_db.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0


def test_sessions_go_with_the_account(demo_db):
    me = account_id(demo_db, "employee")
    create_session(demo_db, me, T0)
    demo_db.execute("DELETE FROM accounts WHERE id = ?", [me])
    assert demo_db.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0


def test_resuming_from_a_cookie_is_audited_like_other_sign_ins(demo_db):
    token = create_session(demo_db, account_id(demo_db), T0)
    assert resume_session(demo_db, token, T0 + minutes(1)).outcome == "ok"
    assert resume_session(demo_db, token, T0 + dt.timedelta(hours=SESSION_HOURS + 1)).outcome == (
        "expired"
    )
    assert resume_session(demo_db, token, T0).outcome == "unknown"  # nobody to name
    entries = [
        (r[0], r[1], json.loads(r[2]))
        for r in demo_db.execute("SELECT actor, action, detail FROM audit_log ORDER BY id")
    ][-2:]
    assert entries == [
        ("billing-leader", "sign_in", {"method": "session"}),
        ("billing-leader", "sign_out", {"reason": "expired"}),
    ]


def test_creating_a_session_purges_those_that_ran_out(demo_db):
    create_session(demo_db, account_id(demo_db), T0)
    create_session(demo_db, account_id(demo_db), T0 + minutes(IDLE_MINUTES + 1))
    assert demo_db.execute("SELECT count(*) FROM sessions").fetchone()[0] == 1
