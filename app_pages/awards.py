"""Monthly awards: a leader shortlists the month's nominations for their people and picks the
team's award. Decisions are recorded in the audit log by the domain functions."""

import datetime as dt

import pandas as pd
import streamlit as st

from app_pages.common import current_viewer, db, demo_mode, literal
from org.access import AccessDenied
from recognition import RecognitionError
from recognition.awards import (
    add_to_shortlist,
    award,
    award_teams,
    month_nominations,
    month_of,
    remove_from_shortlist,
    revoke_award,
)


def act(action, *args) -> None:
    """Run one decision; keep its outcome for the rerun that follows the click."""
    try:
        action(db(), current_viewer(), *args)
    except (RecognitionError, AccessDenied) as error:
        st.session_state["awards_outcome"] = ("error", str(error))
    else:
        st.session_state["awards_outcome"] = ("success", "Saved and recorded in the audit log.")


conn = db()
viewer = current_viewer()
st.title("Monthly awards")

teams = {t["id"]: t["name"] for t in award_teams(conn, viewer)}
if not teams:
    st.info(
        "Awards are decided by the leaders of a team."
        + (" Pick a team leader under **Acting as** in the sidebar." if demo_mode() else "")
    )
    st.stop()

today = dt.date.today()
months = [p.strftime("%Y-%m") for p in pd.period_range(end=today, periods=12, freq="M")][::-1]
left, right = st.columns(2)
team_id = left.selectbox("Team", list(teams), format_func=teams.get, key="award_team")
month = right.selectbox("Month", months, index=0, key="award_month")
st.caption(
    "Shortlist the nominations that stood out, then give one of them the team's award for "
    f"the month. {month_of(today)} is the current month."
)

outcome = st.session_state.pop("awards_outcome", None)
if outcome:
    getattr(st, outcome[0])(literal(outcome[1]))

nominations = month_nominations(conn, viewer, team_id, month)
if not nominations:
    st.info(f"Nobody in {literal(teams[team_id])} was recognised in {month}.")
awarded = [n for n in nominations if n["awarded"]]
if awarded:
    st.success(f"🏆 The {month} award went to {literal(awarded[0]['nominee'])}.")
    sure = st.checkbox("I want to revoke this award", key="revoke_confirm")
    st.button(
        "Revoke this award",
        key="revoke",
        on_click=act,
        args=(revoke_award, team_id, month),
        disabled=not sure,
    )

for n in nominations:
    with st.container(border=True):
        status = " · shortlisted" if n["shortlisted"] else ""
        status += " · 🏆 awarded" if n["awarded"] else ""
        left_note = "" if n["nominee_status"] == "active" else " · has left"
        st.text(
            f"{n['nominee']} ({n['nominee_team']}) from {n['nominator']} · "
            f"{n['created_at'][:10]} · {n['value_names'] or ''}{status}{left_note}"
        )
        st.text(n["message"])
        cols = st.columns(3)
        if n["shortlisted"]:
            cols[0].button(
                "Remove from shortlist",
                key=f"unshort_{n['id']}",
                on_click=act,
                args=(remove_from_shortlist, team_id, month, n["id"]),
            )
            if not awarded:
                cols[1].button(
                    "Give the award",
                    key=f"award_{n['id']}",
                    type="primary",
                    on_click=act,
                    args=(award, team_id, month, n["id"]),
                )
        else:
            cols[0].button(
                "Shortlist",
                key=f"short_{n['id']}",
                on_click=act,
                args=(add_to_shortlist, team_id, month, n["id"]),
            )
