"""Teams: the hierarchy (create, rename, move under another team) and who leads each team."""

import streamlit as st

from accounts.roster import roster
from accounts.teams_admin import (
    TeamError,
    create_team,
    leader_ids,
    rename_team,
    set_leaders,
    set_parent,
)
from app_pages.common import db, literal, require_page_role
from org.teams import team_tree

viewer = require_page_role("admin")
conn = db()
actor = viewer.name
st.title("Teams")
flash = st.session_state.pop("teams_flash", None)
if flash:
    st.success(flash)
tree = team_tree(conn)
st.dataframe(
    tree[["parent", "name", "headcount", "leaders"]]
    .fillna({"parent": "(top level)"})
    .rename(
        columns={"parent": "Parent", "name": "Team", "headcount": "People", "leaders": "Leaders"}
    ),
    hide_index=True,
    key="teams_table",
)
teams = {row.name: row.id for row in tree.itertuples()}
TOP = "(top level)"


def attempt(action, message: str) -> None:
    try:
        action()
    except TeamError as error:
        st.error(literal(error))
    else:
        st.session_state["teams_flash"] = message
        st.rerun()


left, right = st.columns(2)
with left:
    st.subheader("New team")
    with st.form("new_team"):
        name = st.text_input("Name", key="new_team_name")
        parent = st.selectbox("Under", [TOP, *teams], key="new_team_parent")
        if st.form_submit_button("Create team"):
            attempt(
                lambda: create_team(conn, name, teams.get(parent), actor),
                f"Team {literal(name)} created.",
            )
    st.subheader("Move a team")
    with st.form("move_team"):
        team = st.selectbox("Team", list(teams), key="move_team_pick")
        parent = st.selectbox("New parent", [TOP, *teams], key="move_team_parent")
        if st.form_submit_button("Move team") and team:
            attempt(lambda: set_parent(conn, teams[team], teams.get(parent), actor), "Team moved.")
    st.subheader("Rename a team")
    with st.form("rename_team"):
        team = st.selectbox("Team", list(teams), key="rename_team_pick")
        new_name = st.text_input("New name", key="rename_team_name")
        if st.form_submit_button("Rename") and team:
            attempt(lambda: rename_team(conn, teams[team], new_name, actor), "Team renamed.")
with right:
    st.subheader("Leaders")
    team = st.selectbox("Team", list(teams), key="leaders_team")
    if team:
        people = {f"{p['name']} <{p['email']}>": p["id"] for p in roster(conn, include_left=False)}
        current = set(leader_ids(conn, teams[team]))
        with st.form("leaders"):
            chosen = st.multiselect(
                "Leaders (see this team and every team below it)",
                list(people),
                default=[label for label, pid in people.items() if pid in current],
                key=f"leaders_of_{teams[team]}",
            )
            if st.form_submit_button("Save leaders"):
                ids = [people[label] for label in chosen]
                attempt(lambda: set_leaders(conn, teams[team], ids, actor), "Leaders saved.")
