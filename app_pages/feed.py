"""Recognition feed: public recognition newest first, and the viewer's own recognition.

Every message, name and team is shown as plain text, so HTML or markdown stays verbatim.
"""

import streamlit as st

from app_pages.common import current_viewer, db, demo_mode
from org.teams import team_tree
from recognition.awards import recent_awards
from recognition.feed import feed, my_recognition
from recognition.values import list_values


def show(item: dict, mine: bool = False) -> None:
    with st.container(border=True):
        who = item["nominee"] if not mine else "You"
        st.text(
            f"{who} ({item['nominee_team']}) recognised by {item['nominator']} "
            f"({item['nominator_team']}) · {item['created_at'][:10]}"
        )
        for label in item["awards"]:
            st.text(f"🏆 Award: {label}")
        st.text(item["message"])
        tags = [", ".join(item["values"])]
        if item["cross_team"]:
            tags.append("cross-team")
        if item["visibility"] == "private":
            tags.append("private")
        st.text(" · ".join(t for t in tags if t))


PAGE = 30


def more() -> None:
    st.session_state["feed_limit"] += PAGE


conn = db()
viewer = current_viewer()
st.title("Recognition")

feed_tab, mine_tab = st.tabs(["Feed", "My recognition"])

with feed_tab:
    awards = recent_awards(conn, viewer, limit=6)
    if awards:
        st.subheader("Latest awards")
        for a in awards:
            line = f"🏆 {a['month']} · {a['team']}: {a['nominee']}"
            st.text(line if a["message"] is None else f"{line} — {a['message']}")
    teams = team_tree(conn)
    team_names = {int(i): name for i, name in zip(teams["id"], teams["name"], strict=True)}
    values = {v["id"]: v["name"] for v in list_values(conn, include_inactive=True)}
    left, right = st.columns(2)
    team_id = left.selectbox(
        "Team",
        [None, *team_names],
        format_func=lambda i: "All teams" if i is None else team_names[i],
        key="feed_team",
    )
    value_id = right.selectbox(
        "Value",
        [None, *values],
        format_func=lambda i: "All values" if i is None else values[i],
        key="feed_value",
    )
    limit = st.session_state.setdefault("feed_limit", PAGE)
    items = feed(conn, viewer, team_id=team_id, value_id=value_id, limit=limit + 1)
    if not items:
        st.info("No recognition matches these filters yet.")
    for item in items[:limit]:
        show(item)
    if len(items) > limit:
        st.button("Show more", key="feed_more", on_click=more)

with mine_tab:
    if viewer.employee_id is None:
        st.info(
            "This account is not linked to a person on the roster, so there is no recognition "
            "of your own."
            + (" Pick who you are under **Acting as** in the sidebar." if demo_mode() else "")
        )
    else:
        received = my_recognition(conn, viewer)
        won = sum(len(item["awards"]) for item in received)
        cols = st.columns(2)
        cols[0].metric("Recognitions received", len(received))
        cols[1].metric("Awards", won)
        if not received:
            st.info("Nobody has recognised you yet; why not recognise a colleague?")
        for item in received:
            show(item, mine=True)
