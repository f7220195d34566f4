"""What changed: the biggest moves of each team's measures, ranked, with a link to the team."""

import pandas as pd
import streamlit as st

from app_pages import insights_widgets as w
from app_pages.common import current_viewer, literal

viewer = current_viewer()
st.title("What changed")
if not viewer.is_leader:
    st.info("Insights are for leaders and administrators.")
    st.stop()
picked = w.period("changes")
if picked is None:
    st.stop()
start, end = picked
compare = st.radio(
    "Compare the latest four rounds with",
    ["start", "previous"],
    format_func=lambda c: {
        "start": "the first four rounds of the period",
        "previous": "the four rounds before",
    }[c],
    horizontal=True,
    key="changes_compare",
)
alerts = w.cached_changes(*w.key_args(), viewer, start, end, compare)
if not alerts:
    st.info(
        "No change of 5 points or more in teams with enough responses in both windows "
        "(the period needs at least eight rounds)."
    )
    st.stop()
only_worse = st.toggle("Only changes for the worse", value=False, key="changes_worse")
shown = [a for a in alerts if a.worse or not only_worse][:30]
for alert in shown:
    icon = ":material/trending_down:" if alert.worse else ":material/trending_up:"
    cols = st.columns([5, 1])
    cols[0].markdown(f"{icon} {'**Worse**' if alert.worse else 'Better'} · {literal(alert.text)}")
    cols[1].page_link(
        "app_pages/team.py", label="Open team", query_params={"team": str(alert.group)}
    )
frame = pd.DataFrame(
    [
        {
            "team": a.team,
            "measure": a.measure,
            "before": round(a.before, 1),
            "after": round(a.after, 1),
            "outside interval": a.outside,
            "worse": a.worse,
            "importance": round(a.importance, 1),
        }
        for a in shown
    ]
)
w.exports(None, frame, "what_changed")
