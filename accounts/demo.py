"""Demo accounts for each role, created with the demo organisation (documented in README.md).

Logins are stable words rather than the generated people's emails, so the documentation stays
true whatever names the generator draws. Never used outside the demo organisation.
"""

from __future__ import annotations

import sqlite_utils

from accounts.store import create_account, find_account

DEMO_PASSWORD = "riverbend-demo"

# login -> (how to find the employee, admin?)
_DEMO_SQL = {
    "billing-leader": "SELECT l.employee_id FROM team_leaders l JOIN teams t ON t.id = l.team_id "
    "WHERE t.name LIKE '%Billing' ORDER BY t.id, l.employee_id LIMIT 1",
    "revenue-director": "SELECT l.employee_id FROM team_leaders l JOIN teams t ON t.id = l.team_id "
    "WHERE t.name LIKE '%Revenue Cycle' ORDER BY t.id, l.employee_id LIMIT 1",
    "employee": "SELECT e.id FROM employees e JOIN teams t ON t.id = e.team_id "
    "WHERE t.name LIKE '%Billing' AND e.status = 'active' "
    "AND e.id NOT IN (SELECT employee_id FROM team_leaders) ORDER BY e.id LIMIT 1",
}


def create_demo_accounts(db: sqlite_utils.Database) -> list[str]:
    """Create the missing demo accounts (idempotent); returns the logins created."""
    created = []
    if find_account(db, "admin") is None:
        create_account(db, "admin", DEMO_PASSWORD, is_admin=True, actor="demo")
        created.append("admin")
    for login, sql in _DEMO_SQL.items():
        row = db.execute(sql).fetchone()
        if row is None or find_account(db, login) is not None:
            continue
        if db.execute("SELECT 1 FROM accounts WHERE employee_id = ?", [row[0]]).fetchone():
            continue
        create_account(db, login, DEMO_PASSWORD, employee_id=row[0], actor="demo")
        created.append(login)
    return created


def demo_accounts_present(db: sqlite_utils.Database) -> bool:
    """True in a demo database whose demo accounts exist (the sign-in page lists them)."""
    has_demo = db.execute("SELECT 1 FROM settings WHERE key = 'demo_generated'").fetchone()
    return bool(has_demo) and find_account(db, "employee") is not None
