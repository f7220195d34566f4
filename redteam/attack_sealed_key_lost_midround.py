"""Nothing lost? A key missing while a round is open is silently replaced by a new one.

``seal`` creates the key on first use, so when the key file is missing mid-round (a server
moved or restored without it, ``$HOME``/``$XDG_CONFIG_HOME`` or ``VITALS_SEAL_KEY_FILE``
different for the cadence job than for the app), the next submission makes a fresh key and
seals with it. The round now holds blobs under two keys: publishing needs every blob to open,
so it refuses with either key, and keeps refusing after the old key is restored.

Run: .venv/bin/python redteam/attack_sealed_key_lost_midround.py
(Before the fix: 5 submissions taken under a new key, publishing refused with either key.
With it: those submissions are refused, their links stay unused, the restored key publishes.)
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

from common import add_people, add_team, fresh_db

KEY = Path(tempfile.mkdtemp(prefix="key-")) / "seal.key"
os.environ["VITALS_SEAL_KEY_FILE"] = str(KEY)

from insights.releases import publish_due  # noqa: E402
from storage.seal import SealError  # noqa: E402
from surveys.answering import submit_as_employee  # noqa: E402
from surveys.rounds import create_round  # noqa: E402
from surveys.templates import ensure_builtin_templates  # noqa: E402

OPENS, CLOSES, LATER = dt.date(2026, 11, 16), dt.date(2026, 11, 20), dt.date(2026, 11, 25)
db, path = fresh_db()
templates = ensure_builtin_templates(db)
billing = add_team(db, "Billing")
people = add_people(db, billing, 10)
round_id = create_round(db, templates["Weekly pulse"], OPENS, CLOSES, actor="admin")

for e in people[:5]:
    submit_as_employee(db, e, round_id, {"enps": 8}, None, dt.date(2026, 11, 17))
saved = KEY.read_bytes()
KEY.unlink()  # the server moved to a new machine; the key's backup is restored later
stored = []
for e in people[5:]:
    try:
        submit_as_employee(db, e, round_id, {"enps": 3}, None, dt.date(2026, 11, 18))
        stored.append(e)
    except SealError as error:
        print(f"submission refused: {error}")
print(
    f"submissions taken without the round's key: {len(stored)} (a new key was made: {KEY.exists()})"
)
for label in ("without the old key", "after restoring the old key"):
    if label.startswith("after"):
        KEY.write_bytes(saved)
    try:
        print(f"{label}: published {publish_due(db, LATER, strict=True)}")
    except SealError:
        print(
            f"{label}: publishing refused (SealError); blobs kept:",
            db.execute("SELECT count(*) FROM sealed_responses").fetchone()[0],
        )
shutil.rmtree(KEY.parent)
