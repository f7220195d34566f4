"""Copy of the data folder: the WAL is a log of writes in commit order, and neither the reply
code (issued in its own transaction right after the submission's checkpoint) nor the author's
answer to a leader (no checkpoint at all) is followed by a checkpoint. The signed-in author's
next page load touches ``sessions.last_seen`` (account id) in the very next commit, so a copy
pairs the comment's response (all its answers) with the person.

Run: .venv/bin/python redteam/attack_reply_wal_session_pairs.py [--main]
(``--main``: without the fix on branch redteam2, as on main: no checkpoint after a code or an
author's answer. On main it pairs 1/1 and 6/6; with the fix 0/1 and 0/6, and section 3 shows the
guess that remains.)
"""

from __future__ import annotations

import datetime as dt
import sys

from common import add_people, add_team, copy_of_data_folder, fresh_db, replay, rows

from accounts.session import check_session, create_session, token_hash
from accounts.store import create_account
from actions.replies import answer_as_author, issue_code, reply_as_leader
from insights.releases import publish_due
from org.access import viewer_for_employee
from storage import seal_closed_rounds
from surveys.answering import submit_as_employee
from surveys.rounds import create_round
from surveys.templates import ensure_builtin_templates

if "--main" in sys.argv:
    import actions.replies

    actions.replies.checkpoint_and_truncate = lambda *a, **k: False

OPENS, CLOSES = dt.date(2026, 11, 16), dt.date(2026, 11, 20)
ANSWERED, LATER = dt.date(2026, 11, 18), dt.date(2026, 11, 25)
NOW = dt.datetime(2026, 11, 18, 9, 0, tzinfo=dt.UTC)

db, path = fresh_db()
templates = ensure_builtin_templates(db)
billing = add_team(db, "Billing")
people = add_people(db, billing, 9)
db["team_leaders"].insert({"team_id": billing, "employee_id": people[0]})
account = {
    e: create_account(db, f"p{e}@x.example", "pw-123456789", employee_id=e).id for e in people
}
round_id = create_round(db, templates["Weekly pulse"], OPENS, CLOSES, actor="admin")
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

QUERIES = {
    "reply_codes": "SELECT response_id FROM reply_codes",
    "sessions": "SELECT a.employee_id, s.last_seen FROM sessions s "
    "JOIN accounts a ON a.id = s.account_id",
    "author_answers": "SELECT response_id, body FROM comment_replies WHERE from_author = 1",
}


def signed_in(employee: int, at: dt.datetime) -> str:
    return token_hash(create_session(db, account[employee], now=at))


def attack(label: str, truth: dict[str, int]) -> None:
    copy = copy_of_data_folder(path)
    commits = replay(copy, QUERIES)
    print(f"\n== {label}: {len(commits)} commits in the copy's WAL")
    found = {}
    for i, gained in enumerate(commits):
        response = gained["reply_codes"] or gained["author_answers"]
        nxt = commits[i + 1]["sessions"] if i + 1 < len(commits) else set()
        if response and len(nxt) == 1:
            ((rid, *_),) = response
            ((employee, seen),) = nxt
            found[rid] = employee
            ((name,),) = rows(copy, f"SELECT name FROM employees WHERE id = {employee}")
            answers = sorted(
                rows(copy, f"SELECT question_id, value FROM answers WHERE response_id = '{rid}'")
            )
            print(f"response {rid} -> {name} (session touched {seen}); answers {answers}")
    right = sum(found.get(r) == e for r, e in truth.items())
    print(f"paired {len(found)}, right {right} of {len(truth)}")


# 1. Open round: signed-in people answer on "My open pulses", most with a comment. Each one
#    signed in a few minutes before sending (a form takes more than TOUCH_SECONDS to fill).
truth, codes = {}, {}
for n, e in enumerate(people[1:8]):
    start = NOW + dt.timedelta(minutes=10 * n)
    session = signed_in(e, start)
    comment = None if n == 3 else f"comment {n}: the portal logs us out"
    rid = submit_as_employee(db, e, round_id, {"enps": n, "burnout": 1 + n % 5}, comment, ANSWERED)
    if comment:
        codes[rid] = issue_code(db, rid)  # pulse_form._on_submit, after the checkpoint
        truth[rid] = e
    check_session(db, session, now=start + dt.timedelta(minutes=2))  # the thank-you's rerun
last = rid
attack("copy while the round is open (after the last submission)", {last: people[7]})


def newest_reply_code(copy) -> str | None:
    """The reply code written last: lowest cell offset of its page (one page in a small org)."""
    from tests.storage.test_at_rest import cells, leaf_pages, record, roots, varint

    data = copy.read_bytes()
    size = int.from_bytes(data[16:18], "big")
    pages = leaf_pages(data, size, roots(copy)["reply_codes"])
    if len(pages) != 1:
        return None
    page = pages[0][1]
    offset = min(cells(page)[1])
    return record(page, varint(page, offset)[1])[1].decode()


copy = copy_of_data_folder(path)
commits = replay(copy, QUERIES)
first = next((c["sessions"] for c in commits if c["sessions"]), set())
from tests.storage.test_at_rest import offset_order  # noqa: E402

(page,) = offset_order(copy)[0]  # responses, oldest insert first (one page in a small org)
print(
    f"\n== residual guess (open round, not from replies: any signed-in submission): newest"
    f" response by offset {page[-1]};"
    f" newest reply code by offset {newest_reply_code(copy)}"
    f" (truly {last}); first session touch in the WAL {sorted(first)} (truly {people[7]})"
)

# 2. The round closes, is published and sealed; a week later the leader replies to every
#    comment and authors answer from their signed-in session.
submit_as_employee(db, people[8], round_id, {"enps": 9}, None, ANSWERED)
publish_due(db, LATER)
seal_closed_rounds(db, LATER)
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
leader = viewer_for_employee(db, people[0])
for rid in truth:
    reply_as_leader(db, leader, rid, "Thanks - what would help most?", LATER)
for n, (rid, e) in enumerate(truth.items()):
    start = NOW + dt.timedelta(days=7, minutes=10 * n)
    session = signed_in(e, start)  # a new tab: signed in from the cookie
    answer_as_author(db, codes[rid], f"answer {n}: longer sessions", LATER)  # Replies page
    check_session(db, session, now=start + dt.timedelta(minutes=2))  # the page's rerun
attack("copy after authors answered the leader's replies (round sealed)", truth)

# 3. What is left once a code and an author's answer are checkpointed at once: the WAL then
#    starts with whatever the next write is (often the author's own session touch), and the
#    newest author answer is the highest comment_replies id: a guess, right when nothing else
#    was written in between (closing it needs a checkpoint after a session touch too).
copy = copy_of_data_folder(path)
commits = replay(copy, QUERIES)
first = next((c["sessions"] for c in commits if c["sessions"]), set())
newest = rows(
    copy,
    "SELECT response_id FROM comment_replies WHERE from_author = 1 "
    "AND id = (SELECT max(id) FROM comment_replies)",
)
print(
    f"\n== residual guess: first session touch in the WAL {sorted(first)}; "
    f"newest author answer {sorted(newest)}"
)
