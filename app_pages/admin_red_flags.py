"""Red-flag queue: comments flagged for harassment, threats, safety or self-harm, for the
administrators to act on (duty of care). Text alone; a group is named only where a release
shows it (insights/red_flags.py). Reviewing takes an item off the queue with a note."""

import streamlit as st

from app_pages.common import db, literal, require_page_role
from insights.red_flag_digest import RecipientsError, recipients, set_recipients
from insights.red_flags import NOTE_MAX_CHARS, ReviewError, red_flag_queue, review
from sentiment.red_flags import category_labels

viewer = require_page_role("admin")
conn = db()
st.title("Red flags")
st.caption(
    "Comments that mention harassment, discrimination, threats, safety or self-harm, whatever "
    "the group size. The author is unknown; a team is named only where published results "
    "already show it. Act on the content (a safety walk, a policy reminder, support lines), "
    "then mark it reviewed with a note of what was done."
)
if notice := st.session_state.pop("red_flag_notice", None):
    st.success(notice)
show_reviewed = st.toggle("Show reviewed items too", key="red_flags_reviewed")
items = red_flag_queue(conn, viewer, include_reviewed=show_reviewed)
labels = category_labels()
open_items = sum(not item.reviewed for item in items)
st.write(f"**{open_items}** waiting for review.")
if not items:
    st.info("Nothing flagged is waiting. New flags appear here as soon as a comment is sent.")
for item in items:
    with st.container(border=True):
        tags = " · ".join(labels.get(c, c) for c in item.categories)
        where = literal(item.group) if item.group else "group not shown"
        status = "reviewed" if item.reviewed else "open"
        st.markdown(f":red-badge[{literal(tags)}] {literal(item.round_title)} · {where} · {status}")
        st.markdown(literal(item.text))
        if item.reviewed:
            if item.note:
                st.caption(f"Review note: {literal(item.note)}")
            continue
        with st.form(f"review_{item.response_id}", clear_on_submit=True, border=False):
            note = st.text_area(
                "What was done (optional)",
                key=f"note_{item.response_id}",
                max_chars=NOTE_MAX_CHARS,
                height=68,
            )
            if st.form_submit_button("Mark reviewed"):
                try:
                    review(conn, viewer, item.response_id, note)
                except ReviewError as error:
                    st.error(str(error))
                else:
                    st.session_state["red_flag_notice"] = "Marked reviewed."
                    st.rerun()

st.subheader("Who is told")
st.caption(
    "Each day `make cadence` emails these addresses how many flagged comments arrived, with a "
    "link to this page: never the text, the team or when a comment was written (an email at "
    "the moment of sending would date it). Leave empty to email nobody."
)
with st.form("red_flag_recipients"):
    emails = st.text_input("Email addresses, separated by commas", ", ".join(recipients(conn)))
    if st.form_submit_button("Save recipients"):
        try:
            saved = set_recipients(conn, emails, viewer.name)
        except RecipientsError as error:
            st.error(literal(str(error)))
        else:
            st.success(f"{len(saved)} recipient(s) saved.")
