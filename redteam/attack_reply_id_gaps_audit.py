"""An administrator, through the Audit log page only: every leader reply is audited with its
``comment_replies`` id and the second it was posted; an author's answer takes the next id of
the same sequence, unaudited. So a gap in the audited reply ids dates an author's answer to
between the two audited replies around it, and the ``sign_in`` entries in that interval name
who came in to write it. The administrator can make the interval as short as they like by
replying (anywhere they may) every minute; which comment was answered shows under its card the
next day. A copy of the data folder gives the same from the rows (ids and byte offsets) and
the audit table. (Timescale compressed to seconds.)

Run: .venv/bin/python redteam/attack_reply_id_gaps_audit.py
(on main it names the author; with the fix on redteam2, leaders' replies take even ids, an
author's answer the odd id after the message it answers, and the table is re-shuffled in the
file after each answer: no gap, no order.)
"""

from __future__ import annotations

import datetime as dt
import json
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
comments = {}
for e in people:
    rid = submit_as_employee(db, e, round_id, {"enps": e % 11}, f"comment of {e}", OPENS)
    comments[rid] = (e, replies.issue_code(db, rid))
publish_due(db, TODAY)
seal_closed_rounds(db, TODAY)
tokens = {
    e: create_session(db, create_account(db, f"p{e}@x", "pw-123456789", employee_id=e).id)
    for e in people
}
ids = list(comments)
author_rid = ids[4]
author, code = comments[author_rid]
replies.reply_as_leader(db, ADMIN, author_rid, "Which shifts?", TODAY)
# The administrator replies to other comments every "minute" while people come and go.
for step, e in enumerate([people[0], people[6], author, people[2], people[7]]):
    time.sleep(2.1)
    resume_session(db, tokens[e])  # opens Vitals in a new tab: audited sign_in
    if e == author:
        time.sleep(0.2)
        replies.answer_as_author(db, code, "Nights.", TODAY)
    time.sleep(0.2)
    replies.reply_as_leader(db, ADMIN, ids[step % 3], f"Thanks ({step})", TODAY)

# --- the Audit log page ---------------------------------------------------------------------
log = list(reversed(audit.recent(db)))
posted = [
    (json.loads(e["detail"])["reply"], e["at"])
    for e in log
    if e["action"] == "comment_reply_posted"
]
print("audited reply ids:", [i for i, _ in posted])
steps = [b - a for (a, _), (b, _) in zip(posted, posted[1:], strict=False)]
usual = min(steps, default=1)  # leaders' replies follow one another by this step
for (a, at_a), (b, at_b) in zip(posted, posted[1:], strict=False):
    if b - a > usual:
        who = [e["actor"] for e in log if e["action"] == "sign_in" and at_a < e["at"] <= at_b]
        print(
            f"ids {a + 1}..{b - 1} unaudited (an author's answer) between {at_a} and {at_b};"
            f" signed in then: {who}"
        )
if all(s == usual for s in steps):
    print("no gap in the audited ids: nothing dates an author's answer")
print("the author was", f"p{author}@x")
