"""Issue 14: an engagement trend without artefacts. Items differ in how favourably people
answer them (pride is easy to agree with, two more years here is not); if a pulse asks a
different pair of items each week, the weekly score saws with no real change."""

import datetime as dt

from insights.views import trend_rows
from surveys import rotation
from tests.insights.builders import MONDAY, add_people, add_round, add_team, answer
from tests.insights.test_release_attacks import after_close, panel_on

ENGAGEMENT = ["eng_pride", "eng_recommend", "eng_motivation", "eng_stay", "eng_two_years"]
# The same answer every week from everyone: item-specific means and no change at all.
ITEM_VALUE = {"eng_pride": 5, "eng_recommend": 5, "eng_motivation": 2, "eng_stay": 2,
              "eng_two_years": 4}  # fmt: skip
WEEKS = 6


def weekly_engagement(db, items_of_week) -> list[float | None]:
    team = add_team(db, "Scheduling")
    people = add_people(db, team, 8)
    for week in range(WEEKS):
        items = items_of_week(rotation.week_index(MONDAY + dt.timedelta(weeks=week)))
        round_id = add_round(db, week, ("burnout", "enps", *items))
        for person in people:
            answer(
                db, round_id, person, {"burnout": 1, "enps": 9} | {q: ITEM_VALUE[q] for q in items}
            )
    panel = panel_on(db, after_close(WEEKS - 1))
    trend = trend_rows(panel, [team], ("engagement",))
    return list(trend["value"])


def test_the_weekly_engagement_core_gives_a_flat_trend(db):
    values = weekly_engagement(
        db,
        lambda week: rotation.pulse_question_ids(week, ENGAGEMENT, [], fixed=(), comment_id=None),
    )
    assert len(values) == WEEKS and None not in values
    assert set(values) == {50.0}  # recommend favourable, intent to stay not: every week


def test_rotating_the_items_would_saw(db):
    """The design this replaced: two of the five items in rotation. The same answers give a
    trend that jumps between 0 and 100 %: the test above can fail."""
    values = weekly_engagement(db, lambda week: rotation.rotate(ENGAGEMENT, week, 2))
    assert None not in values and max(values) - min(values) >= 50
