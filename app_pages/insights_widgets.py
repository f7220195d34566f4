"""Widgets the insight pages share: the period filter, cached guarded data, exports.

Data is cached with ``st.cache_data`` keyed on the database file and its data version
(``insights.source.data_version``: releases published, the rounds' change counters, rounds,
the team tree, the threshold), so a new release or response invalidates it.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from app_pages.common import database_path, db
from insights import changes, charts, views
from org.access import Viewer

# A year: four quarterly surveys, and a change can be read against the start of the year.
DEFAULT_WEEKS = 52


def period(key: str) -> tuple[dt.date, dt.date] | None:
    """Date range filter, defaulting to the last ``DEFAULT_WEEKS`` weeks of rounds."""
    bounds = views.date_bounds(db())
    if bounds is None:
        st.info("No survey rounds yet: insights appear after the first pulse.")
        return None
    first, last = bounds
    default_start = max(first, last - dt.timedelta(weeks=DEFAULT_WEEKS - 1))
    picked = st.sidebar.date_input(
        "Rounds opening between",
        value=(default_start, last),
        min_value=first,
        max_value=last,
        key=f"{key}_period",
    )
    if not isinstance(picked, tuple | list) or len(picked) != 2:
        st.info("Pick both a start and an end date.")
        return None
    return picked[0], picked[1]


def version() -> tuple:
    return views.data_version(db())


@st.cache_data(show_spinner="Computing insights...", max_entries=32)
def cached_overview(path: str, data_version: tuple, viewer: Viewer, start, end):
    return views.overview(db(), viewer, start, end)


@st.cache_data(show_spinner="Computing insights...", max_entries=64)
def cached_team(path: str, data_version: tuple, viewer: Viewer, group: int, start, end, cut):
    return views.team_view(db(), viewer, group, start, end, cut)


@st.cache_data(show_spinner=False, max_entries=32)
def cached_changes(path: str, data_version: tuple, viewer: Viewer, start, end, compare: str):
    return changes.changes(db(), viewer, start, end, compare)


def key_args() -> tuple[str, tuple]:
    return str(database_path()), version()


def exports(chart: alt.Chart | None, frame: pd.DataFrame, name: str) -> None:
    """The numbers behind a chart, one click away, with CSV and PNG downloads."""
    with st.expander("Numbers behind this chart"):
        st.dataframe(frame, hide_index=True, width="stretch")
        cols = st.columns(2)
        cols[0].download_button(
            "Download CSV",
            charts.to_csv(frame),
            file_name=f"{name}.csv",
            mime="text/csv",
            key=f"csv_{name}",
            on_click="ignore",
        )
        if chart is not None:
            cols[1].download_button(
                "Download PNG",
                lambda: charts.to_png(chart),
                file_name=f"{name}.png",
                mime="image/png",
                key=f"png_{name}",
                on_click="ignore",
            )


def team_options(overview) -> dict[str, int]:
    return {overview.panel.name(g): g for g in overview.groups}
