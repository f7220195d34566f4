"""Issue 12's page-level attacks, replayed through AppTest: what a curious leader or a
re-organising administrator would do with the pages, and that it no longer isolates anyone."""

import pandas as pd
import streamlit as st

from surveys.answering import submit_as_employee
from tests.app.test_insights_pages import demo, open_page, text_of  # noqa: F401
from tests.conftest import DEMO_TODAY
from tests.insights.fixtures import leader_label, team_id

HIDDEN = "not shown, to protect confidentiality"
NOT_YET = "results appear when the round closes"


def _numbers(at) -> dict:
    """Every metric and every table the page shows, as plain values."""
    tables = [frame.value.to_csv(index=False) for frame in at.dataframe]
    return {"metrics": [(m.label, m.value) for m in at.metric], "tables": tables}


def _billing_member_yet_to_answer(db) -> tuple[int, int]:
    return db.execute(
        "SELECT i.employee_id, i.round_id FROM invitations i JOIN rounds r ON r.id = i.round_id "
        "JOIN teams t ON t.id = i.team_id WHERE t.name = 'Billing' AND i.used = 0 "
        "AND r.closes_on >= ? ORDER BY i.employee_id LIMIT 1",
        [DEMO_TODAY.isoformat()],
    ).fetchone()


def test_case1_a_submission_in_the_open_round_changes_nothing_a_leader_sees(demo):  # noqa: F811
    """Reload the Team and Comments pages before and after one colleague answers: before,
    the difference was that colleague's answers and comment; now both reads are the same."""
    billing = team_id(demo, "Billing")
    leader = leader_label(demo, "Billing")
    team_before = _numbers(open_page("team", leader, team=billing))
    comments_before = _numbers(open_page("comments", leader))
    person, round_id = _billing_member_yet_to_answer(demo)
    submit_as_employee(
        demo, person, round_id, {"burnout": 5, "enps": 0}, "Everything about this is awful."
    )
    st.cache_data.clear()
    team_after = open_page("team", leader, team=billing)
    assert _numbers(team_after)["metrics"] == team_before["metrics"]
    # The tables differ only in the open round's participation, never in answers.
    assert _numbers(open_page("comments", leader)) == comments_before
    assert "Everything about this is awful" not in str(comments_before)


def test_case2_a_reorg_rewrites_no_released_figure(demo):  # noqa: F811
    """Move the four-person team under Revenue Cycle: before, the department's figure for a
    closed round after the move minus before was those people's answers. Released rounds keep
    the tree they were decided on, so the figures stay exactly as they were."""
    before = open_page("overview").dataframe[0].value
    roi = team_id(demo, "Release of Information")
    revenue_cycle = team_id(demo, "Revenue Cycle")
    demo.execute("UPDATE teams SET parent_id = ? WHERE id = ?", [revenue_cycle, roi])
    st.cache_data.clear()
    after = open_page("overview").dataframe[0].value
    # No survey figure may move with a re-org (retention risk is a band: compared below too).
    survey = ["responses", "Engagement", "eNPS", "Burnout rate", "Low intent to stay"]
    survey += ["Retention risk"]
    survey += ["Participation", "rounds"]

    def revenue(table):
        return table[table["team"] == "Revenue Cycle"][survey].reset_index(drop=True)

    pd.testing.assert_frame_equal(revenue(after), revenue(before))


def test_case8_every_hidden_cell_gives_the_same_reason(demo):  # noqa: F811
    """ "fewer than 5" against "to prevent subtraction" told the reader whether a hidden group
    had at least 5 respondents; now every hidden cell says the same thing."""
    at = open_page("overview")
    notes = set(at.dataframe[0].value["note"])
    assert notes <= {"", HIDDEN, NOT_YET} and HIDDEN in notes
    roi = open_page("team", leader_label(demo, "Release of Information"))
    text = text_of(roi) + text_of(at)
    assert "fewer than" not in text and "subtraction" not in text
    assert HIDDEN in text_of(roi)
