"""Retention backtest: did teams with a higher retention signal lose more people afterwards?"""

import streamlit as st

from app_pages.common import db, require_page_role
from insights.backtest import FOLLOW_UP_DAYS, backtest, verdict

viewer = require_page_role("admin")
st.title("Retention backtest")
st.caption(
    "For each date (every four weeks, up to the latest whose follow-up is over), each team's "
    f"retention signal then against the share of its members who left in the {FOLLOW_UP_DAYS} "
    "days after. Signals come from released survey cells only (teams shown to leaders); "
    "members and leavers from the roster. No person is scored."
)
result = backtest(db(), viewer)
if result.message:
    st.info(result.message)
    st.stop()
cols = st.columns(3)
cols[0].metric("Spearman rank correlation", f"{result.rho:+.2f}")
if result.interval:
    cols[1].metric("95 % interval (teams resampled)", "{:+.2f} to {:+.2f}".format(*result.interval))
if result.p_value is not None:
    cols[2].metric("p-value (one-sided, teams permuted)", f"{result.p_value:.3f}")
st.markdown(verdict(result))
top, rest = result.rate(result.top), result.rate(result.rest)
if top is not None and rest is not None:
    st.markdown(
        f"Teams in the top quarter by signal lost **{top:.0f} %** of their members in the "
        f"following {FOLLOW_UP_DAYS} days ({result.top[0]} of {result.top[1]}); the rest "
        f"**{rest:.0f} %** ({result.rest[0]} of {result.rest[1]}), pooled over "
        f"{len(result.origins)} dates and {result.teams} teams."
    )
st.dataframe(
    result.rows.drop(columns=["group", "origin_index", "signal"]),
    hide_index=True,
    key="backtest_table",
)
st.caption("How it is computed and checked: docs/METRICS.md, “Backtest”.")
