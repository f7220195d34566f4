"""Home: what Vitals is and the organisation at a glance (roster figures, no survey results)."""

import streamlit as st

from actions.plans import employee_team, shared_with
from actions.sharing import results_for_employee
from app_pages.common import db, literal, signed_in_viewer
from app_pages.pulse_form import show_you_said_we_did
from insights.red_flags import open_count
from org.settings import org_name
from org.teams import org_summary, team_tree
from surveys.answering import open_pulses

conn = db()
st.title(f"Vitals · {literal(org_name(conn))}")
st.caption(
    "Employee engagement and early warning for healthcare back-office teams. "
    "Answers are anonymous: leaders only ever see groups of at least the anonymity threshold."
)

viewer = signed_in_viewer()
if viewer is not None and (flags := open_count(conn, viewer)):
    st.warning(
        f"{flags} flagged comment{'s' if flags != 1 else ''} (harassment, threats, safety or "
        "self-harm) waiting for review.",
        icon=":material/flag:",
    )
    st.page_link("app_pages/admin_red_flags.py", label="Open the red-flag queue")
if viewer is not None and viewer.employee_id is not None:
    if pulses := open_pulses(conn, viewer.employee_id):
        first = pulses[0]
        st.info(
            f"You have {len(pulses)} open pulse{'s' if len(pulses) != 1 else ''}: "
            f"**{literal(first.title)}** closes {first.closes_on:%A %d %B}. About a minute.",
            icon=":material/how_to_vote:",
        )
        st.page_link("app_pages/my_pulses.py", label="Answer now", icon=":material/edit_note:")
    show_you_said_we_did(shared_with(conn, employee_team(conn, viewer.employee_id)))
    for result in results_for_employee(conn, viewer.employee_id)[:2]:
        st.markdown(
            f"**Results shared with {literal(result.team)}: {literal(result.round_title)}** "
            f"({result.responses} responses)"
        )
        for line in result.lines:
            st.markdown(f"- {literal(line)}")

summary = org_summary(conn)
cols = st.columns(4)
cols[0].metric("Teams", summary["teams"])
cols[1].metric("People", summary["active_employees"])
cols[2].metric("Pulse rounds", summary["rounds"])
if summary["latest_participation"] is not None:
    cols[3].metric("Latest pulse participation", f"{summary['latest_participation']:.0%}")
if summary["latest_round"]:
    latest = literal(summary["latest_round"])
    st.write(f"Latest pulse: **{latest}** (closes {summary['latest_closes_on']}).")

st.subheader("Teams")
teams = team_tree(conn)
st.dataframe(
    teams[["parent", "name", "headcount", "leaders"]].rename(
        columns={
            "parent": "Department",
            "name": "Team",
            "headcount": "People",
            "leaders": "Leaders",
        }
    ),
    hide_index=True,
    width="stretch",
)
