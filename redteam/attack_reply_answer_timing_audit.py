"""An administrator (who may reply to any released comment) replies, then keeps the Comments
page open: the author's answer shows under the card as soon as it is stored, so polling dates
it to the minute, and the Audit log's ``sign_in`` entries (to the second, method "session" for
every new tab or reload) in that minute name who came in to write it. The stored answer keeps
only its day; what the page shows gave away the minute. (Timescale compressed to seconds.)

Run: .venv/bin/python redteam/attack_reply_answer_timing_audit.py [--main]
"""

from __future__ import annotations

import datetime as dt
import sys
import time

from common import add_people, add_team, fresh_db

import actions.replies as replies
from accounts.session import create_session, resume_session
from accounts.store import create_account
from insights.releases import publish_due
from org import audit
from org.access import Viewer
from storage import seal_closed_rounds
from surveys.answering import submit_as_employee
from surveys.rounds import create_round
from surveys.templates import ensure_builtin_templates

OPENS, CLOSES, TODAY = dt.date(2026, 11, 16), dt.date(2026, 11, 20), dt.date(2026, 11, 25)
ADMIN = Viewer(None, "HR administrator", "admin")

db, path = fresh_db()
templates = ensure_builtin_templates(db)
team = add_team(db, "Billing")
people = add_people(db, team, 8)
round_id = create_round(db, templates["Weekly pulse"], OPENS, CLOSES, actor="admin")
author = people[3]
rid = submit_as_employee(db, author, round_id, {"enps": 2}, "Rota is unfair.", OPENS)
code = replies.issue_code(db, rid)
for e in people:
    if e != author:
        submit_as_employee(db, e, round_id, {"enps": 8}, None, OPENS)
publish_due(db, TODAY)
seal_closed_rounds(db, TODAY)
tokens = {
    e: create_session(db, create_account(db, f"p{e}@x", "pw-123456789", employee_id=e).id)
    for e in people
}
replies.reply_as_leader(db, ADMIN, rid, "Which shifts?", TODAY)


def shown_to_admin() -> bool:
    """What the Comments page draws under the card (``threads``), on the day it is read."""
    kwargs = {} if "--main" in sys.argv else {"today": TODAY}
    return any(m.from_author for m in replies.threads(db, [rid], **kwargs)[rid])


polls = []
for e in [people[0], people[5], author, people[6], people[1]]:
    time.sleep(1.1)
    resume_session(db, tokens[e])  # someone opens Vitals in a new tab: audited sign_in
    if e == author:
        time.sleep(0.3)
        replies.answer_as_author(db, code, "Nights, three weeks running.", TODAY)
    polls.append((dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), shown_to_admin()))

first = next((at for at, seen in polls if seen), None)
before = max((at for at, seen in polls if not seen), default=None)
print("admin's polls:", polls)
if first is None:
    print("the answer never showed on the day it was written: nothing to date")
    sys.exit()
signed_in = [
    e["actor"] for e in audit.recent(db) if e["action"] == "sign_in" and before < e["at"] <= first
]
print(f"answer appeared between {before} and {first}; signed in then: {signed_in}")
print("the author was", f"p{author}@x")
