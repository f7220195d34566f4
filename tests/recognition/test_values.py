"""Values administration, and the migration that records teams on nominations."""

import pytest

from app_pages.common import DEMO_ADMIN
from org.access import AccessDenied
from recognition import RecognitionError
from recognition.nominations import nominate
from recognition.values import add_value, list_values, set_value_active, update_value
from storage.migrations import m0300_recognition
from tests.recognition.small_org import ANN, BOB, TEAM_A, TEAM_B, TEAMWORK


def names(db, **kw):
    return [v["name"] for v in list_values(db, **kw)]


def test_admin_adds_edits_and_deactivates_values_with_an_audit_trail(bare_org, as_viewer):
    new = add_value(bare_org, DEMO_ADMIN, "  Kindness ", "Small things, every day.")
    assert names(bare_org) == ["Kindness", "Patient first", "Teamwork"]
    update_value(bare_org, DEMO_ADMIN, new, "Kindness", "Small kind things, every day.")
    assert list_values(bare_org)[0]["description"] == "Small kind things, every day."
    set_value_active(bare_org, DEMO_ADMIN, TEAMWORK, False)
    assert names(bare_org) == ["Kindness", "Patient first"]
    assert "Teamwork" in names(bare_org, include_inactive=True)
    with pytest.raises(RecognitionError, match="not one of our current values"):
        nominate(
            bare_org,
            as_viewer(ANN),
            BOB,
            [TEAMWORK],
            "A long enough message for the rules.",
            "public",
        )
    set_value_active(bare_org, DEMO_ADMIN, TEAMWORK, True)
    actions = [r[0] for r in bare_org.execute("SELECT action FROM audit_log ORDER BY id")]
    assert actions == [
        "recognition.value_add",
        "recognition.value_edit",
        "recognition.value_deactivate",
        "recognition.value_activate",
    ]


@pytest.mark.parametrize(
    ("name", "description", "expected"),
    [
        ("", "", "Give the value a name"),
        ("   ", "", "Give the value a name"),
        ("teamwork", "", "already a value called"),
        ("x" * 61, "", "60 characters"),
        ("Fine", "d" * 301, "300 characters"),
    ],
)
def test_bad_values_are_refused(bare_org, name, description, expected):
    with pytest.raises(RecognitionError, match=expected):
        add_value(bare_org, DEMO_ADMIN, name, description)
    assert len(names(bare_org, include_inactive=True)) == 3
    assert bare_org.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0


def test_renaming_onto_another_value_is_refused_but_keeping_the_name_is_fine(bare_org):
    with pytest.raises(RecognitionError, match="already a value"):
        update_value(bare_org, DEMO_ADMIN, TEAMWORK, "PATIENT FIRST", "")
    update_value(bare_org, DEMO_ADMIN, TEAMWORK, "Teamwork", "New words.")
    with pytest.raises(RecognitionError, match="no longer exists"):
        set_value_active(bare_org, DEMO_ADMIN, 999, False)


def test_only_admins_change_values(bare_org, as_viewer):
    with pytest.raises(AccessDenied):
        add_value(bare_org, as_viewer(ANN), "Kindness", "")
    with pytest.raises(AccessDenied):
        set_value_active(bare_org, as_viewer(ANN), TEAMWORK, False)
    assert len(names(bare_org)) == 2


def test_migration_backfills_teams_and_is_idempotent(org):
    org.execute("UPDATE nominations SET nominator_team_id = NULL, nominee_team_id = NULL")
    with org.conn:
        m0300_recognition.migrate(org)
        m0300_recognition.migrate(org)
    row = org.execute(
        "SELECT nominator_team_id, nominee_team_id FROM nominations WHERE id = 2"
    ).fetchone()
    assert row == (TEAM_B, TEAM_A)
