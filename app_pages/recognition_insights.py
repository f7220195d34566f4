"""Recognition insight for the teams in scope: who is recognised, who is not, across which
teams, for which values. Recognition is signed, so these are roster figures, not survey ones."""

import datetime as dt

import altair as alt
import streamlit as st

from app_pages.common import current_viewer, db, demo_mode
from recognition.insight import (
    MIN_MONTH_DAYS,
    coverage,
    cross_team_flows,
    cross_team_share,
    leaf_team_ids,
    overall_coverage,
    recognitions_per_team_month,
    scoped_team_ids,
    teams_not_recognised_lately,
    values_distribution,
)

conn = db()
viewer = current_viewer()
st.title("Recognition insight")

team_ids = scoped_team_ids(conn, viewer)
if not team_ids:
    st.info(
        "Recognition insight is for team leaders."
        + (" Pick a leader under **Acting as** in the sidebar." if demo_mode() else "")
    )
    st.stop()

today = dt.date.today()
left, right = st.columns(2)
days = left.selectbox(
    "Recognised within",
    [30, 60, 90, 180],
    index=2,
    format_func=lambda d: f"the last {d} days",
    key="insight_days",
)
months = right.selectbox(
    "Trend over",
    [3, 6, 12],
    index=1,
    format_func=lambda m: f"the last {m} months",
    key="insight_months",
)
start = (today.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)

leaves = leaf_team_ids(conn, team_ids)
cover = coverage(conn, leaves, today, days)
share = cross_team_share(conn, team_ids, start, today)
overall = overall_coverage(conn, team_ids, today, days)
cols = st.columns(3)
cols[0].metric(
    f"People recognised in {days} days", f"{overall['recognised']} of {overall['members']}"
)
cols[1].metric("Coverage", f"{overall['coverage']:.0%}" if overall["coverage"] is not None else "–")
cols[2].metric(
    "From another team",
    f"{share['share']:.0%}" if share["share"] is not None else "–",
    help="Share of the recognition your teams received that came from a different team.",
)

st.subheader("Teams nobody has recognised lately")
quiet = teams_not_recognised_lately(conn, leaves, today, days)
if quiet.empty:
    st.success(f"Every team in your scope had someone recognised in the last {days} days.")
else:
    st.warning(f"Nobody in these teams was recognised in the last {days} days.")
    st.dataframe(
        quiet[["team", "members", "last_recognised"]].rename(
            columns={"team": "Team", "members": "People", "last_recognised": "Last recognised"}
        ),
        hide_index=True,
    )

st.subheader("Coverage by team")
st.caption(f"Share of each team's current members recognised in the last {days} days.")
chart = (
    alt.Chart(cover.dropna(subset=["coverage"]))
    .mark_bar()
    .encode(
        x=alt.X(
            "coverage:Q",
            title="Coverage",
            axis=alt.Axis(format="%"),
            scale=alt.Scale(domain=[0, 1]),
        ),
        y=alt.Y("team:N", title=None, sort="x"),
        tooltip=["team", "members", "recognised", alt.Tooltip("coverage:Q", format=".0%")],
    )
)
st.altair_chart(chart, width="stretch")

st.subheader("Recognition per team per month")
volume = recognitions_per_team_month(conn, leaves, start, today)
charted = volume[volume["days"] >= MIN_MONTH_DAYS]
st.altair_chart(
    alt.Chart(charted)
    .mark_line(point=True)
    .encode(
        x=alt.X("month:O", title="Month"),
        y=alt.Y("per_30_days:Q", title="Recognitions received per 30 days"),
        color=alt.Color("team:N", title="Team"),
        tooltip=["team", "month", "recognitions", "days", "per_30_days"],
    ),
    width="stretch",
)
short = volume[volume["days"] < MIN_MONTH_DAYS].groupby("month")
for month, rows in short:
    st.caption(
        f"{month}: {int(rows['days'].iloc[0])} day(s) so far in this window, "
        f"{int(rows['recognitions'].sum())} recognition(s); charted from {MIN_MONTH_DAYS} days."
    )

left, right = st.columns(2)
with left:
    st.subheader("Cross-team recognition")
    flows = cross_team_flows(conn, team_ids, start, today)
    if flows.empty:
        st.info("No recognition crossed team lines in this period.")
    else:
        st.altair_chart(
            alt.Chart(flows)
            .mark_rect()
            .encode(
                x=alt.X("to_team:N", title="Recognised team"),
                y=alt.Y("from_team:N", title="Recognising team"),
                color=alt.Color("recognitions:Q", title="Recognitions"),
                tooltip=["from_team", "to_team", "recognitions"],
            ),
            width="stretch",
        )
with right:
    st.subheader("Values cited")
    cited = values_distribution(conn, team_ids, start, today)
    st.altair_chart(
        alt.Chart(cited)
        .mark_bar()
        .encode(
            x=alt.X("recognitions:Q", title="Recognitions"),
            y=alt.Y("value:N", title=None, sort="-x"),
            tooltip=["value", "recognitions"],
        ),
        width="stretch",
    )
