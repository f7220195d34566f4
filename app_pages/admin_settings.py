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
from app_pages.common import db, literal, require_page_role
from org.settings import MIN_THRESHOLD, anonymity_threshold

viewer = require_page_role("admin")
conn = db()
actor = viewer.name


def number_setting(
    form: str, key: str, label: str, value: int, low: int, high: int, save, saved
) -> None:
    """One number in its own form; ``save(value)`` raises ``ValueError`` with a message for
    the person when the value is refused."""
    with st.form(form):
        number = st.number_input(label, min_value=low, max_value=high, step=1, value=value, key=key)
        if st.form_submit_button(f"Save {form}"):
            try:
                save(int(number))
            except ValueError as error:
                st.error(literal(error))
            else:
                st.success(saved(int(number)))


st.title("Settings")

st.subheader("Anonymity threshold")
st.caption(
    "No number, chart, comment or export shows a group smaller than this. "
    f"It can never go below {MIN_THRESHOLD}."
)


number_setting(
    "threshold",
    "threshold_value",
    "Smallest group shown",
    anonymity_threshold(conn),
    1,
    50,
    lambda n: change_anonymity_threshold(conn, n, actor),
    lambda n: f"Anonymity threshold is now {n}.",
)

st.subheader("Comment retention")
st.caption(
    "Free-text comments older than this many months can be purged; answers stay. "
    "0 keeps comments forever."
)
number_setting(
    "retention",
    "retention_months",
    "Keep comments for (months)",
    retention_months(conn),
    0,
    240,
    lambda n: set_retention_months(conn, n, actor),
    lambda n: "Retention saved.",
)
kept = retention_months(conn)
if kept:
    today = dt.date.today()
    due = count_purgeable(conn, kept, today)
    st.write(f"{due} comment(s) are older than {kept} month(s).")
    if due and st.button(f"Purge {due} comment(s) now", key="purge_comments"):
        deleted = purge_comments(conn, kept, today, actor)
        st.success(f"{deleted} comment(s) purged.")

st.subheader("Elsewhere")
st.page_link("app_pages/admin_values.py", label="Organisation values", icon=":material/star:")
st.page_link(
    "app_pages/admin_surveys.py", label="Surveys and e-mail (SMTP)", icon=":material/mail:"
)
