"""The pulse form shared by the personal-link page and "My open pulses".

One column, one question per block with "k of n" progress, radio options as large tap
targets, an optional comment, and one submit button. The comment box has no ``max_chars``:
Streamlit's box ignores a paste that would pass it (the box stayed empty and the answers went
without the comment). A comment over the limit is kept in the box instead, nothing is sent,
and the person chooses: shorten it, or keep its first ``COMMENT_MAX_CHARS`` characters. The
submission runs in the button's callback, before the page is drawn again, so the page shows
either the thank-you or the form with a clear message: never both, and a second click finds
the link used instead of storing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from actions.plans import Action
from actions.replies import ReplyError, issue_code
from app_pages.common import StorageError, db, literal
from surveys.answering import (
    InvalidAnswers,
    LinkProblem,
    OpenPulse,
    comment_length,
    comment_within_limit,
)
from surveys.scales import COMMENT_MAX_CHARS

log = logging.getLogger(__name__)
Submit = Callable[[dict[str, object], object], str]


def widget_key(form_key: str, question_id: str) -> str:
    return f"{form_key}__{question_id}"


def done_key(form_key: str) -> str:
    return f"{form_key}__done"


def reply_code_key(form_key: str) -> str:
    return f"{form_key}__reply_code"


def error_key(form_key: str) -> str:
    return f"{form_key}__error"


def notice_key(form_key: str) -> str:
    return f"{form_key}__notice"


def _too_long(length: int) -> tuple[str, list[str]]:
    return (
        "too_long",
        [
            f"Your comment is {length:,} characters; the limit is {COMMENT_MAX_CHARS:,}. "
            "It is still in the box and nothing was sent: shorten it, or keep its first "
            f"{COMMENT_MAX_CHARS:,} characters with the button below."
        ],
    )


def _on_trim(form_key: str) -> None:
    """The person chose to keep the first COMMENT_MAX_CHARS characters of their comment."""
    state = st.session_state
    key = widget_key(form_key, "comment")
    state[key] = comment_within_limit(state.get(key) or "")
    state.pop(error_key(form_key), None)
    state[notice_key(form_key)] = (
        f"Your comment now holds its first {COMMENT_MAX_CHARS:,} characters. Check how it "
        "ends, then send."
    )


def _on_submit(pulse: OpenPulse, form_key: str, submit: Submit) -> None:
    state = st.session_state
    state.pop(notice_key(form_key), None)
    answers = {
        q.id: state.get(widget_key(form_key, q.id))
        for q in pulse.rated
        if state.get(widget_key(form_key, q.id)) is not None
    }
    comment = state.get(widget_key(form_key, "comment")) if pulse.comment else None
    state.pop(error_key(form_key), None)
    if comment_length(comment) > COMMENT_MAX_CHARS:  # never send the answers without it
        state[error_key(form_key)] = _too_long(comment_length(comment))
        return
    try:
        response_id = submit(answers, comment)
    except InvalidAnswers as error:
        state[error_key(form_key)] = ("invalid", error.problems)
    except LinkProblem as problem:
        state[error_key(form_key)] = ("link", [problem.message])
    except StorageError:  # e.g. the sealing key is missing: its path is not for this page
        log.exception("A submission could not be stored; nothing was changed.")
        state[error_key(form_key)] = (
            "invalid",
            ["The survey cannot take answers right now. Your link still works: please try "
             "again later."],
        )  # fmt: skip
    else:
        state[done_key(form_key)] = True
        if comment_length(comment):
            state[reply_code_key(form_key)] = _reply_code(response_id)


def _reply_code(response_id: str) -> str | None:
    """The comment's reply code, kept in this session only while its thank-you shows. The
    answers are stored already: a failure here costs the code, never the response."""
    try:
        return issue_code(db(), response_id)
    except (ReplyError, StorageError):
        return None


def show_problem(problem: LinkProblem) -> None:
    """A friendly page for a link that cannot be answered."""
    if problem.kind == "used":
        st.success(literal(problem.message), icon=":material/task_alt:")
    else:
        st.info(literal(problem.message), icon=":material/info:")


def show_thank_you(will: str, will_not: str, form_key: str | None = None) -> None:
    """The thank-you; with ``form_key``, also the reply code of the comment just given."""
    st.success("Thank you. Your answers are in.", icon=":material/favorite:")
    if form_key and st.session_state.get(reply_code_key(form_key)):
        show_reply_code(st.session_state[reply_code_key(form_key)])
    st.markdown("**What leaders will see**")
    st.markdown(literal(will))
    st.markdown("**What leaders will not see**")
    st.markdown(literal(will_not))


def show_reply_code(code: str) -> None:
    """The code, once: it is stored only as a hash, so nobody can show it again."""
    with st.container(border=True):
        st.markdown("**Your reply code**")
        st.code(code, language=None)
        st.caption(
            "Leaders may reply to your comment without knowing who wrote it. Only this code "
            "opens their replies, under **Replies to my comment**, once the pulse has closed. "
            "Write it down or keep a photo: it is shown only now and cannot be recovered."
        )


def show_you_said_we_did(actions: list[Action]) -> None:
    """What leaders are doing about the team's results: shared actions and their updates."""
    if not actions:
        return
    st.markdown("**You said, we did**")
    for action in actions:
        st.markdown(
            f"- **{literal(action.title)}** ({literal(action.team)}): "
            f"{literal(action.status_label.lower())}, due {action.due_on:%d %b %Y}"
        )
        for update in action.updates[:2]:
            st.caption(f"{update.posted_on:%d %b}: {literal(update.text)}")


def _show_submit_problem(problem: tuple[str, list[str]] | None) -> None:
    if problem is None:
        return
    kind, messages = problem
    if kind in ("invalid", "too_long"):
        st.error("Nothing was stored yet: " + literal(" ".join(messages)), icon=":material/error:")
    else:
        st.warning(literal(" ".join(messages)), icon=":material/info:")


def render_pulse_form(pulse: OpenPulse, form_key: str, submit: Submit) -> None:
    """Draw the form; on submit, ``submit(answers, comment)`` stores it (or raises)."""
    total = len(pulse.questions)
    st.subheader(literal(pulse.title))
    st.caption(
        f"{total} questions, about a minute. Open until {pulse.closes_on:%A %d %B}. "
        "Every question is optional unless it says *required*."
    )
    problem = st.session_state.get(error_key(form_key))
    _show_submit_problem(problem)
    notice = st.session_state.get(notice_key(form_key))
    if problem and problem[0] == "link":
        return  # used elsewhere, or closed while answering: the form can no longer help
    with st.form(key=form_key, border=False):
        for number, question in enumerate(pulse.questions, start=1):
            st.progress(number / total, text=f"Question {number} of {total}")
            label = literal(question.text) + (" *(required)*" if question.required else "")
            if question.is_comment:
                st.text_area(
                    label,
                    key=widget_key(form_key, "comment"),
                    height=140,
                    placeholder="Optional. Please leave out names; leaders see comments "
                    "only for groups, with names masked.",
                )
                st.caption(f"Up to {COMMENT_MAX_CHARS:,} characters.")
                if notice:
                    st.info(notice, icon=":material/content_cut:")
                continue
            options = question.options
            st.radio(
                label,
                options=list(options),
                format_func=lambda value, labels=options: labels.get(value, str(value)),
                index=None,
                horizontal=question.scale == "nps11",
                key=widget_key(form_key, question.id),
            )
            if question.scale == "nps11":
                st.caption("0 = not at all likely, 10 = extremely likely")
        _show_submit_problem(problem)  # again beside the button, where the eye is
        if problem and problem[0] == "too_long":
            st.form_submit_button(
                f"Keep the first {COMMENT_MAX_CHARS:,} characters",
                width="stretch",
                on_click=_on_trim,
                args=(form_key,),
            )
        st.form_submit_button(
            "Send my answers",
            type="primary",
            width="stretch",
            on_click=_on_submit,
            args=(pulse, form_key, submit),
        )
