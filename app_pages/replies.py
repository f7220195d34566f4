"""Replies to my comment: the author opens leaders' replies with the code from the thank-you.

Open to everyone, signed in or not (a personal link needs no account), and nothing here is
tied to whoever is signed in. The code stays in this session's memory only, so the page can
keep the conversation open while the author writes back; wrong codes are limited per session.

On a shared screen (the kiosk's, a ward PC) the next person must not find the conversation
open: it is forgotten as soon as its reader goes to another page (a sign-out, the kiosk's
"Done" or any other page; neither of those clears this page's keys), after ``IDLE_S`` without
a click, and by its "Close" button.
"""

from __future__ import annotations

import hashlib
import time

import streamlit as st

from actions.replies import ReplyError, answer_as_author, note_blocked_lookups, open_conversation
from app_pages.common import db, literal

CODE_KEY = "reply_code"  # the code for this session's open conversation (this session only)
TRIES_KEY = "reply_tries"  # times of wrong codes: a page, not a guessing machine
MAX_TRIES, TRY_WINDOW_S = 5, 600
HERE_KEY = "reply_close"  # a widget drawn only beside an open conversation: Streamlit drops
SHOWN_KEY = "reply_shown"  # its state when a run of another page leaves it out
SEEN_KEY = "reply_seen"  # when this session last used the open conversation
IDLE_S = 300

st.title("Replies to my comment")
st.caption(
    "When you leave a comment in a pulse, the thank-you page shows a reply code. Leaders can "
    "reply to the comment without knowing who wrote it; only the code opens their replies. "
    "Nobody is told when, or whether, a reply was read."
)


def _recent_tries() -> list[float]:
    now = time.monotonic()
    tries = [t for t in st.session_state.get(TRIES_KEY, []) if now - t < TRY_WINDOW_S]
    st.session_state[TRIES_KEY] = tries
    return tries


def _forget() -> None:
    for key in (CODE_KEY, SHOWN_KEY, SEEN_KEY, "reply_answer"):
        st.session_state.pop(key, None)


def _left_or_idle() -> bool:
    """The conversation's reader went to another page, or left the screen idle."""
    state = st.session_state
    left = state.get(SHOWN_KEY) and HERE_KEY not in state
    idle = time.monotonic() - state.get(SEEN_KEY, 0.0) > IDLE_S
    return bool(state.get(CODE_KEY) and (left or idle))


def _on_open() -> None:
    state = st.session_state
    code = state.get("reply_code_input", "")
    state.pop("reply_problem", None)
    if len(_recent_tries()) >= MAX_TRIES:
        state["reply_problem"] = "Too many codes that open nothing. Try again in ten minutes."
        return
    try:
        open_conversation(db(), code)
    except ReplyError as error:
        state[TRIES_KEY].append(time.monotonic())
        if len(state[TRIES_KEY]) == MAX_TRIES:  # one entry per blocked session, not per try
            note_blocked_lookups(db())
        state["reply_problem"] = str(error)
    else:
        _forget()
        state[CODE_KEY] = code
        state[SEEN_KEY] = time.monotonic()
        state["reply_code_input"] = ""


def _on_answer() -> None:
    state = st.session_state
    if _left_or_idle():
        _forget()
        state["reply_problem"] = "This conversation was closed after five minutes without a click."
        return
    state[SEEN_KEY] = time.monotonic()
    try:
        answer_as_author(db(), state.get(CODE_KEY), state.get("reply_answer", ""))
    except ReplyError as error:
        state["reply_problem"] = str(error)
    else:
        state["reply_answer"] = ""
        state.pop("reply_problem", None)
        state["reply_sent"] = True


with st.form("reply_open", clear_on_submit=False):
    st.text_input("Reply code", key="reply_code_input", placeholder="XXXX-XXXX-XXXX")
    st.form_submit_button("Open", on_click=_on_open, type="primary")
if problem := st.session_state.get("reply_problem"):
    st.error(literal(problem), icon=":material/error:")

if _left_or_idle():
    _forget()
code = st.session_state.get(CODE_KEY)
if not code:
    st.stop()
st.session_state[SHOWN_KEY] = True
st.button("Close: forget the code on this screen", key=HERE_KEY, on_click=_forget)
try:
    conversation = open_conversation(db(), code)
except ReplyError as error:  # the comment went since (a release removed it)
    st.session_state.pop(CODE_KEY, None)
    st.info(literal(str(error)))
    st.stop()

tag = hashlib.sha256(code.encode("utf-8")).hexdigest()[:8]  # widget keys never hold the code
st.markdown("**Your comment**")
st.markdown(f"> {literal(conversation.comment)}")
if not conversation.messages:
    st.info("No reply yet. Leaders read comments once the pulse has closed; come back later.")
for message in conversation.messages:
    who = "You" if message.from_author else literal(message.leader or "A leader")
    with st.chat_message("user" if message.from_author else "assistant"):
        st.markdown(f"**{who}**, {message.posted_on:%d %b %Y}")
        st.markdown(literal(message.body))
if st.session_state.pop("reply_sent", False):
    st.success("Sent. The leader sees it under your comment, without your name.")
if conversation.author_may_answer:
    with st.form(f"reply_answer_{tag}"):
        st.text_area(
            "Answer (the leader sees it under your comment, without your name)",
            key="reply_answer",
            max_chars=None,
        )
        st.form_submit_button("Send answer", on_click=_on_answer)
