"""Invitations and the one reminder, sent to a real SMTP server on loopback (aiosmtpd)."""

import datetime as dt
import email
import re
import socket

import pytest
from aiosmtpd.controller import Controller

from org.audit import recent
from surveys import mail, rounds
from surveys.answering import open_invitation, submit_with_token
from tests.sealed import sealed_payloads
from tests.surveys.helpers import small_org

WEDNESDAY = dt.date(2026, 11, 25)


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's API
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def round_id(db):
    ids = small_org(db)
    return rounds.create_round(
        db, ids["Weekly pulse"], dt.date(2026, 11, 23), dt.date(2026, 11, 27), actor="t"
    )


def configure(db, port):
    mail.save_smtp_settings(
        db, mail.SmtpSettings("127.0.0.1", port, "pulse@riverbend.example"), "admin ann"
    )


def token_of(message):
    body = message.get_payload(decode=True).decode()
    return re.search(r"\?invite=(\S+)", body).group(1)


def test_invitations_then_one_reminder_to_those_who_have_not_answered(db, round_id, smtp_server):
    controller, inbox = smtp_server
    configure(db, controller.port)
    report = mail.send_invitations(db, round_id, "admin ann", "http://app.example/")
    assert report.sent == 4 and report.failed == []
    assert sorted(m["To"] for m in inbox.messages) == [
        "ann@x.example",
        "bo@x.example",
        "cy@x.example",
        "di@x.example",
    ]
    first = next(m for m in inbox.messages if m["To"] == "ann@x.example")
    assert first["From"] == "pulse@riverbend.example"
    assert first["Subject"].startswith("Weekly pulse")
    assert "http://app.example/?invite=" in first.get_payload(decode=True).decode()
    # Every emailed link opens the round; Ann and Cy answer.
    for message in inbox.messages:
        assert open_invitation(db, token_of(message), WEDNESDAY).round_id == round_id
    for message in inbox.messages:
        if message["To"] in ("ann@x.example", "cy@x.example"):
            submit_with_token(db, token_of(message), {"enps": 9}, None, WEDNESDAY)

    with pytest.raises(mail.MailError, match="already sent"):
        mail.send_invitations(db, round_id, "admin ann")

    inbox.messages.clear()
    report = mail.send_reminder(db, round_id, "admin ann", "http://app.example/")
    assert report.sent == 2
    assert sorted(m["To"] for m in inbox.messages) == ["bo@x.example", "di@x.example"]
    assert all(m["Subject"].startswith("Reminder: ") for m in inbox.messages)
    assert open_invitation(db, token_of(inbox.messages[0]), WEDNESDAY).round_id == round_id

    with pytest.raises(mail.MailError, match="reminder was already sent"):
        mail.send_reminder(db, round_id, "admin ann")
    assert len(inbox.messages) == 2
    status = mail.mailing_status(db, round_id)
    assert status["invitation"]["sent_count"] == 4 and status["reminder"]["sent_count"] == 2
    actions = [e["action"] for e in recent(db)]
    assert "survey_invitations_sent" in actions and "survey_reminder_sent" in actions


def test_sending_without_settings_or_server_is_refused_cleanly(db, round_id):
    with pytest.raises(mail.MailError, match="Configure"):
        mail.send_invitations(db, round_id, "admin ann")
    configure(db, _free_port())  # nothing listens there
    with pytest.raises(mail.MailError, match="Cannot use the SMTP server"):
        mail.send_invitations(db, round_id, "admin ann")
    assert mail.mailing_status(db, round_id) == {}  # the claim was released


def test_bad_settings_are_refused(db):
    with pytest.raises(mail.MailError):
        mail.save_smtp_settings(db, mail.SmtpSettings("", 25, "x@y.example"), "a")
    with pytest.raises(mail.MailError):
        mail.save_smtp_settings(db, mail.SmtpSettings("h", 25, "no-at-sign"), "a")
    with pytest.raises(mail.MailError):
        mail.save_smtp_settings(db, mail.SmtpSettings("h", 70000, "x@y.example"), "a")
    assert mail.smtp_settings(db) is None


def test_three_sends_later_the_first_emailed_link_still_answers_exactly_once(
    db, round_id, smtp_server
):
    """Issue 15: invitation, links CSV, reminder; Bo clicks the first email he got."""
    import csv
    import io

    from surveys.answering import LinkProblem
    from surveys.links import export_links_csv
    from tests.surveys.helpers import counts

    controller, inbox = smtp_server
    configure(db, controller.port)
    mail.send_invitations(db, round_id, "admin ann", "http://app.example/")
    first = {m["To"]: token_of(m) for m in inbox.messages}
    text, _ = export_links_csv(db, round_id, "admin ann", "http://app.example/")
    from_csv = {
        r["email"]: r["link"].split("invite=", 1)[1] for r in csv.DictReader(io.StringIO(text))
    }
    inbox.messages.clear()
    mail.send_reminder(db, round_id, "admin ann", "http://app.example/")
    reminded = {m["To"]: token_of(m) for m in inbox.messages}
    bo = [first["bo@x.example"], from_csv["bo@x.example"], reminded["bo@x.example"]]
    assert len(set(bo)) == 3
    for token in bo:  # all three of Bo's links open his pulse
        assert open_invitation(db, token, WEDNESDAY).round_id == round_id
    submit_with_token(db, bo[0], {"enps": 7}, None, WEDNESDAY)
    for token in bo:  # ... and once answered, none of them stores anything more
        with pytest.raises(LinkProblem) as problem:
            submit_with_token(db, token, {"enps": 1}, None, WEDNESDAY)
        assert problem.value.kind == "used"
    assert counts(db) == (1, 1, 0, 1)
    assert [p["answers"] for p in sealed_payloads(db).values()] == [{"enps": 7}]
