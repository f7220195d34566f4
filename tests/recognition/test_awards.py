"""Monthly awards: scope, the shortlist, one award per team per month, the audit trail."""

import datetime as dt
import json
import sqlite3

import pytest

from org.access import AccessDenied
from recognition import RecognitionError
from recognition.awards import (
    add_to_shortlist,
    award,
    award_teams,
    month_nominations,
    recent_awards,
    remove_from_shortlist,
    revoke_award,
)
from tests.recognition.small_org import (
    ANN,
    BOB,
    DAN,
    EVE,
    GUS,
    HAL,
    TEAM_A,
    TEAM_B,
    TEAM_C,
)

TODAY = dt.date(2026, 11, 25)


def audit(db):
    return [
        (r[0], r[1], json.loads(r[2]))
        for r in db.execute("SELECT actor, action, detail FROM audit_log ORDER BY id")
    ]


def test_leaders_see_the_months_nominations_for_their_people(org, as_viewer):
    rows = month_nominations(org, as_viewer(ANN), TEAM_A, "2026-11", today=TODAY)
    assert [r["id"] for r in rows] == [1]
    assert [r["id"] for r in month_nominations(org, as_viewer(HAL), TEAM_A, "2026-08", TODAY)] == [
        4
    ]
    assert [t["id"] for t in award_teams(org, as_viewer(HAL))] == [1, TEAM_A, TEAM_B]
    assert award_teams(org, as_viewer(GUS)) == []


@pytest.mark.parametrize("who", [DAN, GUS, EVE])
def test_others_cannot_see_or_decide(org, as_viewer, who):
    with pytest.raises(AccessDenied):
        month_nominations(org, as_viewer(who), TEAM_A, "2026-11", today=TODAY)
    with pytest.raises(AccessDenied):
        add_to_shortlist(org, as_viewer(who), TEAM_A, "2026-11", 1, today=TODAY)
    assert org.execute("SELECT count(*) FROM award_shortlist").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("month", "expected"),
    [("2026-13", "YYYY-MM"), ("Nov 2026", "YYYY-MM"), ("", "YYYY-MM"), ("2026-12", "not started")],
)
def test_bad_months_are_refused(org, as_viewer, month, expected):
    with pytest.raises(RecognitionError, match=expected):
        month_nominations(org, as_viewer(ANN), TEAM_A, month, today=TODAY)


def test_shortlist_then_award_is_recorded_and_unique(org, as_viewer):
    ann = as_viewer(ANN)
    with pytest.raises(RecognitionError, match="Shortlist the nomination"):
        award(org, ann, TEAM_A, "2026-11", 1, today=TODAY)
    add_to_shortlist(org, ann, TEAM_A, "2026-11", 1, today=TODAY)
    add_to_shortlist(org, ann, TEAM_A, "2026-11", 1, today=TODAY)  # twice is harmless
    award_id = award(org, ann, TEAM_A, "2026-11", 1, today=TODAY)
    stored = org.execute("SELECT team_id, month, nomination_id, decided_by FROM awards").fetchall()
    assert stored == [(TEAM_A, "2026-11", 1, "Ann Archer")] and award_id == 1
    assert audit(org) == [
        (
            "Ann Archer",
            "recognition.shortlist_add",
            {"team_id": TEAM_A, "month": "2026-11", "nomination_id": 1},
        ),
        (
            "Ann Archer",
            "recognition.award",
            {"team_id": TEAM_A, "month": "2026-11", "nomination_id": 1},
        ),
    ]
    rows = month_nominations(org, ann, TEAM_A, "2026-11", today=TODAY)
    assert (rows[0]["shortlisted"], rows[0]["awarded"]) == (1, 1)
    with pytest.raises(RecognitionError, match="revoke the award first"):
        remove_from_shortlist(org, ann, TEAM_A, "2026-11", 1, today=TODAY)
    with pytest.raises(sqlite3.IntegrityError):
        org["awards"].insert(
            {
                "team_id": TEAM_A,
                "month": "2026-11",
                "nomination_id": 1,
                "decided_by": "x",
                "decided_at": "now",
            }
        )


def test_one_award_per_team_per_month_until_revoked(org, as_viewer):
    ann = as_viewer(ANN)
    org.execute(
        "INSERT INTO nominations (id, nominator_id, nominee_id, message, created_at) "
        "VALUES (7, ?, ?, 'Another great effort this month, thanks!', '2026-11-21T09:00')",
        [BOB, 3],
    )
    for nid in (1, 7):
        add_to_shortlist(org, ann, TEAM_A, "2026-11", nid, today=TODAY)
    award(org, ann, TEAM_A, "2026-11", 1, today=TODAY)
    with pytest.raises(RecognitionError, match="already went to Bob Baker"):
        award(org, ann, TEAM_A, "2026-11", 7, today=TODAY)
    revoke_award(org, ann, TEAM_A, "2026-11", today=TODAY)
    award(org, ann, TEAM_A, "2026-11", 7, today=TODAY)
    assert org.execute("SELECT nomination_id FROM awards").fetchall() == [(7,)]
    assert [a for _, a, _ in audit(org)][-2:] == ["recognition.award_revoke", "recognition.award"]
    with pytest.raises(RecognitionError, match="no award to revoke"):
        revoke_award(org, ann, TEAM_A, "2026-10", today=TODAY)


def test_nominations_outside_the_team_or_month_cannot_be_shortlisted(org, as_viewer):
    for team, month, nid in [
        (TEAM_A, "2026-11", 2),
        (TEAM_A, "2026-11", 6),
        (TEAM_A, "2026-10", 1),
    ]:
        with pytest.raises(RecognitionError, match="not one of this month's nominations"):
            add_to_shortlist(org, as_viewer(HAL), team, month, nid, today=TODAY)


def test_no_award_to_yourself_or_to_someone_who_left(org, as_viewer):
    org.execute(
        "INSERT INTO nominations (id, nominator_id, nominee_id, message, created_at) "
        "VALUES (7, ?, ?, 'Ann organised the whole rota change.', '2026-11-02T09:00')",
        [BOB, ANN],
    )
    add_to_shortlist(org, as_viewer(ANN), TEAM_A, "2026-11", 7, today=TODAY)
    with pytest.raises(RecognitionError, match="cannot give an award to yourself"):
        award(org, as_viewer(ANN), TEAM_A, "2026-11", 7, today=TODAY)
    award(org, as_viewer(HAL), TEAM_A, "2026-11", 7, today=TODAY)  # another leader can
    org.execute("INSERT INTO team_leaders VALUES (?, ?)", [TEAM_C, GUS])
    add_to_shortlist(org, as_viewer(GUS), TEAM_C, "2026-09", 5, today=TODAY)
    with pytest.raises(RecognitionError, match="Fay Fox has left"):
        award(org, as_viewer(GUS), TEAM_C, "2026-09", 5, today=TODAY)
    assert org.execute("SELECT count(*) FROM awards").fetchone()[0] == 1


def test_recent_awards_hide_private_messages_from_outsiders(org, as_viewer):
    add_to_shortlist(org, as_viewer(ANN), TEAM_A, "2026-08", 4, today=TODAY)
    award(org, as_viewer(ANN), TEAM_A, "2026-08", 4, today=TODAY)
    outsider = recent_awards(org, as_viewer(GUS))
    assert [(a["team"], a["month"], a["nominee"], a["message"]) for a in outsider] == [
        ("Team A", "2026-08", "Cat Cole", None)
    ]
    assert recent_awards(org, as_viewer(HAL))[0]["message"].startswith("Nomination number 4")


def test_deleting_the_nominee_removes_their_awards(org, as_viewer):
    add_to_shortlist(org, as_viewer(ANN), TEAM_A, "2026-11", 1, today=TODAY)
    award(org, as_viewer(ANN), TEAM_A, "2026-11", 1, today=TODAY)
    org.execute("DELETE FROM employees WHERE id = ?", [BOB])
    assert org.execute("SELECT count(*) FROM awards").fetchone()[0] == 0
    assert org.execute("SELECT count(*) FROM award_shortlist").fetchone()[0] == 0
    assert recent_awards(org, as_viewer(ANN)) == []
