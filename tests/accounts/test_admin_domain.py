"""Team hierarchy edits, privacy erasure, comment retention, settings changes."""

import datetime as dt
import json

import pytest

from accounts.privacy import PrivacyError, erase_former_employee, erasure_preview
from accounts.retention import count_purgeable, cutoff, purge_comments, set_retention_months
from accounts.settings_admin import change_anonymity_threshold
from accounts.store import SignInError
from accounts.teams_admin import TeamError, create_team, rename_team, set_leaders, set_parent
from org.settings import anonymity_threshold


def team(db, name):
    return db.execute("SELECT id FROM teams WHERE name = ?", [name]).fetchone()[0]


def test_team_hierarchy_refuses_cycles(demo_db):
    revenue, billing = team(demo_db, "Revenue Cycle"), team(demo_db, "Billing")
    with pytest.raises(TeamError, match="cycle"):
        set_parent(demo_db, revenue, billing, "admin")
    with pytest.raises(TeamError, match="cycle"):
        set_parent(demo_db, billing, billing, "admin")
    new = create_team(demo_db, "Denials", billing, "admin")
    set_parent(demo_db, new, revenue, "admin")
    parent = demo_db.execute("SELECT parent_id FROM teams WHERE id = ?", [new]).fetchone()[0]
    assert parent == revenue
    with pytest.raises(TeamError):
        create_team(demo_db, "billing", None, "admin")  # names are unique, any case
    with pytest.raises(TeamError):
        rename_team(demo_db, new, "Coding", "admin")
    rename_team(demo_db, new, "Denials Management", "admin")
    actions = [r[0] for r in demo_db.execute("SELECT action FROM audit_log WHERE actor = 'admin'")]
    assert actions == ["team_created", "team_moved", "team_renamed"]


def test_set_leaders_replaces_leaders_and_refuses_leavers(demo_db):
    coding = team(demo_db, "Coding")
    members = [
        r[0]
        for r in demo_db.execute(
            "SELECT id FROM employees WHERE team_id = ? AND status = 'active' ORDER BY id", [coding]
        )
    ]
    set_leaders(demo_db, coding, members[1:3], "admin")
    led = [
        r[0]
        for r in demo_db.execute("SELECT employee_id FROM team_leaders WHERE team_id = ?", [coding])
    ]
    assert sorted(led) == members[1:3]
    former = demo_db.execute("SELECT id FROM employees WHERE status = 'left'").fetchone()[0]
    with pytest.raises(TeamError):
        set_leaders(demo_db, coding, [former], "admin")
    led_after = demo_db.execute(
        "SELECT count(*) FROM team_leaders WHERE team_id = ?", [coding]
    ).fetchone()[0]
    assert led_after == 2  # the refused change changed nothing


def test_privacy_erasure_keeps_anonymous_responses(demo_db):
    person = demo_db.execute(
        "SELECT e.id FROM employees e WHERE e.status = 'left' AND "
        "EXISTS (SELECT 1 FROM nominations n WHERE n.nominee_id = e.id OR n.nominator_id = e.id) "
        "AND EXISTS (SELECT 1 FROM invitations i WHERE i.employee_id = e.id) LIMIT 1"
    ).fetchone()[0]
    demo_db.execute(
        "INSERT INTO accounts (login, employee_id, is_admin, created_at) "
        "VALUES ('gone', ?, 0, 'x')",
        [person],
    )
    made = demo_db.execute(
        "SELECT count(*) FROM nominations WHERE nominator_id = ?", [person]
    ).fetchone()[0]
    received = demo_db.execute(
        "SELECT count(*) FROM nominations WHERE nominee_id = ?", [person]
    ).fetchone()[0]
    invitations = demo_db.execute(
        "SELECT count(*) FROM invitations WHERE employee_id = ?", [person]
    ).fetchone()[0]
    responses = demo_db["responses"].count
    used = demo_db.execute("SELECT sum(used), count(*) FROM invitations").fetchone()
    expected = {
        "employee": 1,
        "account": 1,
        "nominations_made": made,
        "nominations_received": received,
        "leader_roles": 0,
        "invitations_unlinked": invitations,
    }
    assert erasure_preview(demo_db, person) == expected
    assert erase_former_employee(demo_db, person, "admin") == {
        **expected,
        "audit_entries_redacted": 0,
    }
    assert not demo_db.execute("SELECT 1 FROM employees WHERE id = ?", [person]).fetchone()
    left = demo_db.execute(
        "SELECT count(*) FROM nominations WHERE nominator_id = ? OR nominee_id = ?",
        [person, person],
    ).fetchone()[0]
    assert left == 0
    assert demo_db["responses"].count == responses  # anonymous answers remain
    assert demo_db.execute("SELECT sum(used), count(*) FROM invitations").fetchone() == used
    assert demo_db.execute("SELECT count(*) FROM accounts WHERE login = 'gone'").fetchone()[0] == 0
    detail = json.loads(
        demo_db.execute("SELECT detail FROM audit_log WHERE action = 'privacy_erasure'").fetchone()[
            0
        ]
    )
    assert detail["employee_id"] == person and detail["nominations_made"] == made


def test_privacy_erasure_refuses_current_employees(demo_db):
    active = demo_db.execute("SELECT id FROM employees WHERE status = 'active'").fetchone()[0]
    with pytest.raises(PrivacyError):
        erase_former_employee(demo_db, active, "admin")
    with pytest.raises(PrivacyError):
        erase_former_employee(demo_db, 999_999, "admin")


def test_retention_cutoff_clamps_month_ends():
    assert cutoff(dt.date(2026, 11, 25), 6) == dt.date(2026, 5, 25)
    assert cutoff(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert cutoff(dt.date(2026, 1, 15), 13) == dt.date(2024, 12, 15)


def test_purge_removes_only_old_comments(demo_db):
    today = dt.date(2026, 11, 25)
    limit = cutoff(today, 3).isoformat()
    old = demo_db.execute(
        "SELECT count(*) FROM comments c JOIN responses r ON r.id = c.response_id "
        "WHERE r.submitted_on < ?",
        [limit],
    ).fetchone()[0]
    total, answers = demo_db["comments"].count, demo_db["answers"].count
    assert 0 < old < total
    assert count_purgeable(demo_db, 3, today) == old
    assert purge_comments(demo_db, 3, today, "admin") == old
    assert demo_db["comments"].count == total - old
    assert demo_db["answers"].count == answers
    assert count_purgeable(demo_db, 3, today) == 0
    with pytest.raises(ValueError):
        purge_comments(demo_db, 0, today, "admin")
    set_retention_months(demo_db, 12, "admin")
    with pytest.raises(ValueError):
        set_retention_months(demo_db, -1, "admin")


def test_threshold_change_is_audited_and_never_below_three(demo_db):
    change_anonymity_threshold(demo_db, 7, "admin")
    assert anonymity_threshold(demo_db) == 7
    with pytest.raises(ValueError):
        change_anonymity_threshold(demo_db, 2, "admin")
    assert anonymity_threshold(demo_db) == 7
    detail = demo_db.execute(
        "SELECT detail FROM audit_log WHERE action = 'setting_changed'"
    ).fetchall()
    assert [json.loads(d[0]) for d in detail] == [{"anonymity_threshold": 7, "was": 5}]


def test_erasure_erases_the_person_from_the_audit_log_and_the_file(demo_db, demo_db_path):
    from accounts.roster import mark_left
    from accounts.store import authenticate, create_account, set_password

    person = demo_db.execute(
        "SELECT id, name, email FROM employees WHERE status = 'active' AND name NOT IN "
        "(SELECT name FROM employees GROUP BY name HAVING count(*) > 1) LIMIT 1"
    ).fetchone()
    employee_id, name, email = person
    account = create_account(demo_db, email, "a long password here", employee_id=employee_id)
    authenticate(demo_db, email, "a long password here")
    with pytest.raises(SignInError):
        authenticate(demo_db, email, "not the password!!")
    set_password(demo_db, account.id, "another long password", "admin")
    mark_left(demo_db, employee_id, dt.date(2026, 11, 20), "admin")
    demo_db.execute(
        "INSERT INTO audit_log (at, actor, action, detail) VALUES ('x', ?, 'comments_opened', ?)",
        [name, json.dumps({"team": "Billing"})],
    )
    demo_db.conn.commit()
    before = demo_db.execute(
        "SELECT count(*) FROM audit_log WHERE actor IN (?, ?) OR detail LIKE ?",
        [name, email, f"%{email}%"],
    ).fetchone()[0]
    assert before >= 6
    entries = demo_db["audit_log"].count
    deleted = erase_former_employee(demo_db, employee_id, "admin")
    assert deleted["audit_entries_redacted"] == before
    assert demo_db["audit_log"].count == entries + 1  # nothing removed, the erasure recorded
    for row in demo_db.execute("SELECT actor, detail FROM audit_log"):
        text = " ".join(str(v) for v in row).casefold()
        assert email.casefold() not in text and name.casefold() != row[0].casefold()
    erasure = demo_db.execute(
        "SELECT detail FROM audit_log WHERE action = 'privacy_erasure'"
    ).fetchone()[0]
    assert json.loads(erasure)["employee_id"] == employee_id
    # Nor in the bytes on disk: secure_delete zeroed the old cells and the WAL was emptied.
    raw = b"".join(
        path.read_bytes()
        for path in demo_db_path.parent.iterdir()
        if path.name.startswith(demo_db_path.name)
    )
    assert email.encode() not in raw
