"""Who reads what in the feed, ordering and filters, and a person's own recognition."""

import datetime as dt

from app_pages.common import DEMO_ADMIN
from recognition.awards import add_to_shortlist, award
from recognition.feed import feed, my_recognition
from tests.recognition.small_org import (
    ANN,
    CAT,
    DAN,
    DEPT,
    EVE,
    GUS,
    HAL,
    PATIENT_FIRST,
    TEAM_A,
    TEAM_B,
    TEAM_C,
)

PUBLIC = [6, 1, 2, 5, 3]  # newest first
TODAY = dt.date(2026, 11, 25)


def ids(items):
    return [item["id"] for item in items]


def test_public_feed_is_newest_first_and_hides_private(org, as_viewer):
    assert ids(feed(org, as_viewer(GUS))) == PUBLIC
    assert ids(feed(org, DEMO_ADMIN)) == PUBLIC  # administering is not leading


def test_private_recognition_reaches_nominee_nominator_and_their_leaders(org, as_viewer):
    with_private = [6, 1, 2, 5, 4, 3]
    assert ids(feed(org, as_viewer(CAT))) == with_private  # the nominee
    assert ids(feed(org, as_viewer(ANN))) == with_private  # wrote it, and leads Team A
    assert ids(feed(org, as_viewer(HAL))) == with_private  # leads the department above A
    assert ids(feed(org, as_viewer(DAN))) == PUBLIC  # leads B, not A
    assert ids(feed(org, as_viewer(EVE))) == PUBLIC


def test_filters_by_team_at_the_time_and_by_value(org, as_viewer):
    viewer = as_viewer(GUS)
    assert ids(feed(org, viewer, team_id=TEAM_A)) == [1, 2]
    assert ids(feed(org, viewer, team_id=DEPT)) == [6, 1, 2, 3]
    assert ids(feed(org, viewer, team_id=TEAM_C)) == [5]
    assert ids(feed(org, viewer, value_id=PATIENT_FIRST)) == [6, 2, 3]
    assert ids(feed(org, viewer, team_id=TEAM_B, value_id=PATIENT_FIRST)) == [6, 3]


def test_items_carry_names_values_and_cross_team_flag(org, as_viewer):
    item = next(i for i in feed(org, as_viewer(GUS)) if i["id"] == 2)
    assert item["nominator"] == "Dan Drake" and item["nominator_team"] == "Team B"
    assert item["nominee"] == "Bob Baker" and item["nominee_team"] == "Team A"
    assert item["values"] == ["Patient first", "Teamwork"]
    assert item["cross_team"] is True
    assert next(i for i in feed(org, as_viewer(GUS)) if i["id"] == 1)["cross_team"] is False


def test_my_recognition_includes_private_and_awards(org, as_viewer):
    assert ids(my_recognition(org, as_viewer(CAT))) == [4]
    assert my_recognition(org, DEMO_ADMIN) == []
    add_to_shortlist(org, as_viewer(ANN), TEAM_A, "2026-08", 4, today=TODAY)
    award(org, as_viewer(ANN), TEAM_A, "2026-08", 4, today=TODAY)
    assert my_recognition(org, as_viewer(CAT))[0]["awards"] == ["Team A · 2026-08"]
    assert next(i for i in feed(org, as_viewer(HAL)) if i["id"] == 4)["awards"] == [
        "Team A · 2026-08"
    ]
