"""The survey administration page: rounds, links CSV, templates, question bank, email."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import DEMO_TODAY, PROJECT_ROOT
from tests.helpers import sign_in_as

PAGE = str(PROJECT_ROOT / "app_pages" / "admin_surveys.py")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("VITALS_TODAY", DEMO_TODAY.isoformat())


def admin_page():
    return sign_in_as(AppTest.from_file(PAGE, default_timeout=60), "admin").run()


def test_admin_exports_links_for_those_who_have_not_answered(demo_db):
    at = admin_page()
    assert not at.exception
    round_id = at.selectbox(key="admin_round").value
    unused = demo_db.execute(
        "SELECT count(*) FROM invitations i JOIN employees e ON e.id = i.employee_id "
        "WHERE i.round_id = ? AND i.used = 0 AND e.status = 'active'",
        [round_id],
    ).fetchone()[0]
    at.button(key="export_links").click().run()
    assert not at.exception
    assert any(s.value == f"{unused} links ready." for s in at.success)
    detail = demo_db.execute(
        "SELECT detail FROM audit_log WHERE action = 'survey_links_exported'"
    ).fetchone()[0]
    assert f'"links": {unused}' in detail


def test_admin_adds_a_question_and_bad_input_gets_a_message(demo_db):
    at = admin_page()
    form_inputs = {t.label: t for t in at.text_input}
    form_inputs["Id (lower case, e.g. workload_breaks)"].input("workload_breaks")
    form_inputs["Question"].input("I can take my breaks.")
    at.selectbox[len(at.selectbox) - 2].set_value("engagement")
    at.button(key=next(b.key for b in at.button if b.label == "Add question")).click().run()
    assert not at.exception
    assert demo_db.execute(
        "SELECT construct, scale FROM questions WHERE id = 'workload_breaks'"
    ).fetchone() == ("engagement", "agree5")
    next(t for t in at.text_input if t.label.startswith("Id (lower case")).input("Bad Id")
    at.button(key=next(b.key for b in at.button if b.label == "Add question")).click().run()
    assert any("id must start" in e.value for e in at.error)


def test_admin_copies_a_template(demo_db):
    at = admin_page()
    name_box = next(t for t in at.text_input if t.label == "Name of the copy")
    name_box.input("Weekly pulse (billing)")
    at.button(key=next(b.key for b in at.button if b.label == "Copy template")).click().run()
    assert not at.exception
    copied = demo_db.execute(
        "SELECT count(*) FROM template_questions tq JOIN templates t ON t.id = tq.template_id "
        "WHERE t.name = 'Weekly pulse (billing)'"
    ).fetchone()[0]
    assert copied == 19


def test_employees_cannot_open_the_page(demo_db):
    employee = demo_db.execute(
        "SELECT id FROM employees WHERE id NOT IN (SELECT employee_id FROM team_leaders) "
        "AND status = 'active' LIMIT 1"
    ).fetchone()[0]
    at = sign_in_as(AppTest.from_file(PAGE, default_timeout=30), employee).run()
    assert any("access" in e.value.lower() for e in at.error)
    assert len(at.tabs) == 0


def test_admin_creates_a_round_for_chosen_people_and_sees_participation(demo_db):
    at = admin_page()
    exit_id = demo_db.execute("SELECT id FROM templates WHERE name = 'Exit survey'").fetchone()[0]
    people = demo_db.execute(
        "SELECT id FROM employees WHERE status = 'active' ORDER BY id LIMIT 2"
    ).fetchall()
    template = [s for s in at.selectbox if s.label == "Template"][0]  # the new-round form's
    template.set_value(exit_id)
    audience = next(r for r in at.radio if r.label == "Audience")
    audience.set_value("employees")
    chosen = next(m for m in at.multiselect if m.label == "People")
    chosen.set_value([people[0][0], people[1][0]])
    at.button(key=next(b.key for b in at.button if b.label == "Create round")).click().run()
    assert not at.exception
    assert any(s.value.startswith("Round created") for s in at.success)
    invited = demo_db.execute(
        "SELECT i.employee_id FROM invitations i JOIN rounds r ON r.id = i.round_id "
        "WHERE r.template_id = ? ORDER BY 1",
        [exit_id],
    ).fetchall()
    assert [r[0] for r in invited] == [people[0][0], people[1][0]]
