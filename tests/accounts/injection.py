"""Hostile user text planted in a demo database, for the safe-rendering tests.

Each payload tries one way to run code or load something: a script tag, an image with an
``onerror`` handler, a markdown image and link, and ``javascript:`` URLs. Everything points at
``xss.invalid`` (a reserved name that never resolves), so a request there means something loaded.
To cover a new page, plant the payload where that page reads text (the browser sweep,
``tests/browser/test_injection.py``, opens every page as the administrator and each other
account's own pages) and add a case to
``tests/app/test_accounts_injection.py``.
"""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from accounts.demo import DEMO_PASSWORD
from accounts.store import find_account
from org.access import viewer_for_employee

EVIL_HOST = "xss.invalid"
NAME = f'Eve <img src="http://{EVIL_HOST}/name.png" onerror="alert(1)"> **Bold**'
MESSAGE = (
    '<script>alert("xss-message")</script> Thanks! '
    f"![pixel](http://{EVIL_HOST}/md.png) [click me](javascript:alert(2)) "
    '<a href="javascript:alert(3)">js link</a>'
)
COMMENT = (
    "Terrible awful week, I hate this. "
    f'<img src="http://{EVIL_HOST}/comment.png" onerror="alert(4)"> '
    '<script>alert("xss-comment")</script> [docs](javascript:alert(5))'
)
PASSWORD = DEMO_PASSWORD


def plant(db: sqlite_utils.Database, today: dt.date, hostile_name: bool = True) -> dict:
    """Give the demo ``employee`` a hostile name, make them post a hostile nomination and
    turn recent comments hostile. Returns ids the tests use.

    Comments are masked against roster names, so a hostile *name* also rewrites comments that
    contain its words; tests of comment text plant without it (``hostile_name=False``)."""
    from recognition.nominations import nominate

    employee = find_account(db, "employee")
    leader = find_account(db, "billing-leader")
    assert employee is not None and leader is not None
    if hostile_name:
        db.execute("UPDATE employees SET name = ? WHERE id = ?", [NAME, employee.employee_id])
    value = db.execute("SELECT id FROM org_values WHERE active = 1 ORDER BY id").fetchone()[0]
    viewer = viewer_for_employee(db, employee.employee_id)
    nominate(
        db,
        viewer,
        leader.employee_id,
        [value],
        MESSAGE,
        now=dt.datetime.combine(today, dt.time(12, 0)),
    )
    since = (today - dt.timedelta(weeks=8)).isoformat()
    db.execute(
        "UPDATE comments SET text = ? WHERE response_id IN "
        "(SELECT id FROM responses WHERE submitted_on >= ?)",
        [COMMENT, since],
    )
    db.conn.commit()
    return {"employee_id": employee.employee_id}


def hostile(label: str, slug: str) -> str:
    """``label`` followed by every kind of payload: a Markdown image and link, a
    ``javascript:`` link, an HTML tag and LaTeX between dollars."""
    return (
        f"{label} ![{slug}](http://{EVIL_HOST}/{slug}.png) [{slug} link](http://{EVIL_HOST}/{slug})"
        f" [{slug} js](javascript:alert('{slug}')) <b>{slug} tag</b> $\\frac{{{slug}}}{{2}}$"
    )


TEAM = hostile("Billing", "team")
DEPARTMENT = hostile("Revenue Cycle", "department")
VALUE = hostile("Kindness", "value")
ROUND = hostile("Pulse", "round")
PERSON = hostile("Mallory", "person")


def plant_names(db: sqlite_utils.Database) -> dict[str, str]:
    """Hostile team, department, value, round and roster names (and the ``employee`` account's
    name) in the demo organisation. Returns the texts planted, by what they name."""
    employee = find_account(db, "employee")
    leader = find_account(db, "billing-leader")
    assert employee is not None and leader is not None
    db.execute("UPDATE teams SET name = ? WHERE name = 'Billing'", [TEAM])
    db.execute("UPDATE teams SET name = ? WHERE name = 'Revenue Cycle'", [DEPARTMENT])
    first = db.execute("SELECT min(id) FROM org_values WHERE active = 1").fetchone()[0]
    db.execute("UPDATE org_values SET name = ? WHERE id = ?", [VALUE, first])
    db.execute("UPDATE rounds SET title = ?", [ROUND])
    db.execute("UPDATE employees SET name = ? WHERE id = ?", [NAME, employee.employee_id])
    db.execute("UPDATE employees SET name = ? WHERE id = ?", [PERSON, leader.employee_id])
    db.conn.commit()
    return {
        "team": TEAM,
        "department": DEPARTMENT,
        "value": VALUE,
        "round": ROUND,
        "person": PERSON,
        "name": NAME,
    }
