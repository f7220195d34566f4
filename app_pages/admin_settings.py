"""Settings: anonymity threshold and comment retention; values and e-mail live on their pages."""

import datetime as dt

import streamlit as st

from accounts.retention import (
    count_purgeable,
    purge_comments,
    retention_months,
    set_retention_months,
)
from accounts.settings_admin import change_anonymity_threshold
from app_pages.common import db, page_exists, require_page_role
from org.settings import MIN_THRESHOLD, anonymity_threshold

viewer = require_page_role("admin")
conn = db()
actor = viewer.name
st.title("Settings")

st.subheader("Anonymity threshold")
st.caption(
    "No number, chart, comment or export shows a group smaller than this. "
    f"It can never go below {MIN_THRESHOLD}."
)
with st.form("threshold"):
    value = st.number_input(
        "Smallest group shown",
        min_value=1,
        max_value=50,
        step=1,
        value=anonymity_threshold(conn),
        key="threshold_value",
    )
    if st.form_submit_button("Save threshold"):
        try:
            change_anonymity_threshold(conn, int(value), actor)
        except ValueError as error:
            st.error(str(error))
        else:
            st.success(f"Anonymity threshold is now {int(value)}.")

st.subheader("Comment retention")
st.caption(
    "Free-text comments older than this many months can be purged; answers stay. "
    "0 keeps comments forever."
)
with st.form("retention"):
    months = st.number_input(
        "Keep comments for (months)",
        min_value=0,
        max_value=240,
        step=1,
        value=retention_months(conn),
        key="retention_months",
    )
    if st.form_submit_button("Save retention"):
        try:
            set_retention_months(conn, int(months), actor)
        except ValueError as error:
            st.error(str(error))
        else:
            st.success("Retention saved.")
kept = retention_months(conn)
if kept:
    today = dt.date.today()
    due = count_purgeable(conn, kept, today)
    st.write(f"{due} comment(s) are older than {kept} month(s).")
    if due and st.button(f"Purge {due} comment(s) now", key="purge_comments"):
        deleted = purge_comments(conn, kept, today, actor)
        st.success(f"{deleted} comment(s) purged.")

st.subheader("Elsewhere")
if page_exists("app_pages/admin_values.py"):
    st.page_link("app_pages/admin_values.py", label="Organisation values", icon=":material/star:")
if page_exists("app_pages/admin_surveys.py"):
    st.page_link(
        "app_pages/admin_surveys.py", label="Surveys and e-mail (SMTP)", icon=":material/mail:"
    )
