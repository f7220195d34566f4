"""A hand-made organisation small enough to compute every recognition figure by hand.

Teams: Dept (1) with A (2) and B (3) below it; C (4) on its own; Empty (5) with nobody.
People: Ann (1, leads A), Bob (2), Cat (3) in A; Dan (4, leads B), Eve (5) in B;
Fay (6, left 2026-10-01) and Gus (7) in C; Hal (8) in Dept, leads Dept.
Values: Teamwork (1), Patient first (2), Old (3, inactive).

Nominations (as_of 2026-11-25, 90 days -> window 2026-08-27 exclusive .. 2026-11-25):
  1 Ann->Bob 2026-11-20 A->A public  Teamwork
  2 Dan->Bob 2026-10-01 B->A public  Teamwork, Patient first      (cross-team)
  3 Bob->Eve 2026-08-27 A->B public  Patient first                (on the boundary: outside)
  4 Ann->Cat 2026-08-28 A->A private Teamwork
  5 Gus->Fay 2026-09-15 C->C public  Teamwork                     (Fay has left since)
  6 Eve->Dan 2026-11-26 B->B public  Patient first                (after as_of)
"""

from __future__ import annotations

import datetime as dt

import sqlite_utils

AS_OF = dt.date(2026, 11, 25)
ANN, BOB, CAT, DAN, EVE, FAY, GUS, HAL = range(1, 9)
DEPT, TEAM_A, TEAM_B, TEAM_C, EMPTY = range(1, 6)
TEAMWORK, PATIENT_FIRST, OLD = 1, 2, 3

NOMINATIONS = [
    (1, ANN, BOB, TEAM_A, TEAM_A, "2026-11-20T10:00", "public", [TEAMWORK]),
    (2, DAN, BOB, TEAM_B, TEAM_A, "2026-10-01T09:00", "public", [TEAMWORK, PATIENT_FIRST]),
    (3, BOB, EVE, TEAM_A, TEAM_B, "2026-08-27T15:00", "public", [PATIENT_FIRST]),
    (4, ANN, CAT, TEAM_A, TEAM_A, "2026-08-28T08:00", "private", [TEAMWORK]),
    (5, GUS, FAY, TEAM_C, TEAM_C, "2026-09-15T12:00", "public", [TEAMWORK]),
    (6, EVE, DAN, TEAM_B, TEAM_B, "2026-11-26T11:00", "public", [PATIENT_FIRST]),
]


def build_small_org(db: sqlite_utils.Database, nominations: bool = True) -> None:
    db["settings"].insert_all(
        [{"key": "org_name", "value": "Small Clinic"}, {"key": "anonymity_threshold", "value": "5"}]
    )
    db["teams"].insert_all(
        [
            {"id": DEPT, "name": "Dept", "parent_id": None},
            {"id": TEAM_A, "name": "Team A", "parent_id": DEPT},
            {"id": TEAM_B, "name": "Team B", "parent_id": DEPT},
            {"id": TEAM_C, "name": "Team C", "parent_id": None},
            {"id": EMPTY, "name": "Empty", "parent_id": None},
        ]
    )
    people = [
        (ANN, "Ann Archer", TEAM_A, None),
        (BOB, "Bob Baker", TEAM_A, None),
        (CAT, "Cat Cole", TEAM_A, None),
        (DAN, "Dan Drake", TEAM_B, None),
        (EVE, "Eve Evans", TEAM_B, None),
        (FAY, "Fay Fox", TEAM_C, "2026-10-01"),
        (GUS, "Gus Gray", TEAM_C, None),
        (HAL, "Hal Hart", DEPT, None),
    ]
    db["employees"].insert_all(
        [
            {
                "id": pid,
                "name": name,
                "email": f"{name.split()[0].lower()}@clinic.example",
                "team_id": team,
                "start_date": "2025-01-01",
                "status": "left" if left else "active",
                "left_date": left,
            }
            for pid, name, team, left in people
        ]
    )
    db["team_leaders"].insert_all(
        [
            {"team_id": TEAM_A, "employee_id": ANN},
            {"team_id": TEAM_B, "employee_id": DAN},
            {"team_id": DEPT, "employee_id": HAL},
        ]
    )
    db["org_values"].insert_all(
        [
            {"id": TEAMWORK, "name": "Teamwork", "description": "We share the load.", "active": 1},
            {"id": PATIENT_FIRST, "name": "Patient first", "description": "", "active": 1},
            {"id": OLD, "name": "Old", "description": "Retired value.", "active": 0},
        ]
    )
    if not nominations:
        return
    for nid, frm, to, frm_team, to_team, at, visibility, values in NOMINATIONS:
        db["nominations"].insert(
            {
                "id": nid,
                "nominator_id": frm,
                "nominee_id": to,
                "nominator_team_id": frm_team,
                "nominee_team_id": to_team,
                "message": f"Nomination number {nid} says thank you for the help.",
                "visibility": visibility,
                "created_at": at,
            }
        )
        db["nomination_values"].insert_all([{"nomination_id": nid, "value_id": v} for v in values])
