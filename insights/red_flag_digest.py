"""Who is told about red flags: a daily email to the recipients an administrator names,
counting the flagged comments that arrived since the last one. It carries a count and a
link to the queue, never the text, the team or the time of a comment: an email sent the
moment someone submitted would date their comment."""

from __future__ import annotations

import sqlite_utils

from org import audit
from org.settings import get_setting, org_name, set_setting
from storage import write_transaction
from surveys.links import base_url
from surveys.mail import MailError, send_notice

RECIPIENTS_KEY = "red_flag_recipients"


class RecipientsError(ValueError):
    """A recipients list that cannot be saved (message safe to show)."""


def recipients(db: sqlite_utils.Database) -> list[str]:
    raw = get_setting(db, RECIPIENTS_KEY, "") or ""
    return [r.strip() for r in raw.split(",") if r.strip()]


def set_recipients(db: sqlite_utils.Database, emails: str, actor: str) -> list[str]:
    """Save a comma-separated list of addresses (empty: nobody is emailed)."""
    found = [e.strip() for e in (emails or "").split(",") if e.strip()]
    bad = [e for e in found if "@" not in e or " " in e or len(e) > 254]
    if bad:
        raise RecipientsError(f"Not an email address: {bad[0]}")
    with write_transaction(db):
        set_setting(db, RECIPIENTS_KEY, ", ".join(found))
        audit.record(db, actor, "red_flags.recipients_set", {"recipients": len(found)})
    return found


def send_digest(db: sqlite_utils.Database, actor: str = "cadence") -> int:
    """Email the recipients how many flagged comments arrived since the last digest; returns
    that number (0: nothing sent). Comments are marked as told only once the mail went out."""
    to = recipients(db)
    published = [
        r[0]
        for r in db.execute(
            "SELECT DISTINCT f.response_id FROM red_flags f WHERE f.reviewed = 0 "
            "AND f.response_id NOT IN (SELECT response_id FROM red_flag_notices)"
        )
    ]
    sealed = [  # flags of rounds still open (storage/seal.py), kept apart until published
        r[0]
        for r in db.execute(
            "SELECT id FROM open_red_flags WHERE reviewed = 0 AND notified = 0 ORDER BY id"
        )
    ]
    count = len(published) + len(sealed)
    if not to or not count:
        return 0
    body = (
        f"{count} new flagged comment{'s' if count != 1 else ''} (harassment, threats, "
        "safety or self-harm) are waiting for review in Vitals.\n\n"
        f"Open the red-flag queue: {base_url()}admin_red_flags\n\n"
        "This email never carries the comments, their team or when they were written.\n\n"
        f"{org_name(db)}\n"
    )
    report = send_notice(db, to, f"Vitals: {count} flagged comment(s) to review", body)
    if not report.sent:
        raise MailError("No red-flag digest could be delivered: " + ", ".join(report.failed))
    with write_transaction(db):
        db.conn.executemany(
            "INSERT OR IGNORE INTO red_flag_notices (response_id) VALUES (?)",
            [(r,) for r in published],
        )
        db.conn.executemany(
            "UPDATE open_red_flags SET notified = 1 WHERE id = ?", [(r,) for r in sealed]
        )
        audit.record(db, actor, "red_flags.digest_sent", {"flags": count, "sent": report.sent})
    return count
