import pytest

from org.audit import recent
from surveys import bank, templates
from surveys.templates import TemplateError, ensure_builtin_templates


@pytest.fixture
def seeded(db):
    bank.sync_bank(db)
    return db


def names(db):
    return [r[0] for r in db.execute("SELECT name FROM templates ORDER BY id")]


def question_ids(db, template_id):
    return [q["id"] for q in templates.template_questions(db, template_id)]


def test_builtin_templates_are_created_once(seeded):
    first = ensure_builtin_templates(seeded)
    second = ensure_builtin_templates(seeded)
    assert first == second
    assert names(seeded) == [
        "Weekly pulse",
        "Quarterly engagement survey",
        "Onboarding check-in (30 days)",
        "Onboarding check-in (90 days)",
        "Exit survey",
    ]
    kinds = dict(seeded.execute("SELECT name, kind FROM templates").fetchall())
    assert kinds["Weekly pulse"] == "pulse" and kinds["Exit survey"] == "exit"
    assert seeded.execute("SELECT count(*) FROM survey_cadences").fetchone()[0] == 4


def test_weekly_pulse_pool_has_fixed_items_every_engagement_item_and_one_item_per_driver(seeded):
    ids = ensure_builtin_templates(seeded)
    pool = question_ids(seeded, ids["Weekly pulse"])
    assert pool[:2] == ["burnout", "enps"]
    assert pool[2:7] == [
        "eng_pride",
        "eng_recommend",
        "eng_motivation",
        "eng_stay",
        "eng_two_years",
    ]
    drivers = [
        seeded.execute("SELECT driver FROM questions WHERE id = ?", [q]).fetchone()[0]
        for q in pool[7:-1]
    ]
    assert sorted(drivers) == sorted(bank.DRIVERS) and len(drivers) == 11
    assert pool[-1] == "comment"


def test_quarterly_survey_asks_the_full_active_bank(seeded):
    ids = ensure_builtin_templates(seeded)
    quarterly = question_ids(seeded, ids["Quarterly engagement survey"])
    active = {r[0] for r in seeded.execute("SELECT id FROM questions WHERE active = 1")}
    assert set(quarterly) == active and len(quarterly) == len(active) == 31
    assert quarterly[-1] == "comment"


def test_an_administrators_edit_survives_ensure(seeded):
    ids = ensure_builtin_templates(seeded)
    exit_id = ids["Exit survey"]
    templates.set_template_questions(seeded, exit_id, [("enps", True), ("comment", False)], "ann")
    ensure_builtin_templates(seeded)
    assert question_ids(seeded, exit_id) == ["enps", "comment"]
    seeded.execute("UPDATE survey_cadences SET active = 0 WHERE kind = 'quarterly'")
    ensure_builtin_templates(seeded)
    assert (
        seeded.execute("SELECT active FROM survey_cadences WHERE kind = 'quarterly'").fetchone()[0]
        == 0
    )


def test_copy_then_add_remove_and_reorder_questions(seeded):
    ids = ensure_builtin_templates(seeded)
    copy_id = templates.copy_template(seeded, ids["Exit survey"], "  Exit survey (short) ", "ann")
    assert question_ids(seeded, copy_id) == question_ids(seeded, ids["Exit survey"])
    assert seeded.execute("SELECT kind FROM templates WHERE id = ?", [copy_id]).fetchone()[0] == (
        "exit"
    )
    templates.set_template_questions(
        seeded, copy_id, [("comment", False), ("tools_automation", True), ("enps", False)], "ann"
    )
    rows = templates.template_questions(seeded, copy_id)
    assert [(r["id"], r["required"]) for r in rows] == [
        ("comment", 0),
        ("tools_automation", 1),
        ("enps", 0),
    ]
    # The original is untouched.
    assert question_ids(seeded, ids["Exit survey"])[0] == "enps"
    actions = [e["action"] for e in recent(seeded)]
    assert "survey_template_copied" in actions and "survey_template_edited" in actions


@pytest.mark.parametrize(
    "questions, message",
    [
        ([], "at least one"),
        ([("enps", False), ("enps", True)], "only once"),
        ([("nope", False)], "Unknown question"),
    ],
)
def test_bad_template_edits_are_refused_and_change_nothing(seeded, questions, message):
    ids = ensure_builtin_templates(seeded)
    before = question_ids(seeded, ids["Exit survey"])
    with pytest.raises(TemplateError, match=message):
        templates.set_template_questions(seeded, ids["Exit survey"], questions, "ann")
    assert question_ids(seeded, ids["Exit survey"]) == before


def test_two_comment_questions_are_refused(seeded):
    ids = ensure_builtin_templates(seeded)
    bank.add_question(seeded, "exit_open", "Anything else?", "open", "ann")
    with pytest.raises(TemplateError, match="one comment"):
        templates.set_template_questions(
            seeded, ids["Exit survey"], [("comment", False), ("exit_open", False)], "ann"
        )


def test_copy_needs_a_new_unique_name(seeded):
    ids = ensure_builtin_templates(seeded)
    with pytest.raises(TemplateError, match="already exists"):
        templates.copy_template(seeded, ids["Exit survey"], "Weekly pulse", "ann")
    with pytest.raises(TemplateError, match="name"):
        templates.copy_template(seeded, ids["Exit survey"], "   ", "ann")


def test_administrators_add_questions_with_the_scale_of_their_construct(seeded):
    bank.add_question(
        seeded,
        "workload_breaks",
        "I can take my breaks.",
        "driver",
        "ann",
        driver="workload",
        source="Mini-Z",
    )
    row = seeded.execute(
        "SELECT construct, driver, scale, source FROM questions WHERE id = 'workload_breaks'"
    ).fetchone()
    assert tuple(row) == ("driver", "workload", "agree5", "Mini-Z")
    # Re-syncing the shipped CSV keeps administrator rows.
    bank.sync_bank(seeded)
    assert seeded.execute("SELECT 1 FROM questions WHERE id = 'workload_breaks'").fetchone()


@pytest.mark.parametrize(
    "qid, text, construct, driver, message",
    [
        ("Bad Id", "Text", "engagement", None, "id must"),
        ("ok_id", "", "engagement", None, "text"),
        ("ok_id", "x" * 301, "engagement", None, "text"),
        ("ok_id", "Text", "mood", None, "construct"),
        ("ok_id", "Text", "driver", "parking", "driver"),
        ("enps", "Text", "enps", None, "already exists"),
    ],
)
def test_bad_questions_are_refused(seeded, qid, text, construct, driver, message):
    before = seeded.execute("SELECT count(*) FROM questions").fetchone()[0]
    with pytest.raises(bank.QuestionError, match=message):
        bank.add_question(seeded, qid, text, construct, "ann", driver=driver)
    assert seeded.execute("SELECT count(*) FROM questions").fetchone()[0] == before


def test_ensure_brings_an_older_bank_up_to_date_first(db):
    bank.sync_bank(db)
    db.execute("DELETE FROM questions WHERE id = 'growth_onboarding'")  # as before it shipped
    ids = ensure_builtin_templates(db)
    assert "growth_onboarding" in question_ids(db, ids["Onboarding check-in (30 days)"])
