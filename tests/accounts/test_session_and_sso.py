"""Idle expiry and the single sign-on email mapping (no network: the mapping is a unit)."""

import json

from accounts.session import is_expired
from accounts.sso import sso_configured, viewer_for_email
from accounts.store import create_account


def test_idle_expiry_boundaries():
    assert not is_expired(1000.0, 1000.0 + 30 * 60, idle_minutes=30)
    assert is_expired(1000.0, 1000.0 + 30 * 60 + 1, idle_minutes=30)
    assert is_expired(None, 1000.0)


class Secrets(dict):
    pass


class Broken:
    def __contains__(self, key):
        raise FileNotFoundError("no secrets.toml")


def test_sso_is_on_only_with_an_auth_section():
    assert sso_configured(Secrets(auth={"client_id": "x"}))
    assert not sso_configured(Secrets(other={}))
    assert not sso_configured(Broken())


def employee(db, team):
    return db.execute(
        "SELECT e.id, e.email FROM employees e JOIN teams t ON t.id = e.team_id "
        "WHERE t.name = ? AND e.status = 'active' "
        "AND e.id NOT IN (SELECT employee_id FROM team_leaders) ORDER BY e.id LIMIT 1",
        [team],
    ).fetchone()


def test_email_maps_to_the_employee_case_insensitively_and_is_audited(demo_db):
    person_id, email = employee(demo_db, "Coding")
    viewer = viewer_for_email(demo_db, email.upper())
    assert viewer is not None
    assert (viewer.employee_id, viewer.role) == (person_id, "employee")
    last = demo_db.execute(
        "SELECT actor, action, detail FROM audit_log ORDER BY id DESC"
    ).fetchone()
    assert last[1] == "sign_in" and json.loads(last[2]) == {"method": "sso"}


def test_leaders_and_admin_accounts_keep_their_roles_under_sso(demo_db):
    leader = demo_db.execute(
        "SELECT e.id, e.email FROM team_leaders l JOIN employees e ON e.id = l.employee_id "
        "JOIN teams t ON t.id = l.team_id WHERE t.name = 'Billing'"
    ).fetchone()
    assert viewer_for_email(demo_db, leader[1]).role == "leader"
    create_account(demo_db, "it-admin@riverbend.example", "long enough pass", is_admin=True)
    admin = viewer_for_email(demo_db, "it-admin@riverbend.example")
    assert admin.role == "admin" and admin.employee_id is None
    person_id, email = employee(demo_db, "Coding")
    create_account(demo_db, email, "long enough pass", employee_id=person_id, is_admin=True)
    assert viewer_for_email(demo_db, email).role == "admin"


def test_unknown_or_former_emails_are_refused_and_audited(demo_db):
    assert viewer_for_email(demo_db, "stranger@elsewhere.example") is None
    assert viewer_for_email(demo_db, "") is None
    former = demo_db.execute("SELECT email FROM employees WHERE status = 'left'").fetchone()[0]
    assert viewer_for_email(demo_db, former) is None
    failures = demo_db.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'sign_in_failed'"
    ).fetchone()[0]
    assert failures == 3
