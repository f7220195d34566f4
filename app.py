"""Vitals: wires pages into navigation by role; nothing else lives here."""

import streamlit as st

from app_pages.common import (
    APP_ICON,
    account_sidebar,
    password_change_pending,
    red_flags_title,
    signed_in_viewer,
    write_session_cookie,
)

st.set_page_config(page_title="Vitals", page_icon=APP_ICON, layout="wide")

viewer = signed_in_viewer()  # None when signed out (then no sidebar, no pages but below)
account_sidebar(viewer)  # who is signed in and the sign-out button (demo mode: the picker)
write_session_cookie()  # after sign-in or sign-out: the browser keeps or drops the cookie
invited = "invite" in st.query_params  # a personal pulse link (surveys)

sections: dict[str, list] = {
    "Vitals": [
        st.Page("app_pages/home.py", title="Home", icon=":material/home:", default=not invited),
        # surveys: a personal pulse link (?invite=) opens the pulse even when signed in.
        *(
            [
                st.Page(
                    "app_pages/answer.py",
                    title="Pulse survey",
                    icon=":material/edit_note:",
                    default=True,
                )
            ]
            if invited
            else []
        ),
    ],
    # Everyone signed in (employees, leaders, admins): pulses, recognition.
    "Me": [
        st.Page("app_pages/my_pulses.py", title="My open pulses", icon=":material/how_to_vote:"),
        st.Page(
            "app_pages/nominate.py", title="Recognise someone", icon=":material/volunteer_activism:"
        ),
        st.Page("app_pages/feed.py", title="Recognition", icon=":material/celebration:"),
        st.Page("app_pages/replies.py", title="Replies to my comment", icon=":material/reply:"),
    ],
    # Leaders and admins: insights for the teams in scope.
    "Insights": [
        st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:"),
        st.Page("app_pages/team.py", title="Team", icon=":material/groups:"),
        st.Page("app_pages/workload.py", title="Workload", icon=":material/work_history:"),
        st.Page("app_pages/changes.py", title="What changed", icon=":material/notifications:"),
        st.Page("app_pages/comments.py", title="Comments", icon=":material/forum:"),
        st.Page("app_pages/actions.py", title="Actions", icon=":material/task_alt:"),
        st.Page("app_pages/awards.py", title="Monthly awards", icon=":material/trophy:"),
        st.Page(
            "app_pages/recognition_insights.py",
            title="Recognition insight",
            icon=":material/diversity_3:",
        ),
    ],
    # Admins only.
    "Administration": [
        st.Page(
            "app_pages/admin_red_flags.py", title=red_flags_title(viewer), icon=":material/flag:"
        ),
        st.Page("app_pages/admin_values.py", title="Values", icon=":material/star:"),
        st.Page("app_pages/admin_surveys.py", title="Surveys", icon=":material/ballot:"),
        st.Page("app_pages/admin_roster.py", title="Roster", icon=":material/badge:"),
        st.Page(
            "app_pages/admin_workload.py", title="Workload figures", icon=":material/upload_file:"
        ),
        st.Page("app_pages/admin_teams.py", title="Teams", icon=":material/account_tree:"),
        st.Page("app_pages/admin_accounts.py", title="Accounts", icon=":material/key:"),
        st.Page("app_pages/admin_settings.py", title="Settings", icon=":material/settings:"),
        st.Page(
            "app_pages/admin_privacy.py", title="Privacy requests", icon=":material/shield_person:"
        ),
        st.Page("app_pages/admin_audit.py", title="Audit log", icon=":material/history:"),
        st.Page(
            "app_pages/admin_backtest.py",
            title="Retention backtest",
            icon=":material/query_stats:",
        ),
    ],
}
if viewer is None or password_change_pending():
    # Signed out: only the sign-in page, and the pulse page a personal link (?invite=) opens.
    sections = {
        "Vitals": [
            st.Page(
                "app_pages/sign_in.py",
                title="Sign in",
                icon=":material/login:",
                default=not invited,
            )
        ]
    }
    sections["Vitals"].append(  # surveys: staff without email answer with a printed code
        st.Page("app_pages/kiosk.py", title="Answer with a code", icon=":material/pin:")
    )
    sections["Vitals"].append(  # actions: the author of a comment reads leaders' replies
        st.Page("app_pages/replies.py", title="Replies to my comment", icon=":material/reply:")
    )
    sections["Vitals"].append(
        st.Page(
            "app_pages/answer.py",
            title="Pulse survey",
            icon=":material/edit_note:",
            default=invited,
        )
    )
else:
    if viewer.role == "employee":
        sections["Insights"] = []
    if not viewer.is_admin:
        sections["Administration"] = []

navigation = st.navigation(
    {name: pages for name, pages in sections.items() if pages}, expanded=True
)
navigation.run()
