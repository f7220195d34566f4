"""Audit log: sign-ins, failed attempts, administration changes, comments opened, exports."""

import pandas as pd
import streamlit as st

from app_pages.common import db, require_page_role
from org.audit import recent
from org.spreadsheet import csv_text

viewer = require_page_role("admin")
conn = db()
st.title("Audit log")
COLUMNS = ["at", "actor", "action", "detail"]
entries = pd.DataFrame(recent(conn, limit=5000), columns=["id", "at", "actor", "action", "detail"])
actions = sorted(entries["action"].unique())
chosen = st.multiselect("Actions", actions, key="audit_actions", placeholder="All actions")
who = st.text_input("Actor contains", key="audit_actor")
shown = entries
if chosen:
    shown = shown[shown["action"].isin(chosen)]
if who:
    shown = shown[shown["actor"].str.contains(who, case=False, regex=False)]
st.caption(f"{len(shown)} of the latest {len(entries)} entries.")
st.dataframe(shown.drop(columns=["id"]), hide_index=True, key="audit_table")
st.download_button(
    "Download CSV",
    csv_text(COLUMNS, shown[COLUMNS].values),
    file_name="audit-log.csv",
    mime="text/csv",
    key="audit_csv",
    on_click="ignore",
)
