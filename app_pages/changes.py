"""What changed: the moves of each team's measures beyond the noise, ranked, with links."""

import pandas as pd
import streamlit as st

from app_pages import insights_widgets as w
from app_pages.common import current_viewer, literal
from insights.significance import FALSE_DISCOVERY_RATE

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
moves = w.cached_changes(*w.key_args(), viewer, start, end, compare)
alerts = moves.alerts
if not alerts:
    st.info(
        f"No change beyond the noise: {moves.compared} team and measure changes compared "
        "between two windows of four rounds (the period needs at least eight rounds)."
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
st.caption(
    f"No other change beyond the noise. {moves.compared} team and measure changes were "
    f"compared; those listed are beyond the noise with at most {FALSE_DISCOVERY_RATE:.0%} "
    "of such lists expected to hold a false alarm (Benjamini-Hochberg), and move 5 points "
    "or more."
)
frame = pd.DataFrame(
    [
        {
            "team": a.team,
            "measure": a.measure,
            "before": round(a.before, 1),
            "after": round(a.after, 1),
            "q value": round(a.q_value, 4),
            "worse": a.worse,
        }
        for a in shown
    ]
)
w.exports(None, frame, "what_changed")
