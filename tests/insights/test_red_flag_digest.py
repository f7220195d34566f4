"""Who is told about red flags (issue 15): a digest to named recipients through a real local
SMTP server, with a count and a link, never the text; each flag counted once."""

import pytest

from insights import red_flag_digest as digest
from surveys.mail import MailError
from tests.insights.builders import add_people, add_round, add_team, answer
from tests.surveys.test_mail import configure, smtp_server  # noqa: F401

THREAT = "He threatened me in the car park again."


def flagged_comment(db, text=THREAT) -> str:
    team = add_team(db, "Front Desk")
    person = add_people(db, team, 1)[0]
    response = answer(db, add_round(db, 0), person, {"burnout": 4}, comment=text)
    db.execute("INSERT INTO red_flags (response_id, category) VALUES (?, 'threats')", [response])
    return response


def test_the_digest_tells_the_recipients_a_count_and_never_the_text(db, smtp_server):  # noqa: F811
    controller, inbox = smtp_server
    configure(db, controller.port)
    digest.set_recipients(db, "hr@riverbend.example, lead@riverbend.example", actor="admin")
    flagged_comment(db)
    assert digest.send_digest(db) == 1
    assert sorted(m["To"] for m in inbox.messages) == [
        "hr@riverbend.example",
        "lead@riverbend.example",
    ]
    body = inbox.messages[0].get_payload(decode=True).decode()
    assert "1 new flagged comment" in body and "admin_red_flags" in body
    assert "threatened" not in body and "Front Desk" not in body
    assert digest.send_digest(db) == 0  # told once
    assert len(inbox.messages) == 2


def test_no_recipients_or_no_server_sends_nothing_and_forgets_nothing(db):
    flagged_comment(db)
    assert digest.send_digest(db) == 0  # nobody named: nothing to do
    digest.set_recipients(db, "hr@riverbend.example", actor="admin")
    with pytest.raises(MailError, match="Configure the SMTP server first"):
        digest.send_digest(db)
    assert db.execute("SELECT count(*) FROM red_flag_notices").fetchone()[0] == 0


def test_recipients_must_be_addresses(db):
    with pytest.raises(digest.RecipientsError, match="Not an email address: hr"):
        digest.set_recipients(db, "hr, ok@riverbend.example", actor="admin")
    assert digest.recipients(db) == []


def test_a_flag_of_an_open_round_is_counted_once_and_stays_told_once_published(
    db,
    smtp_server,  # noqa: F811
):
    """A flag raised at submission waits apart from its sealed response (storage/seal.py):
    the digest counts it once, and not again when publication moves it onto the response."""
    import datetime as dt

    from insights.releases import publish_due
    from surveys.answering import submit_as_employee

    controller, inbox = smtp_server
    configure(db, controller.port)
    digest.set_recipients(db, "hr@riverbend.example", actor="admin")
    team = add_team(db, "Front Desk")
    people = add_people(db, team, 5)
    round_id = add_round(db, 0, questions=("burnout", "comment"))
    opens, closes = db.execute(
        "SELECT opens_on, closes_on FROM rounds WHERE id = ?", [round_id]
    ).fetchone()
    db.conn.executemany(
        "INSERT INTO invitations (round_id, employee_id, team_id, token_hash, used) "
        "VALUES (?, ?, ?, ?, 0)",
        [(round_id, p, team, f"h-open-{p}") for p in people],
    )
    day = dt.date.fromisoformat(opens)
    for p in people:
        submit_as_employee(db, p, round_id, {"burnout": 4}, THREAT if p == people[0] else None, day)
    assert digest.send_digest(db) == 1
    assert digest.send_digest(db) == 0
    assert publish_due(db, dt.date.fromisoformat(closes) + dt.timedelta(days=1)) == [round_id]
    assert db.execute("SELECT count(*) FROM red_flags WHERE reviewed = 0").fetchone()[0] >= 1
    assert digest.send_digest(db) == 0  # told already, while its round was open
    assert len(inbox.messages) == 1
