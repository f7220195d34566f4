"""My open pulses: the signed-in person's unanswered invitations, with the same form."""

from __future__ import annotations

import streamlit as st

from actions.plans import employee_team, shared_with
from app_pages.common import current_viewer, db
from app_pages.pulse_form import (
    done_key,
    render_pulse_form,
    reply_code_key,
    show_reply_code,
    show_thank_you,
    show_you_said_we_did,
)
from surveys.answering import confidentiality_note, open_pulses, submit_as_employee

viewer = current_viewer()
conn = db()
st.title("My open pulses")

if viewer.employee_id is None:
    st.info("This account is not on the roster, so it has no pulses to answer.")
    st.stop()

answered = [
    key.removeprefix("mine_").removesuffix("__done")
    for key in st.session_state
    if str(key).startswith("mine_") and str(key).endswith("__done")
]
if answered:
    show_thank_you(*confidentiality_note(conn))
    for key in answered:  # each code once: gone from the session with this page
        if code := st.session_state.pop(reply_code_key(f"mine_{key}"), None):
            show_reply_code(code)
        del st.session_state[done_key(f"mine_{key}")]
    show_you_said_we_did(shared_with(conn, employee_team(conn, viewer.employee_id)))

pulses = open_pulses(conn, viewer.employee_id)
if not pulses:
    st.info("You have no open pulses right now. Thank you for keeping up!")
    st.stop()

for pulse in pulses:
    employee_id, round_id = viewer.employee_id, pulse.round_id
    render_pulse_form(
        pulse,
        f"mine_{round_id}",
        lambda answers, comment, r=round_id, e=employee_id: submit_as_employee(
            db(), e, r, answers, comment
        ),
    )
    st.divider()
