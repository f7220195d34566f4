"""Copies of the data folder at different times: a flagged comment of an open round, kept in
the clear for the red-flag queue (``open_red_flags``: text, categories, day), names its author
and, once published, their whole response.

1. two copies taken while the round is open, before and after one person's submission: the
   invitation that flipped names the person, the ``open_red_flags`` row that appeared in the
   same interval is their comment (docs/PRIVACY.md admits this much only for an administrator
   comparing live participation; a copy-holder gets it from two nightly backups);
2. a copy after publication: the published comment with that text (the response's id is new,
   but the text is the same) gives all of that person's answers and the group it is listed
   under, i.e. "the person behind a published response", which the threat model says a copy
   cannot give.

Run: .venv/bin/python redteam/attack_sealed_red_flag_bridge.py
"""

from __future__ import annotations

import datetime as dt

from common import LATER, copy_of_data_folder, rows, sealed_weekly_round

from insights.releases import publish_due
from surveys.answering import submit_as_employee

db, path, people, round_id = sealed_weekly_round()


def send(n: int, e: int, day: dt.date, comment: str) -> None:
    answers = {"enps": n % 11, "burnout": 1 + n % 5}
    submit_as_employee(db, e, round_id, answers, comment, day)


for n, e in enumerate(people[:6]):
    send(n, e, dt.date(2026, 11, 17), f"comment {n}")
before = copy_of_data_folder(path)
send(6, people[6], dt.date(2026, 11, 18), "My supervisor threatened me in the car park.")
after = copy_of_data_folder(path)
for n, e in enumerate(people[7:], start=7):
    send(n, e, dt.date(2026, 11, 19), f"comment {n}")
publish_due(db, LATER)
published = copy_of_data_folder(path)

USED = "SELECT employee_id FROM invitations WHERE used = 1"
FLAGS = "SELECT text, categories, flagged_on FROM open_red_flags"
((employee,),) = rows(after, USED) - rows(before, USED)
((text, categories, day),) = rows(after, FLAGS) - rows(before, FLAGS)
((name,),) = rows(after, f"SELECT name FROM employees WHERE id = {employee}")
print(f"between two open-round copies: {name} answered; flagged ({categories}, {day}): {text!r}")
found = rows(
    published,
    "SELECT r.id, r.team_id FROM comments c JOIN responses r ON r.id = c.response_id "
    f"WHERE c.text = '{text.replace(chr(39), chr(39) * 2)}'",
)
if len(found) != 1:  # fixed: the flag's text, categories and note are sealed
    print("no published comment matches the open flag's stored text: nothing recovered")
    raise SystemExit(0)
((rid, team),) = found
answers = sorted(
    rows(published, f"SELECT question_id, value FROM answers WHERE response_id = '{rid}'")
)
print(f"RECOVERED {name}: comment {text!r}, answers {answers}, listed under group {team}")
print("truth: employee 7, enps 6, burnout 2")
