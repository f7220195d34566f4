"""Team drill-down: every measure over time, drivers, focus areas, participation, themes."""

import streamlit as st

from app_pages import insights_widgets as w
from app_pages.common import current_viewer, literal
from insights import charts
from insights.guard import HIDDEN
from insights.measures import measure
from insights.views import (
    TREND_MEASURES,
    band_values,
    first_view,
    split_windows,
    top_negative_theme,
)
from org.access import AccessDenied

viewer = current_viewer()
st.title("Team")
if not viewer.is_leader:
    st.info("Insights are for leaders and administrators.")
    st.stop()
picked = w.period("team")
if picked is None:
    st.stop()
start, end = picked
ov = w.cached_overview(*w.key_args(), viewer, start, end)
options = w.team_options(ov)
if not options:
    st.info("You do not lead any team yet.")
    st.stop()
ids = list(options.values())
requested = st.query_params.get("team")
if requested and requested.isdigit() and int(requested) in ids:
    index = ids.index(int(requested))
else:  # the team whose figures most need a look, not the first department in the list
    index = ids.index(first_view(ov))
if requested and (not requested.isdigit() or int(requested) not in ids):
    st.warning("That team is not one you can see; showing the team that most needs a look.")
name = st.selectbox("Team (with its sub-teams)", list(options), index=index, key="team_pick")
group = options[name]
st.page_link(
    "app_pages/actions.py",
    label="Plan an action for this team",
    icon=":material/task_alt:",
    query_params={"team": str(group)},
)

cut = None
with st.sidebar:
    dimension = st.selectbox(
        "Demographic filter",
        ["none", "tenure_band", "job_family"],
        format_func=lambda d: {
            "none": "None",
            "tenure_band": "Tenure band",
            "job_family": "Job family",
        }[d],
        key="team_dimension",
    )
    if dimension != "none":
        values = band_values(w.db(), dimension)
        if values:
            cut = (dimension, st.selectbox("Value", values, key="team_band_value"))
try:
    tv = w.cached_team(*w.key_args(), viewer, group, start, end, cut)
except AccessDenied as error:
    st.error(str(error))
    st.stop()

st.header(literal(tv.name))
if tv.cut_note:
    st.warning(literal(tv.cut_note))
if tv.message:
    st.info(f"No figures for {literal(tv.name)}: {literal(tv.message)}.")
    st.stop()
fig = tv.latest
st.caption(
    f"Latest {len(split_windows(tv.panel.series_ids)[0])} rounds: {fig.responses} responses in "
    f"{fig.rounds_used} shown round{'s' if fig.rounds_used != 1 else ''}. Drivers and themes "
    f"below cover the whole period ({tv.figures.responses} responses in "
    f"{tv.figures.rounds_used} of {len(tv.panel.series)} rounds)."
)
if not fig.rounds_used:
    st.info(f"No figures for the latest rounds: {HIDDEN}.")
metrics = st.columns(5)
HEADLINE = ("engagement", "enps", "burnout", "retention_risk", "participation")
for column, key in zip(metrics, HEADLINE, strict=True):
    record = measure(key)
    column.metric(record.label, record.text(fig.values.get(key)))
    column.caption(record.interval_text(fig.intervals.get(key)))
top = top_negative_theme(tv.themes)
if top:
    st.markdown(f"**Top negative theme:** {top}")

if fig.risk and fig.risk.value is not None:
    st.caption(f"Retention risk: {fig.risk.text()}. A team-level warning, never about a person.")
    with st.expander("What the retention risk is made of"):
        st.dataframe(fig.risk.factor_rows(), hide_index=True)
        if fig.risk.missing:
            st.caption("Not available: " + ", ".join(fig.risk.missing_labels()))

st.subheader("Trends")
trend = tv.trend
for key in (*TREND_MEASURES, "participation"):
    label = measure(key).label
    data = trend[trend["measure"] == label]
    if data.empty or data["value"].isna().all():
        continue
    chart = charts.trend(data, title=label, y_title=label)
    st.altair_chart(chart, width="stretch")
    w.exports(chart, data.drop(columns=["group"]), f"{tv.name}_{key}".replace(" ", "_"))

if not tv.standalone.empty:
    st.subheader("Quarterly surveys")
    st.caption(
        "The quarterly survey asks the full five-item engagement index and every driver item; "
        "the weekly trend above asks a fixed two-item core, so each quarterly survey stands on "
        "its own rather than as a point on the weekly line."
    )
    st.dataframe(
        tv.standalone.drop(columns=["opens_on"]),
        hide_index=True,
        column_config={"value": st.column_config.NumberColumn("value", format="%.0f")},
        key="team_standalone",
    )

if not tv.drivers.empty:
    st.subheader("Drivers")
    if tv.focus:
        st.markdown(
            "**Focus areas** (clearly low, clearly below the organisation, and linked to "
            "engagement): "
            + ", ".join(tv.drivers.set_index("key").loc[d, "driver"] for d, _, _ in tv.focus)
        )
    chart = charts.focus_chart(tv.drivers)
    st.altair_chart(chart, width="stretch")
    st.dataframe(
        tv.drivers.drop(columns=["key", "impact"]),
        hide_index=True,
        column_config={
            "score": st.column_config.NumberColumn("score %", format="%.0f"),
            "organisation": st.column_config.NumberColumn("organisation %", format="%.0f"),
            "importance above": st.column_config.NumberColumn("importance above %", format="%.0f"),
        },
        key="team_drivers",
    )
    st.caption(
        "Against the organisation and the team's own recent past, said only where the data can "
        "tell (95 % intervals); blank where a driver was not asked or not shown in both. "
        + literal(tv.importance_note)  # it names a round, whose title an administrator wrote
    )
    w.exports(chart, tv.drivers.drop(columns=["key"]), f"{tv.name}_drivers".replace(" ", "_"))
if not tv.driver_trend.empty and tv.driver_trend["value"].notna().any():
    chart = charts.driver_heatmap(tv.driver_trend)
    st.altair_chart(chart, width="stretch")
    w.exports(chart, tv.driver_trend, f"{tv.name}_drivers_over_time".replace(" ", "_"))

if not tv.themes.empty:
    st.subheader("Comment themes")
    chart = charts.bar(tv.themes, "comments", "theme", color="negative %")
    st.altair_chart(chart, width="stretch")
    w.exports(chart, tv.themes.drop(columns=["key"]), f"{tv.name}_themes".replace(" ", "_"))
    st.page_link(
        "app_pages/comments.py", label="Read the comments", query_params={"team": str(group)}
    )
