"""Invitations and one reminder by email, through the standard library's ``smtplib``.

SMTP settings live in the ``settings`` table (``smtp_*`` keys). Each message carries a fresh
personal link (added to the earlier ones, so every email a person got still works). A
round gets its invitations once and one reminder, to those who have not answered; the
``survey_mailings`` row is claimed before sending so two administrators clicking at once
cannot both send.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import sqlite3
from dataclasses import dataclass, field
from email.message import EmailMessage

import sqlite_utils

from org import audit
from org.settings import get_setting, org_name, set_setting
from storage import write_transaction
from surveys.links import base_url, link_url, reissue_token

SMTP_KEYS = ("host", "port", "sender", "user", "password", "starttls")
TIMEOUT_S = 20


class MailError(RuntimeError):
    """Mail cannot be sent as asked (no settings, already sent, server refused)."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    user: str = ""
    password: str = ""
    starttls: bool = False


@dataclass
class SendReport:
    sent: int = 0
    failed: list[str] = field(default_factory=list)


def smtp_settings(db: sqlite_utils.Database) -> SmtpSettings | None:
    """The configured SMTP server, or None when host or sender is missing."""
    values = {k: get_setting(db, f"smtp_{k}", "") or "" for k in SMTP_KEYS}
    if not values["host"] or not values["sender"]:
        return None
    try:
        port = int(values["port"] or 25)
    except ValueError:
        port = 25
    return SmtpSettings(
        values["host"],
        port,
        values["sender"],
        values["user"],
        values["password"],
        values["starttls"] == "1",
    )


def save_smtp_settings(db: sqlite_utils.Database, settings: SmtpSettings, actor: str) -> None:
    if not settings.host.strip() or "@" not in settings.sender:
        raise MailError("Give the SMTP host and a sender address.")
    if not 1 <= int(settings.port) <= 65535:
        raise MailError("The SMTP port must be between 1 and 65535.")
    with write_transaction(db):
        for key, value in (
            ("host", settings.host.strip()),
            ("port", str(int(settings.port))),
            ("sender", settings.sender.strip()),
            ("user", settings.user.strip()),
            ("password", settings.password),
            ("starttls", "1" if settings.starttls else "0"),
        ):
            set_setting(db, f"smtp_{key}", value)
        audit.record(db, actor, "smtp_settings_saved", {"host": settings.host.strip()})


def _message(
    settings: SmtpSettings,
    to: str,
    name: str,
    title: str,
    closes_on: str,
    url: str,
    org: str,
    reminder: bool,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = to
    lead = "Reminder: " if reminder else ""
    message["Subject"] = f"{lead}{title} ({org})"
    closes = dt.date.fromisoformat(closes_on)
    message.set_content(
        f"Hello {name},\n\n"
        f'{"A quick reminder: " if reminder else ""}your pulse "{title}" is open until '
        f"{closes:%A %d %B}. It takes about a minute.\n\n"
        f"Your personal link (this one or any earlier one works, once):\n{url}\n\n"
        "Your answers are stored without your name and leaders only see results for groups, "
        "never one person's answers.\n\n"
        f"{org}\n"
    )
    return message


def _claim(db: sqlite_utils.Database, round_id: int, kind: str) -> None:
    try:
        with write_transaction(db):
            db.execute(
                "INSERT INTO survey_mailings (round_id, kind, sent_at) VALUES (?, ?, ?)",
                [round_id, kind, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")],
            )
    except sqlite3.IntegrityError as error:
        what = "Invitations were" if kind == "invitation" else "The reminder was"
        raise MailError(f"{what} already sent for this round.") from error


def mailing_status(db: sqlite_utils.Database, round_id: int) -> dict[str, dict]:
    """kind -> {sent_at, sent_count} for what already went out for the round."""
    rows = db.execute(
        "SELECT kind, sent_at, sent_count FROM survey_mailings WHERE round_id = ?", [round_id]
    )
    return {r[0]: {"sent_at": r[1], "sent_count": r[2]} for r in rows}


def _open(settings: SmtpSettings) -> smtplib.SMTP:
    """A signed-in connection to the configured server, or ``MailError`` saying why not."""
    try:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_S)
        if settings.starttls:
            smtp.starttls()
        if settings.user:
            smtp.login(settings.user, settings.password)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(
            f"Cannot use the SMTP server {settings.host}:{settings.port}: {error}"
        ) from error
    return smtp


def _send(
    db: sqlite_utils.Database, round_id: int, actor: str, base: str | None, reminder: bool
) -> SendReport:
    settings = smtp_settings(db)
    if settings is None:
        raise MailError("Configure the SMTP server first.")
    base = base or base_url()  # the same base URL as make link (surveys.links.base_url)
    round_row = db.execute(
        "SELECT title, closes_on FROM rounds WHERE id = ?", [round_id]
    ).fetchone()
    if round_row is None:
        raise MailError("Unknown round.")
    kind = "reminder" if reminder else "invitation"
    recipients = db.execute(
        "SELECT i.id, e.name, e.email FROM invitations i JOIN employees e ON e.id = i.employee_id "
        "WHERE i.round_id = ? AND i.used = 0 AND e.status = 'active' ORDER BY e.id",
        [round_id],
    ).fetchall()
    _claim(db, round_id, kind)
    report = SendReport()
    org = org_name(db)
    try:
        smtp = _open(settings)
    except MailError:
        with write_transaction(db):  # nothing went out: release the claim
            db.execute(
                "DELETE FROM survey_mailings WHERE round_id = ? AND kind = ?", [round_id, kind]
            )
        raise
    with smtp:
        for invitation_id, name, email in recipients:
            try:
                url = link_url(reissue_token(db, invitation_id), base)
                smtp.send_message(_message(settings, email, name, *round_row, url, org, reminder))
                report.sent += 1
            except Exception:  # noqa: BLE001 - one bad address must not stop the rest
                report.failed.append(email)
    with write_transaction(db):
        db.execute(
            "UPDATE survey_mailings SET sent_count = ? WHERE round_id = ? AND kind = ?",
            [report.sent, round_id, kind],
        )
        audit.record(
            db,
            actor,
            f"survey_{kind}s_sent" if kind == "invitation" else "survey_reminder_sent",
            {"round_id": round_id, "sent": report.sent, "failed": len(report.failed)},
        )
    return report


def send_invitations(
    db: sqlite_utils.Database, round_id: int, actor: str, base: str | None = None
) -> SendReport:
    """Email a fresh personal link to everyone invited who has not answered (once per round)."""
    return _send(db, round_id, actor, base, reminder=False)


def send_reminder(
    db: sqlite_utils.Database, round_id: int, actor: str, base: str | None = None
) -> SendReport:
    """The one reminder of a round, to those who have not answered yet."""
    return _send(db, round_id, actor, base, reminder=True)


def send_notice(
    db: sqlite_utils.Database, recipients: list[str], subject: str, body: str
) -> SendReport:
    """A short notice to staff (not a survey link): one message per recipient."""
    settings = smtp_settings(db)
    if settings is None:
        raise MailError("Configure the SMTP server first.")
    report = SendReport()
    with _open(settings) as smtp:
        for to in recipients:
            message = EmailMessage()
            message["From"], message["To"], message["Subject"] = settings.sender, to, subject
            message.set_content(body)
            try:
                smtp.send_message(message)
                report.sent += 1
            except Exception:  # noqa: BLE001 - one bad address must not stop the rest
                report.failed.append(to)
    return report
