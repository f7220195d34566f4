"""Vitals: wires pages into navigation by role; nothing else lives here."""

import streamlit as st

from app_pages.common import current_viewer

st.set_page_config(page_title="Vitals", page_icon=":material/monitor_heart:", layout="wide")

viewer = current_viewer()

sections: dict[str, list] = {
    "Vitals": [
        st.Page("app_pages/home.py", title="Home", icon=":material/home:", default=True),
    ],
    # Everyone signed in (employees, leaders, admins): pulses, recognition.
    "Me": [
        st.Page(
            "app_pages/nominate.py", title="Recognise someone", icon=":material/volunteer_activism:"
        ),
        st.Page("app_pages/feed.py", title="Recognition", icon=":material/celebration:"),
    ],
    # Leaders and admins: insights for the teams in scope.
    "Insights": [
        st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:"),
        st.Page("app_pages/team.py", title="Team", icon=":material/groups:"),
        st.Page("app_pages/changes.py", title="What changed", icon=":material/notifications:"),
        st.Page("app_pages/comments.py", title="Comments", icon=":material/forum:"),
        st.Page("app_pages/awards.py", title="Monthly awards", icon=":material/trophy:"),
        st.Page(
            "app_pages/recognition_insights.py",
            title="Recognition insight",
            icon=":material/diversity_3:",
        ),
    ],
    # Admins only.
    "Administration": [
        st.Page("app_pages/admin_values.py", title="Values", icon=":material/star:"),
    ],
}
if not viewer.is_leader:
    sections["Insights"] = []
if not viewer.is_admin:
    sections["Administration"] = []

navigation = st.navigation({name: pages for name, pages in sections.items() if pages})
navigation.run()
