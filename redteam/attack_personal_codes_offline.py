"""Copy of the data folder: ``personal_codes`` keeps ``employee_id`` beside an unsalted,
unkeyed SHA-256 of a 10-character code (50 bits). Guessing is limited only on the kiosk page;
offline, one sweep of the 2^50 codes checks every stored hash at once (a set lookup), and each
hit is a named person's working code: answer in their place on the kiosk in any open round
(and learn whether they have answered: the form opens or not). This script checks that a
guess is verifiable offline against the copy, measures this machine's rate and extrapolates
(the GPU rate is hashcat's published SHA-256 figure for one RTX 4090, about 2.2e10 per second).

Reply codes are the same construction with 60 bits: a sweep costs 1,000 times more and wins
only the right to answer as a comment's author (the copy holds the conversation in clear).

Run: .venv/bin/python redteam/attack_personal_codes_offline.py
Proposed fix (surveys/codes.py, actions/replies.py): an HMAC with a key kept outside the data
folder (like the SSO secret), or longer printed codes (16 characters = 80 bits).
"""

from __future__ import annotations

import hashlib
import time

from common import add_people, add_team, copy_of_data_folder, fresh_db, rows

from surveys.codes import ALPHABET, issue_codes, normalise

db, path = fresh_db()
desk = add_team(db, "Front desk")
people = add_people(db, desk, 40)
codes = issue_codes(db, people, actor="admin")
copy = copy_of_data_folder(path)
stored = dict(rows(copy, "SELECT code_hash, employee_id FROM personal_codes"))
known = codes[people[7]]  # one code, as if found by the sweep
print(
    "offline check of a guess:", stored.get(hashlib.sha256(normalise(known).encode()).hexdigest())
)
n, start = 300_000, time.perf_counter()
hits = 0
for i in range(n):  # the sweep's inner loop: encode, hash, look up among all stored hashes
    guess = "".join(ALPHABET[(i >> (5 * j)) & 31] for j in range(10))
    hits += hashlib.sha256(guess.encode()).hexdigest() in stored
rate = n / (time.perf_counter() - start)
space = 32**10
print(
    f"{len(stored)} hashes checked per guess; python here: {rate:,.0f}/s -> "
    f"{space / rate / 86400 / 365:,.0f} CPU-years; one GPU at 2.2e10/s: "
    f"{space / 2.2e10 / 3600:,.1f} hours for every code at once"
)
print(f"reply codes (60 bits), one GPU: {32**12 / 2.2e10 / 86400 / 365:,.1f} years per sweep")
