"""Answer with a personal code, on a shared screen: for staff without a work email or a desk
of their own. The code opens that person's open pulses; after sending, the screen is ready
for the next person."""

from __future__ import annotations

import secrets
import time

import streamlit as st

from app_pages.common import db, literal
from app_pages.pulse_form import (
    done_key,
    render_pulse_form,
    reply_code_key,
    show_reply_code,
    show_thank_you,
)
from surveys.answering import confidentiality_note, open_pulses, submit_as_employee
from surveys.codes import FORGET_AFTER_S, CodeProblem, pulses_for_code

PERSON_KEY = "kiosk_person"  # the person whose code opened the form, this tab only
FORM_KEY = "kiosk_form"  # a fresh random form key per person: nothing carries over
DONE_AT_KEY = "kiosk_done_at"

conn = db()
st.title("Answer with a personal code")


def next_person() -> None:
    for key in [k for k in st.session_state if str(k).startswith("kiosk")]:
        del st.session_state[key]


person = st.session_state.get(PERSON_KEY)
form_key = st.session_state.get(FORM_KEY)


@st.fragment(run_every=10)
def _forget_when_left() -> None:
    started = st.session_state.setdefault(DONE_AT_KEY, time.monotonic())
    if time.monotonic() - started > FORGET_AFTER_S:
        next_person()
        st.rerun(scope="app")


if person is not None and form_key and st.session_state.get(done_key(form_key)):
    show_thank_you(*confidentiality_note(conn))
    code = st.session_state.get(reply_code_key(form_key))
    if code and st.toggle("Show my reply code (others can see this screen)", key="kiosk_show"):
        show_reply_code(code)
    st.button("Done: ready for the next person", on_click=next_person, type="primary")
    st.caption(f"This screen clears itself {FORGET_AFTER_S} seconds after sending.")
    _forget_when_left()
    st.stop()

if person is None:
    st.caption(
        "Your administrator gave you a personal code (letters and digits in groups of four). "
        "It opens your open pulses on this screen; nobody else sees your answers, and the "
        "screen forgets you when you are done."
    )
    # A printed card's QR code opens this page with ?code=: used once, then out of the URL.
    code = st.query_params.get("code")
    if code:
        del st.query_params["code"]
    else:
        with st.form("kiosk_code", clear_on_submit=True):
            code = st.text_input(
                "Personal code", type="password", placeholder="XXXX-XXXX-XXXX-XXXX"
            )
            opened = st.form_submit_button("Open my pulse", type="primary")
        if not opened:
            st.stop()
    try:
        person, pulses = pulses_for_code(conn, code)
    except CodeProblem as problem:
        st.info(literal(str(problem)), icon=":material/info:")
        st.stop()
    st.session_state[PERSON_KEY] = person
    st.session_state[FORM_KEY] = f"kiosk_{secrets.token_hex(8)}"
    st.rerun()

pulses = open_pulses(conn, person)
if not pulses:  # answered on another screen meanwhile, or the round closed
    st.info("Nothing left to answer. Thank you.", icon=":material/info:")
    st.button("Done: ready for the next person", on_click=next_person, type="primary")
    st.stop()
pulse = pulses[0]  # closing soonest; the next one opens after this is sent
st.button("Cancel: this is not me", on_click=next_person)
render_pulse_form(
    pulse,
    form_key,
    lambda answers, comment: submit_as_employee(db(), person, pulse.round_id, answers, comment),
)
