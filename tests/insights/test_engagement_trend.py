"""Issue 14: an engagement trend without artefacts. Items differ in how favourably people
answer them (pride is easy to agree with, two more years here is not); if a pulse asks a
different pair of items each week, the weekly score saws with no real change."""

import datetime as dt

from insights.changes import alerts_from
from insights.panel import series_rounds
from insights.source import Round
from insights.views import (
    WINDOW_ROUNDS,
    round_value,
    split_windows,
    standalone_rows,
    trend_rows,
    window_figures,
)
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


def test_a_quarterly_full_survey_among_the_pulses_leaves_the_trend_flat(db):
    """The quarterly survey asks all five items (3 of 5 favourable: 60 %), the pulses the
    two-item core (50 %). Trends, windows and alerts read the pulses (the series), so the
    trend stays flat; the quarterly round is its own figure, the full index."""
    team = add_team(db, "Scheduling")
    people = add_people(db, team, 8)
    weeks = 2 * WINDOW_ROUNDS
    quarterly = None
    for week in range(weeks):
        items = rotation.pulse_question_ids(
            rotation.week_index(MONDAY + dt.timedelta(weeks=week)),
            ENGAGEMENT,
            [],
            fixed=(),
            comment_id=None,
        )
        rounds = [(add_round(db, week, ("burnout", "enps", *items)), items)]
        if week == WINDOW_ROUNDS:  # the full index, in the latest window only
            quarterly = add_round(db, week, ("burnout", "enps", *ENGAGEMENT), kind="quarterly")
            rounds.append((quarterly, ENGAGEMENT))
        for round_id, asked in rounds:
            for person in people:
                values = {"burnout": 1, "enps": 9} | {q: ITEM_VALUE[q] for q in asked}
                answer(db, round_id, person, values)
    panel = panel_on(db, after_close(weeks - 1))
    assert quarterly in panel.round_ids and quarterly not in panel.series_ids
    # Set on the weekly line, the quarterly round would be a step of 10 points.
    assert round_value(panel, quarterly, team, "engagement") == 60.0
    trend = trend_rows(panel, [team], ("engagement",))
    assert len(trend) == weeks and set(trend["value"]) == {50.0}
    current, previous = split_windows(panel.series_ids)
    assert window_figures(panel, current, team).values["engagement"] == 50.0
    assert window_figures(panel, previous, team).values["engagement"] == 50.0
    alerts = alerts_from(panel, [team], "start")
    assert alerts.compared and not alerts.alerts
    own = standalone_rows(panel, team).set_index("measure")
    assert own.loc["Engagement", "value"] == 60.0 and own.loc["Engagement", "kind"] == "quarterly"
    assert own.loc["Engagement", "responses"] == 8


def test_the_series_is_the_most_frequent_kind_ties_to_the_latest():
    def rounds(*kinds):
        return [Round(i, f"r{i}", f"p{i}", MONDAY, MONDAY, k) for i, k in enumerate(kinds)]

    assert [r.id for r in series_rounds(rounds("pulse", "quarterly", "pulse"))] == [0, 2]
    assert [r.id for r in series_rounds(rounds("quarterly", "quarterly"))] == [0, 1]
    assert [r.id for r in series_rounds(rounds("pulse", "quarterly"))] == [1]
    assert series_rounds([]) == []
