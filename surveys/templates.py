"""Survey templates: the built-in ones, and copies an administrator edits without code.

A template is an ordered list of bank questions, each optionally required. Rounds copy their
questions from the template when they are created (a pulse rotates through its pool), so
editing a template never changes a round that already ran.
"""

from __future__ import annotations

import sqlite_utils

from org import audit
from storage import write_transaction
from surveys import bank

WEEKLY_PULSE = "Weekly pulse"
QUARTERLY = "Quarterly engagement survey"
ONBOARDING_30 = "Onboarding check-in (30 days)"
ONBOARDING_90 = "Onboarding check-in (90 days)"
EXIT = "Exit survey"

_ONBOARDING = [
    "burnout",
    "growth_onboarding",
    "growth_training",
    "mentorship_help",
    "manager_support",
    "cohesion_respect",
    "tools_systems",
    "communication_informed",
    "eng_two_years",
    "enps",
    "comment",
]
_EXIT = [
    "enps",
    "eng_recommend",
    "workload_manageable",
    "scheduling_flexible",
    "manager_support",
    "recognition_valued",
    "growth_future",
    "tools_systems",
    "safety_speak",
    "burnout",
    "comment",
]


class TemplateError(ValueError):
    """A template edit that cannot be made (unknown question, duplicate name, ...)."""


def _pulse_pool(db: sqlite_utils.Database) -> list[str]:
    """Burnout and eNPS, every engagement item, the first item of each driver, the comment."""
    questions = list(
        db.query("SELECT id, construct, driver FROM questions WHERE active = 1 ORDER BY rowid")
    )
    engagement = [q["id"] for q in questions if q["construct"] == "engagement"]
    first_by_driver: dict[str, str] = {}
    for q in questions:
        if q["construct"] == "driver":
            first_by_driver.setdefault(q["driver"], q["id"])
    return ["burnout", "enps", *engagement, *first_by_driver.values(), "comment"]


def _full_bank(db: sqlite_utils.Database) -> list[str]:
    order = {"engagement": 0, "enps": 1, "burnout": 2, "driver": 3, "open": 4}
    rows = db.query("SELECT id, construct FROM questions WHERE active = 1 ORDER BY rowid")
    return [r["id"] for r in sorted(rows, key=lambda r: order[r["construct"]])]


def builtin_definitions(db: sqlite_utils.Database) -> list[tuple[str, str, str, list[str]]]:
    """(name, kind, description, question ids) of every built-in template."""
    return [
        (
            WEEKLY_PULSE,
            "pulse",
            "Burnout, eNPS and two engagement core items every week, three drivers in "
            "rotation, one optional comment.",
            _pulse_pool(db),
        ),
        (QUARTERLY, "quarterly", "The full question bank, once a quarter.", _full_bank(db)),
        (
            ONBOARDING_30,
            "onboarding",
            "Sent 30 days after a person's start date: are they set up to succeed?",
            _ONBOARDING,
        ),
        (
            ONBOARDING_90,
            "onboarding",
            "Sent 90 days after a person's start date: settling in, support and intent to stay.",
            _ONBOARDING,
        ),
        (
            EXIT,
            "exit",
            "For people who are leaving: what would have made them stay.",
            _EXIT,
        ),
    ]


# (template name, cadence kind, weekday, open days, offset days)
BUILTIN_CADENCES = [
    (WEEKLY_PULSE, "weekly", 0, 5, 0),
    (QUARTERLY, "quarterly", 0, 14, 0),
    (ONBOARDING_30, "onboarding", 0, 14, 30),
    (ONBOARDING_90, "onboarding", 0, 14, 90),
]


def ensure_builtin_templates(db: sqlite_utils.Database) -> dict[str, int]:
    """Create the built-in templates and their cadences when missing; returns name -> id.

    Idempotent: an existing template of the same name (perhaps edited by an administrator)
    is left as it is, and a cadence an administrator switched off stays off.
    """
    with write_transaction(db):
        bank.sync_bank(db)  # a database from before a bank change gets the new rows first
        ids: dict[str, int] = {}
        for name, kind, description, question_ids in builtin_definitions(db):
            row = db.execute("SELECT id FROM templates WHERE name = ?", [name]).fetchone()
            if row:
                ids[name] = row[0]
                continue
            cursor = db.execute(
                "INSERT INTO templates (name, kind, description) VALUES (?, ?, ?)",
                [name, kind, description],
            )
            ids[name] = cursor.lastrowid
            _write_questions(db, ids[name], [(q, False) for q in question_ids])
        if "survey_cadences" in db.table_names():
            for name, kind, weekday, open_days, offset in BUILTIN_CADENCES:
                db.execute(
                    "INSERT OR IGNORE INTO survey_cadences "
                    "(template_id, kind, weekday, open_days, offset_days) VALUES (?, ?, ?, ?, ?)",
                    [ids[name], kind, weekday, open_days, offset],
                )
    return ids


def list_templates(db: sqlite_utils.Database) -> list[dict]:
    return list(
        db.query(
            "SELECT t.id, t.name, t.kind, t.description, "
            "(SELECT count(*) FROM template_questions q WHERE q.template_id = t.id) AS questions "
            "FROM templates t ORDER BY t.id"
        )
    )


def template_questions(db: sqlite_utils.Database, template_id: int) -> list[dict]:
    """The template's questions in order, with their bank details and ``required``."""
    return list(
        db.query(
            "SELECT q.id, q.text, q.construct, q.driver, q.scale, tq.required "
            "FROM template_questions tq JOIN questions q ON q.id = tq.question_id "
            "WHERE tq.template_id = ? ORDER BY tq.position",
            [template_id],
        )
    )


def _write_questions(
    db: sqlite_utils.Database, template_id: int, questions: list[tuple[str, bool]]
) -> None:
    db.execute("DELETE FROM template_questions WHERE template_id = ?", [template_id])
    db.conn.executemany(
        "INSERT INTO template_questions (template_id, question_id, position, required) "
        "VALUES (?, ?, ?, ?)",
        [(template_id, qid, i, int(bool(req))) for i, (qid, req) in enumerate(questions)],
    )


def set_template_questions(
    db: sqlite_utils.Database,
    template_id: int,
    questions: list[tuple[str, bool]],
    actor: str,
) -> None:
    """Replace a template's questions with ``(question id, required)`` in the order given."""
    ids = [q for q, _ in questions]
    if not ids:
        raise TemplateError("A template needs at least one question.")
    if len(set(ids)) != len(ids):
        raise TemplateError("Each question can appear only once in a template.")
    known = {r[0] for r in db.execute("SELECT id FROM questions")}
    unknown = [q for q in ids if q not in known]
    if unknown:
        raise TemplateError(f"Unknown question(s): {', '.join(unknown)}.")
    texts = [
        q
        for q in ids
        if db.execute("SELECT scale FROM questions WHERE id = ?", [q]).fetchone()[0] == "text"
    ]
    if len(texts) > 1:
        raise TemplateError("A template can have at most one comment question.")
    with write_transaction(db):
        if not db.execute("SELECT 1 FROM templates WHERE id = ?", [template_id]).fetchone():
            raise TemplateError("Unknown template.")
        _write_questions(db, template_id, questions)
        audit.record(
            db, actor, "survey_template_edited", {"template_id": template_id, "questions": ids}
        )


def copy_template(db: sqlite_utils.Database, template_id: int, new_name: str, actor: str) -> int:
    """A new template with the same kind and questions, under ``new_name``."""
    new_name = new_name.strip()
    if not new_name:
        raise TemplateError("Give the copy a name.")
    with write_transaction(db):
        source = db.execute(
            "SELECT kind, description FROM templates WHERE id = ?", [template_id]
        ).fetchone()
        if source is None:
            raise TemplateError("Unknown template.")
        if db.execute("SELECT 1 FROM templates WHERE name = ?", [new_name]).fetchone():
            raise TemplateError(f"A template called {new_name!r} already exists.")
        new_id = db.execute(
            "INSERT INTO templates (name, kind, description) VALUES (?, ?, ?)",
            [new_name, source[0], source[1]],
        ).lastrowid
        db.execute(
            "INSERT INTO template_questions (template_id, question_id, position, required) "
            "SELECT ?, question_id, position, required FROM template_questions "
            "WHERE template_id = ?",
            [new_id, template_id],
        )
        audit.record(
            db,
            actor,
            "survey_template_copied",
            {"from": template_id, "to": new_id, "name": new_name},
        )
    return new_id
