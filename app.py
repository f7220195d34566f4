"""Vitals: wires pages into navigation; nothing else lives here."""

import streamlit as st

st.set_page_config(page_title="Vitals", page_icon=":material/monitor_heart:", layout="wide")

navigation = st.navigation(
    {
        "Vitals": [
            st.Page("app_pages/home.py", title="Home", icon=":material/home:", default=True),
        ],
    }
)
navigation.run()
