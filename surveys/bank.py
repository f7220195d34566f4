"""The question bank: a reviewed CSV shipped with the code, synced into ``questions``.

The CSV is the reviewed source; administrators may add rows to the table too (the sync only
inserts or refreshes the shipped ids and never deletes).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import sqlite_utils

from org import audit
from storage import write_transaction

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


CONSTRUCT_SCALES = {
    "engagement": "agree5",
    "enps": "nps11",
    "burnout": "burnout5",
    "driver": "agree5",
    "open": "text",
}
MAX_QUESTION_CHARS = 300
_ID = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


class QuestionError(ValueError):
    """A question an administrator tried to add that the bank cannot take."""


def add_question(
    db: sqlite_utils.Database,
    question_id: str,
    text: str,
    construct: str,
    actor: str,
    driver: str | None = None,
    source: str = "",
) -> None:
    """Add a question to the bank table (administrators extend the shipped CSV this way).

    The scale follows from the construct so every stored answer stays comparable.
    """
    question_id, text, source = question_id.strip(), text.strip(), source.strip()
    if not _ID.match(question_id):
        raise QuestionError(
            "The id must start with a letter and use 2-40 lower-case letters, digits or _."
        )
    if construct not in CONSTRUCT_SCALES:
        raise QuestionError(f"Unknown construct {construct!r}.")
    if not text or len(text) > MAX_QUESTION_CHARS:
        raise QuestionError(f"The question text must be 1-{MAX_QUESTION_CHARS} characters.")
    if construct == "driver":
        if driver not in DRIVERS:
            raise QuestionError("Choose which driver the question measures.")
    else:
        driver = None
    with write_transaction(db):
        if db.execute("SELECT 1 FROM questions WHERE id = ?", [question_id]).fetchone():
            raise QuestionError(f"A question with id {question_id!r} already exists.")
        db.execute(
            "INSERT INTO questions (id, text, construct, driver, scale, source) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [question_id, text, construct, driver, CONSTRUCT_SCALES[construct], source],
        )
        audit.record(db, actor, "survey_question_added", {"id": question_id})


def list_questions(db: sqlite_utils.Database) -> list[dict]:
    return list(
        db.query(
            "SELECT id, construct, driver, scale, text, source, active FROM questions "
            "ORDER BY rowid"
        )
    )
