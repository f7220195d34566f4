"""Workload: a team's weekly operational figures beside its released survey results on one
time axis, Erlang C for phone teams and the staffing scenario."""

import pandas as pd
import streamlit as st

from app_pages import insights_widgets as w
from app_pages.common import db, literal, require_page_role
from org.access import AccessDenied
from workload import charts, derive, lag, store
from workload import views as wv
from workload.catalogue import label

viewer = require_page_role("leader", "admin")
st.title("Workload")


@st.cache_data(show_spinner="Computing workload...", max_entries=32)
def cached_view(path, version, workload_version, viewer, team_id, start, end):
    return wv.workload_view(db(), viewer, team_id, start, end)


@st.cache_data(show_spinner=False, max_entries=32)
def cached_teams(path, version, workload_version, viewer):
    return wv.workload_teams(db(), viewer)


picked = w.period("workload")
if picked is None:
    st.stop()
start, end = picked
key = (*w.key_args(), store.data_version(db()))
options = cached_teams(*key, viewer)
if not options:
    st.info("No workload figures for your teams yet; an administrator imports them.")
    st.stop()
ids = list(options.values())
requested = st.query_params.get("team")
in_scope = bool(requested and requested.isdigit() and int(requested) in ids)
if requested and not in_scope:
    st.warning("That team is not one you can see; showing your first team instead.")
name = st.selectbox(
    "Team",
    list(options),
    index=ids.index(int(requested)) if in_scope else 0,
    format_func=literal,
    key="workload_team",
)
try:
    view = cached_view(*key, viewer, options[name], start, end)
except AccessDenied as error:
    st.error(str(error))
    st.stop()

st.header(literal(view.name))
st.caption(
    "Operational figures come from the practice's systems, imported by an administrator; they "
    "are not survey answers. Survey figures are published results of closed rounds only: a "
    "round whose group was too small, or that is still open, is a gap, never drawn as zero."
)
if view.table.empty:
    st.info("No figures for this team in the period.")
    st.stop()
if view.warning is not None:
    st.warning(
        f"{wv.volume_label(view.volume)} has been beyond its baseline's noise for "
        f"{view.warning.weeks} weeks in a row: {view.warning.latest:.0f} against "
        f"{view.warning.baseline.median:.0f} ({view.warning.rise_pct:+.0f} %)."
    )
latest = view.derived.iloc[-1]
cols = st.columns(4)
cols[0].metric("FTE on staff", f"{view.table['fte'].iloc[-1]:.1f}" if "fte" in view.table else "–")
if "volume_per_fte" in latest and view.baseline is not None:
    cols[1].metric(
        wv.volume_label(view.volume),
        f"{latest['volume_per_fte']:.0f}",
        f"{latest.get('vs_baseline_pct', 0):+.0f} % vs baseline",
        delta_color="inverse",
    )
for col, column, title in (
    (cols[2], "overtime_share_pct", "Overtime share"),
    (cols[3], "vacancy_rate_pct", "Vacancy rate"),
):
    value = latest.get(column)
    col.metric(title, "–" if value is None or value != value else f"{value:.0f} %")
if view.baseline is not None:
    st.caption(
        f"Baseline: median of the first {view.baseline.weeks} weeks "
        f"({view.baseline.first:%d %b} to {view.baseline.last:%d %b %Y}), "
        f"{view.baseline.median:.1f} per FTE; the shaded band is its noise "
        f"(± {derive.NOISE_SDS:g} robust SD, at least {100 * derive.MIN_RISE:.0f} %)."
    )

st.subheader("Operations and survey on one time axis")
chart = charts.timeline(view.timeline, view.baseline, start, end)
st.altair_chart(chart, width="stretch")
numbers = wv.weekly_numbers(view)
w.exports(chart, numbers, f"{view.name}_workload".replace(" ", "_"))

st.subheader("Staffing scenario")
if view.fte is not None:
    s = view.fte
    st.markdown(
        f"To bring {label(s.volume).lower()} per FTE back to the baseline of "
        f"**{s.baseline_per_fte:.1f}** at the latest {derive.RECENT_WEEKS} weeks' volume "
        f"({s.recent_volume:,.0f} a week), the team needs **{s.fte_needed:.1f} FTE**: "
        f"**{s.extra_fte:+.1f}** against the {s.recent_fte:.1f} on staff."
    )
else:
    st.caption("No scenario yet: it needs a baseline of eight weeks and four recent weeks.")
if view.phone is not None:
    p = view.phone
    staffed = "–" if p.staffed is None else f"{p.staffed:.1f}"
    occupancy = "" if p.occupancy_pct is None else f" (occupancy {p.occupancy_pct:.0f} %)"
    st.markdown(
        f"**Erlang C:** at {p.calls_per_hour:.0f} calls an open hour and "
        f"{p.aht_seconds:.0f} s handle time, answering {100 * derive.SERVICE_TARGET:.0f} % of "
        f"calls within {derive.SERVICE_SECONDS:.0f} s needs **{p.required} agents** on the "
        f"phones; **{staffed}** are staffed{occupancy}."
    )
    agents = charts.agents(view.phones)
    st.altair_chart(agents, width="stretch")
    w.exports(
        agents,
        view.phones.round(1).rename_axis("week").reset_index(),
        f"{view.name}_agents".replace(" ", "_"),
    )
if view.backlog_slope is not None:
    st.markdown(
        f"**Authorisation backlog:** {view.backlog_slope:+.1f} a week over the latest "
        f"{derive.BACKLOG_WEEKS} weeks."
    )


@st.cache_data(show_spinner="Relating workload and burnout...", max_entries=8)
def cached_relation(path, version, workload_version, viewer, start, end):
    return wv.lagged_relation(db(), viewer, start, end)


st.subheader("Does workload lead burnout?")
relation = cached_relation(*key, viewer, start, end)
st.markdown(literal(relation.message))
if relation.figures:
    st.caption(
        f"Over {relation.teams} teams: within each team, volume per FTE against its baseline "
        "some weeks earlier, and the released burnout rate. Intervals resample whole teams "
        f"and are widened for the {lag.MAX_LAG + 1} lags looked at together."
    )
    frame = pd.DataFrame(
        [
            {"lag (weeks)": f.lag, "r": f.r, "low": f.low, "high": f.high, "weeks": f.pairs}
            for f in relation.figures
        ]
    )
    chart = charts.lag_chart(frame)
    st.altair_chart(chart, width="stretch")
    w.exports(chart, frame.round(3), "workload_burnout_lag")
