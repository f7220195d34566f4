"""Nominate: recognise a colleague for one of the organisation's values, in under a minute."""

import streamlit as st

from app_pages.common import current_viewer, db, demo_mode, literal
from recognition import RecognitionError
from recognition.nominations import (
    MAX_VALUES,
    MESSAGE_MAX,
    MESSAGE_MIN,
    colleague_choices,
    nominate,
)
from recognition.values import list_values

FIELDS = ("nominee", "nominate_values", "nominate_message", "nominate_visibility")
VISIBILITY = {
    "public": "Public: in the recognition feed for everyone",
    "private": "Private: only them and their leaders",
}

conn = db()
viewer = current_viewer()
st.title("Recognise a colleague")

if viewer.employee_id is None:
    st.info(
        "Recognition comes from a person, and this account is not linked to a person on the "
        "roster." + (" Pick who you are under **Acting as** in the sidebar." if demo_mode() else "")
    )
    st.stop()

done = st.session_state.pop("nominate_done", None)
if done:
    st.success(done)

colleagues = {c["id"]: c for c in colleague_choices(conn, viewer)}
values = {v["id"]: v for v in list_values(conn)}

with st.form("nominate"):
    nominee_id = st.selectbox(
        "Colleague",
        list(colleagues),
        index=None,
        format_func=lambda i: colleagues[i]["label"],
        placeholder="Type a name or a team",
        key="nominee",
    )
    value_ids = st.multiselect(
        "Which of our values does it show?",
        list(values),
        format_func=lambda i: values[i]["name"],
        key="nominate_values",
        max_selections=MAX_VALUES,
        select_all=False,
        help=f"Up to {MAX_VALUES}: the ones this really shows.",
    )
    message = st.text_area(
        "What did they do?",
        placeholder="Say what happened and why it mattered.",
        help=f"Between {MESSAGE_MIN} and {MESSAGE_MAX:,} characters; shown exactly as typed.",
        key="nominate_message",
    )
    visibility = st.radio(
        "Who can see it?",
        list(VISIBILITY),
        format_func=VISIBILITY.get,
        key="nominate_visibility",
    )
    submitted = st.form_submit_button("Send recognition", type="primary")

with st.expander("Our values"):
    for value in values.values():
        st.text(f"{value['name']}: {value['description']}")

if submitted:
    try:
        nominate(conn, viewer, nominee_id, value_ids, message, visibility)
    except RecognitionError as error:
        st.error(literal(error))
    else:
        name = colleagues[nominee_id]["name"]
        where = "in the recognition feed" if visibility == "public" else "privately"
        st.session_state["nominate_done"] = (
            f"Thank you. {literal(name)} will see your recognition {where}."
        )
        for key in FIELDS:
            st.session_state.pop(key, None)
        st.rerun()
