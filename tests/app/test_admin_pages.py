"""Administration pages as the demo administrator: happy paths and bad input."""

import datetime as dt

from streamlit.testing.v1 import AppTest

from tests.conftest import PROJECT_ROOT
from tests.helpers import shown, sign_in_as


def admin_page(name: str) -> AppTest:
    at = sign_in_as(AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60), "admin")
    at.run()
    at.switch_page(f"app_pages/{name}.py").run()
    assert not at.exception
    return at


def count(db, sql, params=()):
    return db.execute(sql, list(params)).fetchone()[0]


def test_roster_import_with_errors_changes_nothing_and_lists_each_error(demo_db_path, demo_db):
    before = count(demo_db, "SELECT count(*) FROM employees")
    at = admin_page("admin_roster")
    bad = (
        "name,email,team,start_date\n"
        "Zoe New,zoe@riverbend.example,Billing,2026-01-05\n"
        "Zed Dup,ZOE@riverbend.example,Billing,2026-01-05\n"
        "Yan Lost,yan@riverbend.example,Atlantis,2026-01-05\n"
        "Xia Date,xia@riverbend.example,Coding,5 Jan 2026\n"
    )
    at.file_uploader(key="roster_people_csv").upload("people.csv", bad.encode(), "text/csv")
    at.run()
    assert "3 problem(s) found" in at.error[0].value
    report = at.dataframe[0].value
    assert list(report["Line"]) == [3, 4, 5]
    assert list(report["Column"]) == ["email", "team", "start_date"]
    assert not [b for b in at.button if b.key == "roster_import"]
    assert count(demo_db, "SELECT count(*) FROM employees") == before


def test_roster_import_happy_path(demo_db_path, demo_db):
    at = admin_page("admin_roster")
    teams = "name,parent\nDenials,Revenue Cycle\n"
    people = "name,email,team,start_date\nZoe New,zoe@riverbend.example,Denials,2026-01-05\n"
    at.file_uploader(key="roster_teams_csv").upload("teams.csv", teams.encode(), "text/csv")
    at.file_uploader(key="roster_people_csv").upload("people.csv", people.encode(), "text/csv")
    at.run()
    assert at.dataframe[1].value["action"].tolist() == ["create"]
    at.button(key="roster_import").click().run()
    assert "1 team(s) created" in at.success[0].value
    team = count(
        demo_db,
        "SELECT t.name FROM employees e JOIN teams t ON t.id = e.team_id WHERE e.email = ?",
        ["zoe@riverbend.example"],
    )
    assert team == "Denials"


def test_mark_left_move_and_export(demo_db_path, demo_db):
    at = admin_page("admin_roster")
    who = at.selectbox(key="left_person").options[0]
    at.selectbox(key="left_person").set_value(who)
    at.date_input(key="left_date").set_value(dt.date(2000, 1, 1))
    at.button[0].click().run()  # the "Mark as left" form button
    assert shown(at.error[0].value) == "The leaving date cannot be before the start date."
    at.date_input(key="left_date").set_value(dt.date(2026, 12, 31))
    at.button[0].click().run()
    assert "marked as left" in at.success[0].value
    email = who.split("<")[1].rstrip(">")
    assert count(demo_db, "SELECT status FROM employees WHERE email = ?", [email]) == "left"

    mover = at.selectbox(key="move_person").options[0]
    at.selectbox(key="move_person").set_value(mover)
    at.selectbox(key="move_team").set_value("Coding")
    at.button[1].click().run()
    assert "moved to Coding" in at.success[0].value

    at.button(key="roster_export").click().run()
    assert len(at.get("download_button")) == 2
    assert count(demo_db, "SELECT count(*) FROM audit_log WHERE action = 'export'") == 2


def test_personal_codes_for_a_team_are_issued_once_and_audited_as_a_count(demo_db_path, demo_db):
    at = admin_page("admin_roster")
    issue = next(b for b in at.button if b.key == "codes_issue")
    assert issue.disabled  # nothing chosen, nothing issued
    at.multiselect(key="codes_teams").set_value(["Front Desk"]).run()
    next(b for b in at.button if b.key == "codes_issue").click().run()
    assert not at.exception
    front_desk = count(
        demo_db,
        "SELECT count(*) FROM employees e JOIN teams t ON t.id = e.team_id "
        "WHERE t.name = 'Front Desk' AND e.status = 'active'",
    )
    assert front_desk > 0
    assert count(demo_db, "SELECT count(*) FROM personal_codes") == front_desk
    assert (
        count(demo_db, "SELECT count(*) FROM audit_log WHERE action = 'surveys.codes_issued'") == 1
    )
    assert at.get("download_button")  # the printable CSV, offered once


def test_teams_page_refuses_a_cycle_and_sets_leaders(demo_db_path, demo_db):
    at = admin_page("admin_teams")
    at.selectbox(key="move_team_pick").set_value("Revenue Cycle")
    at.selectbox(key="move_team_parent").set_value("Billing")
    at.button[1].click().run()
    assert "cycle" in at.error[0].value
    assert count(demo_db, "SELECT parent_id FROM teams WHERE name = 'Revenue Cycle'") is None

    at.text_input(key="new_team_name").input("Denials")
    at.selectbox(key="new_team_parent").set_value("Revenue Cycle")
    at.button[0].click().run()
    assert at.success[0].value == "Team Denials created."
    denials = count(demo_db, "SELECT id FROM teams WHERE name = 'Denials'")
    at.selectbox(key="leaders_team").set_value("Denials").run()
    pick = at.multiselect(key=f"leaders_of_{denials}")
    pick.set_value([pick.options[0]])
    at.button[3].click().run()
    assert at.success[0].value == "Leaders saved."
    assert count(demo_db, "SELECT count(*) FROM team_leaders WHERE team_id = ?", [denials]) == 1


def test_accounts_page_creates_an_account_with_a_one_time_password(demo_db_path, demo_db):
    at = admin_page("admin_accounts")
    person = at.selectbox(key="new_account_person").options[2]
    at.selectbox(key="new_account_person").set_value(person)
    at.button[0].click().run()
    assert "Account created" in at.success[0].value
    password = at.code[0].value
    email = person.split("<")[1].rstrip(">")
    stored = count(demo_db, "SELECT password_hash FROM accounts WHERE login = ?", [email])
    assert stored.startswith("$argon2id$") and password not in stored
    at.button[0].click().run()  # the same person again
    assert "already" in at.error[0].value


def test_settings_threshold_and_retention(demo_db_path, demo_db):
    at = admin_page("admin_settings")
    at.number_input(key="threshold_value").set_value(2)
    at.button[0].click().run()
    assert "at least 3" in at.error[0].value
    assert count(demo_db, "SELECT value FROM settings WHERE key = 'anonymity_threshold'") == "5"
    at.number_input(key="threshold_value").set_value(6)
    at.button[0].click().run()
    assert count(demo_db, "SELECT value FROM settings WHERE key = 'anonymity_threshold'") == "6"

    comments = count(demo_db, "SELECT count(*) FROM comments")
    at.number_input(key="retention_months").set_value(3)
    at.button[1].click().run()
    purge = at.button(key="purge_comments")
    purge.click().run()
    assert "purged" in at.success[0].value
    assert 0 < count(demo_db, "SELECT count(*) FROM comments") < comments


def test_privacy_request_erases_and_shows_what_went(demo_db_path, demo_db):
    responses = count(demo_db, "SELECT count(*) FROM responses")
    at = admin_page("admin_privacy")
    who = at.selectbox(key="privacy_person").value
    email = who.split("<")[1].split(">")[0]
    assert at.button(key="privacy_erase").disabled
    at.checkbox(key="privacy_confirm").check().run()
    at.button(key="privacy_erase").click().run()
    assert at.success[0].value.startswith("Erased")
    deleted = at.dataframe[0].value
    assert deleted.set_index("Data").loc["Roster entry", "Rows"] == 1
    assert count(demo_db, "SELECT count(*) FROM employees WHERE email = ?", [email]) == 0
    assert count(demo_db, "SELECT count(*) FROM responses") == responses


def test_audit_log_filters_by_action(demo_db_path, demo_db):
    from accounts.demo import DEMO_PASSWORD
    from accounts.store import authenticate

    authenticate(demo_db, "employee", DEMO_PASSWORD)
    at = admin_page("admin_audit")
    at.multiselect(key="audit_actions").set_value(["sign_in"]).run()
    shown = at.dataframe[0].value
    assert shown[["actor", "action"]].values.tolist() == [["employee", "sign_in"]]
    at.multiselect(key="audit_actions").set_value(["account_created"]).run()
    shown = at.dataframe[0].value
    assert set(shown["action"]) == {"account_created"} and len(shown) == 4  # the demo accounts
    at.text_input(key="audit_actor").input("nobody-like-this").run()
    assert at.dataframe[0].value.empty


def test_fresh_deployment_administrator_imports_the_first_roster(isolated_database):
    from accounts.store import create_account
    from storage import connect, migrate

    db = connect(isolated_database)
    migrate(db)
    create_account(db, "it@example.org", "a long admin password", is_admin=True)
    at = sign_in_as(
        AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60), "it@example.org"
    )
    at.run()
    assert not at.exception
    at.switch_page("app_pages/admin_roster.py").run()
    assert not at.exception
    teams = "name,parent\nFront Office,\nBilling,Front Office\n"
    people = "name,email,team,start_date\nAna Diaz,ana@example.org,Billing,2024-01-08\n"
    at.file_uploader(key="roster_teams_csv").upload("teams.csv", teams.encode(), "text/csv")
    at.file_uploader(key="roster_people_csv").upload("people.csv", people.encode(), "text/csv")
    at.run()
    at.button(key="roster_import").click().run()
    assert "2 team(s) created" in at.success[0].value
    assert db["employees"].count == 1 and db["teams"].count == 2
    at.switch_page("app_pages/home.py").run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Teams"] == "2"
    db.close()


def test_top_level_teams_show_no_none_parent_and_new_rounds_close_on_friday(demo_db_path):
    """Issue 15, point 9: "None" as the parent of top-level teams; a new round closing on a
    Saturday."""
    teams = admin_page("admin_teams")
    parents = list(teams.dataframe[0].value["Parent"])
    assert "(top level)" in parents and None not in parents and "None" not in parents
    surveys = admin_page("admin_surveys")
    closes = next(d for d in surveys.date_input if d.label == "Closes on").value
    assert closes.weekday() == 4 or closes == dt.date.today()  # Friday (or today, at weekends)
