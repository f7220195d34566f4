"""Personal links: issuing one-time tokens for unused invitations, one at a time or as CSV.

Only a token's hash is stored, so a link can be shown once, when it is issued. Issuing a new
token adds a hash (``surveys.tokens.add_token``): links already sent keep working, and
whichever is used first uses the invitation up. A used invitation is never reissued.
"""

from __future__ import annotations

import datetime as dt
import os

import sqlite_utils

from org import audit
from org.spreadsheet import csv_text
from storage import write_transaction
from surveys import clock
from surveys.tokens import add_token

DEFAULT_PORT = 8501  # Streamlit's, and the Makefile's ``PORT ?= 8501``


class LinkError(ValueError):
    """A link that cannot be issued (unknown person, nothing open, already answered)."""


def base_url() -> str:
    """Where people reach the app, for every link Vitals prints or emails (the one place).

    ``$VITALS_BASE_URL`` when set (a public name, or the LAN address a phone uses); otherwise
    ``http://localhost:$PORT/``, the port ``make run`` listens on, so ``make run PORT=8611``
    and ``make link PORT=8611`` agree.
    """
    if explicit := os.environ.get("VITALS_BASE_URL", "").strip():
        return explicit
    port = os.environ.get("PORT", "").strip() or str(DEFAULT_PORT)
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise LinkError(f"PORT must be a port number (1-65535), not {port!r}.")
    return f"http://localhost:{port}/"


def link_url(token: str, base: str | None = None) -> str:
    base = (base or base_url()).rstrip("/")
    return f"{base}/?invite={token}"


def reissue_token(db: sqlite_utils.Database, invitation_id: int) -> str:
    """A further token for an unused invitation; the links sent before it keep working."""
    with write_transaction(db):
        unused = db.execute(
            "SELECT 1 FROM invitations WHERE id = ? AND used = 0", [invitation_id]
        ).fetchone()
        if unused is None:
            raise LinkError("That invitation was already used or does not exist.")
        return add_token(db, invitation_id)


def links_for_email(
    db: sqlite_utils.Database,
    email: str,
    today: dt.date | None = None,
    base: str | None = None,
    actor: str = "cli",
) -> list[tuple[str, str]]:
    """(round title, URL) for each open round where this person has not answered yet."""
    today = today or clock.today()
    base = base or base_url()  # a bad PORT is refused before any link is issued
    person = db.execute(
        "SELECT id, name FROM employees WHERE email = ? COLLATE NOCASE", [email.strip()]
    ).fetchone()
    if person is None:
        raise LinkError(f"No one on the roster has the email {email!r}.")
    rows = db.execute(
        "SELECT i.id, i.used, r.title FROM invitations i JOIN rounds r ON r.id = i.round_id "
        "WHERE i.employee_id = ? AND r.opens_on <= ? AND r.closes_on >= ? "
        "ORDER BY r.opens_on DESC, r.id",
        [person[0], today.isoformat(), today.isoformat()],
    ).fetchall()
    if not rows:
        raise LinkError(f"{person[1]} has no invitation to a round open on {today}.")
    unused = [r for r in rows if not r[1]]
    if not unused:
        raise LinkError(f"{person[1]} has already answered every open round; nothing to reissue.")
    links = [(title, link_url(reissue_token(db, inv_id), base)) for inv_id, _, title in unused]
    with write_transaction(db):
        audit.record(db, actor, "survey_link_reissued", {"employee_id": person[0]})
    return links


def someone_with_an_open_pulse(db: sqlite_utils.Database, today: dt.date | None = None) -> str:
    """The email of an active person with an unanswered invitation open today (for demos)."""
    today = today or clock.today()
    row = db.execute(
        "SELECT e.email FROM invitations i JOIN rounds r ON r.id = i.round_id "
        "JOIN employees e ON e.id = i.employee_id WHERE i.used = 0 AND e.status = 'active' "
        "AND r.opens_on <= ? AND r.closes_on >= ? ORDER BY e.name LIMIT 1",
        [today.isoformat(), today.isoformat()],
    ).fetchone()
    if row is None:
        raise LinkError(
            f"Nobody has an unanswered pulse open on {today:%A %d %B %Y}. Weekly pulses are "
            "open Monday to Friday; to try one on another day, start the app and this command "
            "with the same VITALS_TODAY, e.g. VITALS_TODAY=2026-11-25 make run / make link."
        )
    return row[0]


def export_links_csv(
    db: sqlite_utils.Database, round_id: int, actor: str, base: str | None = None
) -> tuple[str, int]:
    """CSV (name, email, team, round, link) of fresh links for the round's unused invitations.

    Adds a token per exported link in one transaction (earlier links keep working) and
    records the export in the audit log.
    Returns the CSV text and how many links it holds.
    """
    records = []
    base = base or base_url()
    with write_transaction(db):
        title = db.execute("SELECT title, closes_on FROM rounds WHERE id = ?", [round_id])
        round_row = title.fetchone()
        if round_row is None:
            raise LinkError("Unknown round.")
        rows = db.execute(
            "SELECT i.id, e.name, e.email, coalesce(t.name, '') FROM invitations i "
            "JOIN employees e ON e.id = i.employee_id LEFT JOIN teams t ON t.id = e.team_id "
            "WHERE i.round_id = ? AND i.used = 0 AND e.status = 'active' ORDER BY e.name",
            [round_id],
        ).fetchall()
        for invitation_id, name, email, team in rows:
            token = add_token(db, invitation_id)
            records.append((name, email, team, round_row[0], round_row[1], link_url(token, base)))
        audit.record(db, actor, "survey_links_exported", {"round_id": round_id, "links": len(rows)})
    header = ["name", "email", "team", "round", "closes_on", "link"]
    return csv_text(header, records), len(rows)
