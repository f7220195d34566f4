"""Answer a pulse from a personal link (``?invite=TOKEN``): no sign-in needed."""

from __future__ import annotations

import hashlib

import streamlit as st

from actions.plans import shared_with
from app_pages.common import db
from app_pages.pulse_form import (
    done_key,
    render_pulse_form,
    show_problem,
    show_thank_you,
    show_you_said_we_did,
)
from surveys.answering import LinkProblem, confidentiality_note, open_invitation, submit_with_token

conn = db()
token = st.query_params.get("invite", "")
# Session keys carry a digest of the token, never the token itself.
form_key = "invite_" + hashlib.sha256(token.encode("utf-8")).hexdigest()[:16]

st.title("Pulse survey")
team_key = form_key + "__team"  # the invitation's team, for "you said, we did" afterwards
if st.session_state.get(done_key(form_key)):
    show_thank_you(*confidentiality_note(conn), form_key)
    show_you_said_we_did(shared_with(conn, st.session_state.get(team_key)))
    st.stop()

try:
    pulse = open_invitation(conn, token)
except LinkProblem as problem:
    show_problem(problem)
    st.stop()

st.session_state[team_key] = pulse.team_id
render_pulse_form(
    pulse,
    form_key,
    lambda answers, comment: submit_with_token(db(), token, answers, comment),
)
