"""Overview: the organisation and each team at a glance, through the privacy guard."""

import streamlit as st

from app_pages import insights_widgets as w
from app_pages.common import current_viewer, literal
from insights import charts
from insights.changes import overview_moves
from insights.measures import measure
from insights.views import TREND_MEASURES, riskiest
from workload import store as workload_store
from workload import views as workload_views

MAX_LINKS = 40

viewer = current_viewer()
st.title("Overview")
if not viewer.is_leader:
    st.info("Insights are for leaders and administrators.")
    st.stop()
picked = w.period("overview")
if picked is None:
    st.stop()
start, end = picked
ov = w.cached_overview(*w.key_args(), viewer, start, end)
k = ov.panel.k
if not ov.groups:
    st.info("None of the teams you lead exists any more; ask an administrator.")
    st.stop()
if not ov.panel.rounds:
    st.info("No survey rounds open in this period. Widen the dates.")
    st.stop()
st.caption(
    f"Latest {len(ov.current)} rounds (from {ov.panel.series[-len(ov.current)].opens_on}). "
    "Results are published once, when a round closes; an open round shows participation only. "
    f"A dash means: not shown, to protect confidentiality (minimum group size {k})."
)

st.subheader("Teams at a glance")
heat = charts.heatmap(ov.heatmap)
st.altair_chart(heat, width="stretch")
w.exports(heat, ov.table, "overview_heatmap")

st.subheader("Biggest changes")
moves = overview_moves(ov)
worse = [a for a in moves.alerts if a.worse][:3]
better = [a for a in moves.alerts if not a.worse][:3]
if not worse and not better:
    st.caption("No change beyond the noise since the start of the period.")
for alert in worse + better:
    icon = ":material/trending_down:" if alert.worse else ":material/trending_up:"
    cols = st.columns([5, 1])
    cols[0].markdown(f"{icon} {'**Worse**' if alert.worse else 'Better'} · {literal(alert.text)}")
    cols[1].page_link(
        "app_pages/team.py", label="Open team", query_params={"team": str(alert.group)}
    )
st.page_link("app_pages/changes.py", label="Everything that changed")


@st.cache_data(show_spinner=False, max_entries=32)
def workload_warnings(path, version, workload_version, viewer, end):
    return workload_views.warnings(w.db(), viewer, end)


alerts = workload_warnings(*w.key_args(), workload_store.data_version(w.db()), viewer, end)
if alerts:
    st.subheader("Workload early warnings")
    for alert in alerts:
        cols = st.columns([5, 1])
        cols[0].markdown(
            f":material/warning: **{literal(alert.name)}**: "
            f"{literal(workload_views.volume_label(alert.volume))} beyond its baseline's "
            f"noise for {alert.warning.weeks} weeks ({alert.warning.rise_pct:+.0f} %)"
        )
        cols[1].page_link(
            "app_pages/workload.py",
            label="Open workload",
            query_params={"team": str(alert.team_id)},
        )

st.subheader("Open a team")
if len(ov.groups) <= MAX_LINKS:
    cols = st.columns(4)
    for index, group in enumerate(ov.groups):
        cols[index % 4].page_link(
            "app_pages/team.py",
            label=literal(ov.panel.name(group)),
            query_params={"team": str(group)},
        )
else:  # large organisations: pick, then one link
    names = {ov.panel.name(g): g for g in ov.groups}
    picked_team = st.selectbox("Team", list(names), key="overview_open_team")
    st.page_link(
        "app_pages/team.py",
        label=f"Open {literal(picked_team)}",
        query_params={"team": str(names[picked_team])},
    )

st.subheader("Trends")
measure_key = st.selectbox(
    "Measure",
    TREND_MEASURES,
    format_func=lambda key: measure(key).label,
    key="overview_trend_measure",
)
names = list(dict.fromkeys(ov.trend["team"])) if len(ov.trend) else []
default = [t for t in riskiest(ov) if t in names][:6]
chosen = st.multiselect("Teams", names, default=default, key="overview_trend_teams")
data = ov.trend[(ov.trend["measure"] == measure(measure_key).label) & ov.trend["team"].isin(chosen)]
if data.empty or data["value"].isna().all():
    st.info("Nothing to draw: no chosen team has enough responses in this period.")
else:
    chart = charts.trend(data, y_title=measure(measure_key).label)
    st.altair_chart(chart, width="stretch")
    w.exports(chart, data.drop(columns=["group"]), f"trend_{measure_key}")
st.caption("Gaps are rounds not shown or still open; they are never drawn as zero.")
