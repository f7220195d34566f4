"""Copies of the data folder at different times: the reply code's hash outlives publication.

A comment's reply code is stored as ``reply_codes(code_hash, response_id)`` right after the
submission, with the sealed blob's id. Publishing gives the response a fresh id "it never had
while sealed", but only rewrites ``reply_codes.response_id``: the ``code_hash`` stays. So

1. two copies taken while the round is open, one before and one after a person's submission
   (nightly file backups, snapshots): the used invitation that flipped names the person, the
   ``reply_codes`` row that appeared gives their code hash (and blob id);
2. a copy taken after publication: the same code hash points to the published response, with
   all its answers and the comment.

Run: .venv/bin/python redteam/attack_sealed_reply_code_bridge.py
"""

from __future__ import annotations

import datetime as dt

from common import LATER, copy_of_data_folder, rows, sealed_weekly_round

from actions.replies import issue_code
from insights.releases import publish_due
from surveys.answering import submit_as_employee

db, path, people, round_id = sealed_weekly_round()


def send(n: int, e: int, day: dt.date) -> None:
    rid = submit_as_employee(
        db, e, round_id, {"enps": n % 11, "burnout": 1 + n % 5}, f"comment {n}", day
    )
    issue_code(db, rid)  # the thank-you page shows the author their reply code


for n, e in enumerate(people[:6]):  # Monday and Tuesday
    send(n, e, dt.date(2026, 11, 17))
monday_night = copy_of_data_folder(path)  # nightly file backup
target = people[6]
send(6, target, dt.date(2026, 11, 18))  # the only one who answered on Wednesday
wednesday_night = copy_of_data_folder(path)
for n, e in enumerate(people[7:], start=7):
    send(n, e, dt.date(2026, 11, 19))
publish_due(db, LATER)
after_publication = copy_of_data_folder(path)

USED = "SELECT employee_id FROM invitations WHERE used = 1"
CODES = "SELECT code_hash, response_id FROM reply_codes"
who = rows(wednesday_night, USED) - rows(monday_night, USED)
codes = rows(wednesday_night, CODES) - rows(monday_night, CODES)
print(f"between the two open-round copies: invitations used by {sorted(who)}; new codes {codes}")
((employee,),) = who
((code_hash, blob_id),) = codes
((name,),) = rows(wednesday_night, f"SELECT name FROM employees WHERE id = {employee}")
published = dict(rows(after_publication, CODES)).get(code_hash)
if published is None:  # fixed: publication re-keys the hash with the seal key
    print("the code's hash is not in the published copy: nothing recovered")
    raise SystemExit(0)
print(f"blob {blob_id} -> published response {published} (same code hash after publication)")
answers = sorted(
    rows(
        after_publication,
        f"SELECT question_id, value FROM answers WHERE response_id = '{published}'",
    )
)
comment = rows(after_publication, f"SELECT text FROM comments WHERE response_id = '{published}'")
print(f"RECOVERED {name} (employee {employee}): answers {answers}, comment {comment}")
print(f"truth: employee {target}, comment 'comment 6', enps 6, burnout 2")
