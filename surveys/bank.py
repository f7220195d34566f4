"""The question bank: a reviewed CSV shipped with the code, synced into ``questions``.

The CSV is the reviewed source; administrators may add rows to the table too (the sync only
inserts or refreshes the shipped ids and never deletes).
"""

from __future__ import annotations

import csv
from pathlib import Path

import sqlite_utils

BANK_FILE = Path(__file__).with_name("question_bank.csv")

DRIVERS: dict[str, str] = {
    "workload": "Workload and staffing",
    "scheduling": "Scheduling and hours",
    "manager": "Manager support",
    "recognition": "Recognition",
    "growth": "Training and growth",
    "mentorship": "Mentorship and peer support",
    "communication": "Communication with front office and clinicians",
    "tools": "Tools and technology",
    "cohesion": "Team cohesion",
    "autonomy": "Autonomy",
    "safety": "Psychological safety",
}


def read_bank(path: Path = BANK_FILE) -> list[dict]:
    """Rows of the shipped bank, with an empty driver read as ``None``."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["driver"] = row["driver"] or None
    return rows


def sync_bank(db: sqlite_utils.Database, path: Path = BANK_FILE) -> int:
    """Insert or refresh the shipped questions; returns how many rows were written."""
    rows = read_bank(path)
    db["questions"].upsert_all(rows, pk="id")
    return len(rows)


def questions_by_construct(db: sqlite_utils.Database, construct: str) -> list[dict]:
    return list(
        db.query(
            "SELECT * FROM questions WHERE construct = ? AND active = 1 ORDER BY rowid",
            [construct],
        )
    )
