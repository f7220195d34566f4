"""Comments explorer: masked comments of teams the guard shows, most negative first.

Respondents' bands are never shown, and every opening is recorded in the audit log.
"""

import pandas as pd
import streamlit as st

from actions.replies import ReplyError, reply_as_leader, threads
from app_pages import insights_widgets as w
from app_pages.common import current_viewer, db, literal
from insights import charts
from insights.comments import (
    PAGE_SIZE,
    SENTIMENTS,
    SORTS,
    THREAD,
    audit_comments_opened,
    comments_view,
    sort_comments,
)
from insights.views import groups_with_figures
from org.access import AccessDenied
from sentiment.themes import theme_labels

viewer = current_viewer()
st.title("Comments")
if not viewer.is_leader:
    st.info("Insights are for leaders and administrators.")
    st.stop()
picked = w.period("comments")
if picked is None:
    st.stop()
start, end = picked
ov = w.cached_overview(*w.key_args(), viewer, start, end)
options = {ov.panel.name(g): g for g in groups_with_figures(ov)}
if not options:
    st.info(
        f"No team of yours has at least {ov.panel.k} responses in any round of this period, "
        "so there are no comments to show."
    )
    st.stop()
ids = list(options.values())
requested = st.query_params.get("team")
index = (
    ids.index(int(requested)) if requested and requested.isdigit() and int(requested) in ids else 0
)
if requested and (not requested.isdigit() or int(requested) not in ids):
    st.warning("That team is not one you can see; showing your first team instead.")
cols = st.columns(5)
name = cols[0].selectbox(
    "Team (with its sub-teams)", list(options), index=index, key="comments_team"
)
rounds = {r.title: r for r in reversed(ov.panel.rounds)}
round_title = cols[1].selectbox("Round", ["All rounds", *rounds], key="comments_round")
if round_title in rounds:
    start = end = rounds[round_title].opens_on
labels = theme_labels()
theme = cols[2].selectbox(
    "Theme", ["", *labels], format_func=lambda t: labels.get(t, "Any theme"), key="comments_theme"
)
sentiments = cols[3].multiselect("Sentiment", SENTIMENTS, key="comments_sentiment")
order = cols[4].selectbox("Order", SORTS, key="comments_sort")
group = options[name]
try:
    table = comments_view(db(), viewer, group, start, end, theme or None, tuple(sentiments))
except AccessDenied as error:
    st.error(str(error))
    st.stop()
filters = {
    "team": name,
    "round": round_title,
    "from": str(start),
    "to": str(end),
    "theme": theme,
    "sentiment": sorted(sentiments),
}
if st.session_state.get("comments_audited") != filters:
    audit_comments_opened(db(), viewer, filters)
    st.session_state["comments_audited"] = filters
if table.empty:
    st.info(
        f"No comments to show for {literal(name)} with these filters. Comments appear only "
        f"for rounds where the team has at least {ov.panel.k} responses."
    )
    st.stop()
table = sort_comments(table, order, [r.title for r in reversed(ov.panel.rounds)])
pages = (len(table) - 1) // PAGE_SIZE + 1
page = 1
if pages > 1:
    page = st.selectbox(
        "Page", range(1, pages + 1), format_func=lambda p: f"{p} of {pages}", key="comments_page"
    )
first = (page - 1) * PAGE_SIZE
st.caption(
    f"{len(table)} comments, {order.lower()}; {first + 1}-{min(first + PAGE_SIZE, len(table))} "
    "shown. Names, emails and phone numbers are masked."
)
TAG = {"negative": "red", "mixed": "orange", "neutral": "gray", "positive": "green"}


def _on_reply(position: int, thread: str) -> None:
    """Post the reply typed under card ``position`` (keys hold positions, never ids)."""
    state = st.session_state
    try:
        reply_as_leader(db(), viewer, thread, state.get(f"reply_text_{position}", ""))
    except ReplyError as error:
        state["comment_reply_outcome"] = (position, str(error))
    else:
        state[f"reply_text_{position}"] = ""
        state["comment_reply_outcome"] = (position, None)


shown = table.iloc[first : first + PAGE_SIZE]
conversations = threads(db(), list(shown[THREAD]))
problem = st.session_state.pop("comment_reply_outcome", None)
for position, row in enumerate(shown.itertuples()):
    with st.container(border=True):
        st.markdown(literal(row.comment))  # the text first, wrapped at any width
        score = f" {row.score:+.2f}" if pd.notna(row.score) else ""
        tags = [f":{TAG.get(row.sentiment, 'gray')}-badge[{row.sentiment}{score}]"]
        tags += [f":blue-badge[{literal(t)}]" for t in row.themes.split(", ") if t]
        st.markdown(" ".join(tags) + f"  \n{literal(row.round)} · {literal(row.team)}")
        for message in conversations.get(row.thread, []):
            who = "Author" if message.from_author else literal(message.leader or "")
            st.caption(f"↳ **{who}**, {message.posted_on:%d %b}: {literal(message.body)}")
        if problem and problem[0] == position:
            if problem[1]:
                st.error(literal(problem[1]))
            else:
                st.success("Reply sent. Only the author can read it, with their reply code.")
        with st.popover("Reply", icon=":material/reply:"):
            with st.form(f"reply_form_{position}"):
                st.text_area(
                    "Your reply (only the comment's author can read it, with the code they "
                    "got when they answered; you will never learn who they are)",
                    key=f"reply_text_{position}",
                )
                st.form_submit_button("Send reply", on_click=_on_reply, args=(position, row.thread))
table = table.drop(columns=THREAD)
with st.expander("All as a table"):
    st.dataframe(table[["comment", *table.columns.drop("comment")]], hide_index=True)
st.download_button(  # the grid's own download is off (.streamlit/config.toml): it writes formulas
    "Download CSV",
    charts.to_csv(table),
    file_name="comments.csv",
    mime="text/csv",
    key="comments_csv",
    on_click="ignore",
)
