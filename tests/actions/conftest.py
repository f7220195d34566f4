"""A hand-made organisation for the actions tests: one department, a team that acts, three
comparable teams, and a team too small to release."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from org.access import Viewer, viewer_for_employee
from surveys.bank import sync_bank
from tests.insights.builders import add_people, add_team

ADMIN = Viewer(None, "Test administrator", "admin")


@dataclass
class Org:
    dept: int
    team: int
    others: list[int]
    tiny: int
    people: dict[int, list[int]]
    leader: Viewer
    other_leader: Viewer
    employee: Viewer


@pytest.fixture
def org(db) -> Org:
    sync_bank(db)
    dept = add_team(db, "Operations")
    team = add_team(db, "Billing", dept)
    others = [add_team(db, name, dept) for name in ("Coding", "Scheduling", "Referrals")]
    tiny = add_team(db, "Release", dept)
    people = {t: add_people(db, t, 6) for t in [team, *others]}
    people[tiny] = add_people(db, tiny, 3)
    db["team_leaders"].insert_all(
        [
            {"team_id": team, "employee_id": people[team][0]},
            {"team_id": others[0], "employee_id": people[others[0]][0]},
            {"team_id": tiny, "employee_id": people[tiny][0]},
        ]
    )
    return Org(
        dept,
        team,
        others,
        tiny,
        people,
        viewer_for_employee(db, people[team][0]),
        viewer_for_employee(db, people[others[0]][0]),
        viewer_for_employee(db, people[team][3]),
    )
