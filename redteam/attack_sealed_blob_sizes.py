"""Copies of the data folder at different times: a sealed blob's length outlives publication.

Blobs are padded to 256 bytes, but a comment may be 1000 characters, and the payload is JSON
with ``ensure_ascii`` (an accented letter is 6 bytes, an emoji 12): a blob's length says the
comment's length in 256-byte steps, whether the comment raised a red flag (the flag id is in
the payload) and how many questions were answered. After publication every comment's length
is in the clear, so a blob of an unusual length points at one published response.

1. two copies taken while the round is open, before and after one person's submission: the
   invitation that flipped names the person, the blob that appeared gives its length;
2. a copy after publication: the one comment whose length fits that blob, and its answers.
No reply code is needed.

Run: .venv/bin/python redteam/attack_sealed_blob_sizes.py
(Before the fix (256-byte steps): blobs of 285 and 797 bytes, the long one named. With it:
every blob 8221 bytes, no comment singled out.)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile

from common import add_people, add_team, copy_of_data_folder, fresh_db, rows

os.environ["VITALS_SEAL_KEY_FILE"] = os.path.join(tempfile.mkdtemp(prefix="key-"), "seal.key")

from insights.releases import publish_due  # noqa: E402
from storage.seal import _PAD_TO  # noqa: E402
from surveys.answering import submit_as_employee  # noqa: E402
from surveys.rounds import create_round  # noqa: E402
from surveys.templates import ensure_builtin_templates  # noqa: E402

OPENS, CLOSES, LATER = dt.date(2026, 11, 16), dt.date(2026, 11, 20), dt.date(2026, 11, 25)
OVERHEAD = 1 + 12 + 16  # version, nonce, tag

db, path = fresh_db()
templates = ensure_builtin_templates(db)
billing = add_team(db, "Billing")
people = add_people(db, billing, 12)
round_id = create_round(db, templates["Weekly pulse"], OPENS, CLOSES, actor="admin")
COMMENTS = [
    "Rota is fine.",
    "More notice of shift changes please.",
    None,
    "Good week.",
    "The new portal keeps logging us out, which costs everyone time every morning.",
    "Thanks to the team lead for covering.",
    # the target: a long comment, as people write when something is really wrong
    "Since the restructure " + "the workload has doubled and nobody listens " * 12,
    "Ok.",
    "Canteen café closes too early — could it stay open till 8? ☕☕☕",
    None,
    "Parking.",
    "Happy overall.",
]


def send(n: int, e: int, day: dt.date) -> None:
    answers = {"enps": n % 11, "burnout": 1 + n % 5}
    submit_as_employee(db, e, round_id, answers, COMMENTS[n], day)


for n, e in enumerate(people[:6]):
    send(n, e, dt.date(2026, 11, 17))
before = copy_of_data_folder(path)
send(6, people[6], dt.date(2026, 11, 18))  # the only one who answered on Wednesday
after = copy_of_data_folder(path)
for n, e in enumerate(people[7:], start=7):
    send(n, e, dt.date(2026, 11, 19))
print(
    "blob lengths in the open round:",
    sorted(
        n for (n,) in rows(copy_of_data_folder(path), "SELECT length(blob) FROM sealed_responses")
    ),
)
publish_due(db, LATER)
published = copy_of_data_folder(path)

USED = "SELECT employee_id FROM invitations WHERE used = 1"
BLOBS = "SELECT id, length(blob) FROM sealed_responses"
((employee,),) = rows(after, USED) - rows(before, USED)
((blob_id, size),) = rows(after, BLOBS) - rows(before, BLOBS)
((name,),) = rows(after, f"SELECT name FROM employees WHERE id = {employee}")
print(f"between two open-round copies: {name} used their link; blob {blob_id[:8]} of {size} bytes")


def padded(comment: str, answers: int) -> int:
    """The padded length a response with this comment would have (answers' values: 1 digit)."""
    payload = {
        "team_id": billing,
        "tenure_band": "3-5 years",
        "job_family": "Specialist",
        "submitted_on": "2026-11-18",
        "answers": {f"q{i}": 1 for i in range(answers)},
        "comment": comment,
        "flag": None,
    }
    data = len(json.dumps(payload, separators=(",", ":")))
    return OVERHEAD + data + (-data % _PAD_TO)


fits = [
    (rid, text)
    for rid, text in rows(published, "SELECT response_id, text FROM comments")
    if padded(text, 2) == size
]
print(f"published comments whose blob would be {size} bytes: {len(fits)}")
if len(fits) == 1:
    ((rid, text),) = fits
    answers = sorted(
        rows(published, f"SELECT question_id, value FROM answers WHERE response_id = '{rid}'")
    )
    print(f"RECOVERED {name}: answers {answers}, comment {text[:60]!r}...")
print("truth: enps 6, burnout 2, the long comment")
