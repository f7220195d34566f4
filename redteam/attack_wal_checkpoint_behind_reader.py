"""A copy of the data folder: a submission made while another connection reads a long snapshot
stays paired with its person in the WAL until the next write.

``after_submission`` empties the WAL with ``wal_checkpoint(TRUNCATE)``, waiting at most 2 s
for readers of older snapshots. A reader that takes longer (a heavy page, publishing's driver
weights, ``make backup``'s VACUUM INTO of a large database) makes it give up; "the next call
finishes the job", but the next call is the next write: after the evening's last submission
the WAL keeps its commit (used invitation + sealed blob + the flagged comment in the clear)
all night, for the nightly file backup to take.

Run: .venv/bin/python redteam/attack_wal_checkpoint_behind_reader.py
(Before the fix: the copy's WAL pairs Person 5 with their blob and flagged comment. With it:
a thread retries the checkpoint once the reader lets go; the WAL is empty.)
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import tempfile
import time

from common import add_people, add_team, copy_of_data_folder, fresh_db, replay

os.environ["VITALS_SEAL_KEY_FILE"] = os.path.join(tempfile.mkdtemp(prefix="key-"), "seal.key")

from surveys.answering import submit_as_employee  # noqa: E402
from surveys.rounds import create_round  # noqa: E402
from surveys.templates import ensure_builtin_templates  # noqa: E402

db, path = fresh_db()
templates = ensure_builtin_templates(db)
team = add_team(db, "Billing")
people = add_people(db, team, 9)
round_id = create_round(
    db, templates["Weekly pulse"], dt.date(2026, 11, 16), dt.date(2026, 11, 20), actor="admin"
)
for e in people[:4]:
    submit_as_employee(db, e, round_id, {"enps": 5}, None, dt.date(2026, 11, 17))

reader = sqlite3.connect(path)  # a long read: a heavy page, a backup of a large database
reader.execute("BEGIN")
reader.execute("SELECT count(*) FROM invitations").fetchone()
started = time.monotonic()
text = "My supervisor threatened me in the car park."
submit_as_employee(db, people[4], round_id, {"enps": 0}, text, dt.date(2026, 11, 18))
print(f"submission returned after {time.monotonic() - started:.1f} s (checkpoint gave up)")
reader.rollback()
reader.close()
time.sleep(3)  # the evening goes on; nobody else answers
copy = copy_of_data_folder(path)
wal = os.path.getsize(f"{copy}-wal") if os.path.exists(f"{copy}-wal") else 0
print(f"WAL in the nightly copy: {wal} bytes")
QUERIES = {
    "invitation used by": "SELECT e.name FROM invitations i JOIN employees e "
    "ON e.id = i.employee_id WHERE i.used = 1",
    "blob": "SELECT id FROM sealed_responses",
    "red flag": "SELECT text FROM open_red_flags",
}
for gained in replay(copy, QUERIES):
    if len(gained["invitation used by"]) == 1:
        print("PAIRED in one commit:", {k: sorted(v) for k, v in gained.items()})
