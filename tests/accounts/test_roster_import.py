"""The roster CSV importer: every error case is reported with its line and changes nothing;
a clean import is applied all-or-nothing."""

import datetime as dt

import pytest

from accounts import roster as roster_module
from accounts.roster import (
    RosterError,
    apply_import,
    export_roster,
    export_teams,
    mark_left,
    move_employee,
    plan_import,
)


def snapshot(db):
    return {
        table: sorted(map(tuple, db.execute(f"SELECT * FROM {table}").fetchall()))
        for table in ("teams", "employees", "team_leaders")
    }


@pytest.fixture
def org(db):
    db["teams"].insert_all(
        [
            {"id": 1, "name": "Revenue Cycle", "parent_id": None},
            {"id": 2, "name": "Billing", "parent_id": 1},
        ]
    )
    db["employees"].insert(
        {
            "id": 1,
            "name": "Ana Diaz",
            "email": "ana@x.org",
            "team_id": 2,
            "start_date": "2020-01-06",
        }
    )
    return db


TEAMS = "name,parent\nCoding,Revenue Cycle\nCoding North,Coding\n"
PEOPLE = (
    "name,email,team,start_date,job_role\n"
    "Ana Diaz-Lopez,ANA@x.org,Coding,2020-01-06,Coder\n"
    "Ben Okafor,ben@x.org,Coding North,2024-03-01,Coder\n"
    "Cleo Park,cleo@x.org,Billing,2023-05-02,Biller\n"
)


def errors(plan):
    return [(e.file, e.line, e.column, e.message) for e in plan.errors]


def test_clean_import_preview_then_apply(org):
    plan = plan_import(org, TEAMS, PEOPLE)
    assert plan.ok and errors(plan) == []
    assert [(t["name"], t["action"]) for t in plan.teams] == [
        ("Coding", "create"),
        ("Coding North", "create"),
    ]
    assert [(e["email"], e["action"]) for e in plan.employees] == [
        ("ANA@x.org", "update"),
        ("ben@x.org", "create"),
        ("cleo@x.org", "create"),
    ]
    assert snapshot(org)["employees"][0][1] == "Ana Diaz"  # preview wrote nothing
    counts = apply_import(org, plan, "admin")
    assert counts == {
        "teams_created": 2,
        "teams_updated": 0,
        "employees_created": 2,
        "employees_updated": 1,
        "unchanged": 0,
    }
    people = {
        r[0]: r[1:]
        for r in org.execute(
            "SELECT e.email, e.name, t.name, e.job_role FROM employees e "
            "JOIN teams t ON t.id = e.team_id"
        )
    }
    assert people["ana@x.org"] == ("Ana Diaz-Lopez", "Coding", "Coder")
    assert people["ben@x.org"] == ("Ben Okafor", "Coding North", "Coder")
    parent = org.execute(
        "SELECT p.name FROM teams t JOIN teams p ON p.id = t.parent_id "
        "WHERE t.name = 'Coding North'"
    ).fetchone()[0]
    assert parent == "Coding"
    audit = org.execute("SELECT action FROM audit_log").fetchall()
    assert ("roster_imported",) in audit


@pytest.mark.parametrize(
    ("teams", "people", "expected"),
    [
        (
            None,
            "name,email,start_date\nAna,ana@x.org,2020-01-01\n",
            [("employees", 1, "team", "missing column 'team'")],
        ),
        (
            "title,parent\nX,\n",
            None,
            [("teams", 1, "name", "missing column 'name'")],
        ),
        (
            None,
            "name,email,team,start_date\nB,b@x.org,Billing,2020-01-01\nC,B@X.org,Billing,2021-01-01\n",
            [("employees", 3, "email", "duplicate email B@X.org (also on line 2)")],
        ),
        (
            None,
            "name,email,team,start_date\nB,not-an-email,Billing,2020-01-01\n",
            [("employees", 2, "email", "'not-an-email' is not an email address")],
        ),
        (
            None,
            "name,email,team,start_date\nB,b@x.org,Nowhere,2020-01-01\n",
            [("employees", 2, "team", "unknown team 'Nowhere'")],
        ),
        (
            None,
            "name,email,team,start_date\nB,b@x.org,Billing,01/02/2020\n",
            [("employees", 2, "start_date", "'01/02/2020' is not a date (use YYYY-MM-DD)")],
        ),
        (
            None,
            "name,email,team,start_date,left_date\nB,b@x.org,Billing,2020-01-01,2020-13-01\n",
            [("employees", 2, "left_date", "'2020-13-01' is not a date (use YYYY-MM-DD)")],
        ),
        (
            None,
            "name,email,team,start_date,left_date\nB,b@x.org,Billing,2020-01-01,2019-01-01\n",
            [("employees", 2, "left_date", "left date is before the start date")],
        ),
        (
            None,
            "name,email,team,start_date\n,b@x.org,Billing,2020-01-01\n",
            [("employees", 2, "name", "name is empty")],
        ),
        (
            "name,parent\nCoding,Nowhere\n",
            None,
            [("teams", 2, "parent", "unknown team 'Nowhere'")],
        ),
        (
            "name,parent\nCoding,Billing\nCoding,Billing\n",
            None,
            [("teams", 3, "name", "team 'Coding' repeats line 2")],
        ),
        (
            # Revenue Cycle (existing) moved under Billing, which sits under Revenue Cycle.
            "name,parent\nRevenue Cycle,Billing\n",
            None,
            [
                (
                    "teams",
                    2,
                    "parent",
                    "cycle in the team hierarchy: Revenue Cycle → Billing → Revenue Cycle",
                )
            ],
        ),
        (
            "name,parent\nA,B\nB,A\n",
            None,
            [
                ("teams", 2, "parent", "cycle in the team hierarchy: A → B → A"),
                ("teams", 3, "parent", "cycle in the team hierarchy: B → A → B"),
            ],
        ),
    ],
)
def test_each_error_is_explained_and_nothing_changes(org, teams, people, expected):
    before = snapshot(org)
    plan = plan_import(org, teams, people)
    assert errors(plan) == expected
    assert not plan.ok
    with pytest.raises(RosterError):
        apply_import(org, plan, "admin")
    assert snapshot(org) == before


def test_one_bad_row_among_good_ones_imports_nothing(org):
    before = snapshot(org)
    bad = PEOPLE + "Dan,dan@x.org,Billing,2024-02-30\n"
    plan = plan_import(org, TEAMS, bad)
    assert errors(plan) == [
        ("employees", 5, "start_date", "'2024-02-30' is not a date (use YYYY-MM-DD)")
    ]
    with pytest.raises(RosterError):
        apply_import(org, plan, "admin")
    assert snapshot(org) == before


def test_a_failure_half_way_through_the_write_rolls_everything_back(org, monkeypatch):
    plan = plan_import(org, TEAMS, PEOPLE)
    before = snapshot(org)

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(roster_module.audit, "record", boom)  # fails after every row is written
    with pytest.raises(RuntimeError):
        apply_import(org, plan, "admin")
    assert snapshot(org) == before


def test_export_round_trips_through_the_importer(org):
    csv_text = export_roster(org, "admin")
    assert csv_text.splitlines()[1] == "Ana Diaz,ana@x.org,Billing,2020-01-06,,,"
    plan = plan_import(org, export_teams(org, "admin"), csv_text)
    assert plan.ok
    assert [e["action"] for e in plan.employees] == ["unchanged"]  # nothing to update
    assert {t["action"] for t in plan.teams} == {"unchanged"}
    exports = org.execute("SELECT count(*) FROM audit_log WHERE action = 'export'").fetchone()[0]
    assert exports == 2
    before = snapshot(org)
    counts = apply_import(org, plan, "admin")
    assert counts["unchanged"] == len(plan.teams) + 1 and counts["employees_updated"] == 0
    assert snapshot(org) == before


def test_a_changed_field_in_an_exported_roster_is_an_update(org):
    lines = export_roster(org, "admin").splitlines()
    lines[1] = lines[1].replace("Ana Diaz", "Ana Díaz")
    plan = plan_import(org, None, "\n".join(lines))
    assert [e["action"] for e in plan.employees] == ["update"]


def test_bom_and_header_case_are_tolerated(org):
    text = "\ufeffName,EMAIL,Team,Start_Date\nBen,ben@x.org,Billing,2024-01-01\n".encode()
    assert plan_import(org, None, text).ok


def test_mark_left_and_move(org):
    org["team_leaders"].insert({"team_id": 2, "employee_id": 1})
    with pytest.raises(RosterError):
        mark_left(org, 1, dt.date(2019, 1, 1), "admin")  # before the start date
    mark_left(org, 1, dt.date(2026, 11, 20), "admin")
    row = org.execute("SELECT status, left_date FROM employees WHERE id = 1").fetchone()
    assert row == ("left", "2026-11-20")
    assert org["team_leaders"].count == 0  # leavers lead nothing
    with pytest.raises(RosterError):
        mark_left(org, 1, dt.date(2026, 11, 21), "admin")
    org["employees"].insert(
        {"id": 2, "name": "Ben", "email": "ben@x.org", "team_id": 2, "start_date": "2021-01-01"}
    )
    move_employee(org, 2, 1, "admin")
    assert org.execute("SELECT team_id FROM employees WHERE id = 2").fetchone()[0] == 1
    with pytest.raises(RosterError):
        move_employee(org, 2, 1, "admin")
    with pytest.raises(RosterError):
        move_employee(org, 2, 99, "admin")
    actions = [r[0] for r in org.execute("SELECT action FROM audit_log ORDER BY id")]
    assert actions == ["employee_left", "employee_moved"]
