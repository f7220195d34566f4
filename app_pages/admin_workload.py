"""Workload figures: import weekly operational figures from CSV (checked whole, row-level
errors, all-or-nothing), set or delete one figure, export, and the metric catalogue."""

import datetime as dt

import pandas as pd
import streamlit as st

from app_pages.common import csv_download, db, literal, require_page_role
from surveys import clock
from workload import store
from workload.catalogue import metrics

viewer = require_page_role("admin")
conn = db()
actor = viewer.name
st.title("Workload figures")
imp, edit, catalogue = st.tabs(["Import", "Edit and export", "Metric catalogue"])
CATALOGUE = metrics()

with imp:
    st.caption(
        "One row per team, week and metric: `team` (name), `week` (any date of the week, "
        "YYYY-MM-DD, or an ISO week such as 2026-W23; stored as its Monday), `metric` (a key "
        "of the catalogue) and `value` (a plain number). Figures already stored for the same "
        "team, week and metric are replaced. Any error: nothing is imported. UTF-8 only."
    )
    upload = st.file_uploader("Figures CSV", type="csv", key="workload_csv")
    if upload is not None:
        plan = store.plan_import(conn, upload.getvalue(), clock.today())
        if plan.errors:
            st.error(f"{len(plan.errors)} problem(s) found: nothing will be imported.")
            st.dataframe(
                pd.DataFrame(
                    [(e.line, e.column, e.message) for e in plan.errors],
                    columns=["Line", "Column", "Problem"],
                ),
                hide_index=True,
                key="workload_errors",
            )
        else:
            preview = pd.DataFrame(plan.rows).drop(columns=["team_id"])
            st.dataframe(preview, hide_index=True, key="workload_preview")
            if st.button(
                f"Import {len(plan.rows)} figure(s)", type="primary", key="workload_import"
            ):
                try:
                    counts = store.apply_import(conn, plan, actor)
                except store.WorkloadError as error:
                    st.error(literal(error))
                else:
                    st.success(
                        "Imported: {added} figure(s) added, {replaced} replaced.".format(**counts)
                    )

with edit:
    teams = sorted(r["name"] for r in store.team_names(conn))
    with st.form("workload_set"):
        team = st.selectbox("Team", teams, format_func=literal, key="workload_set_team")
        week = st.date_input(
            "Week (any day of it)",
            value=clock.today() - dt.timedelta(days=7),
            min_value=store.EARLIEST_WEEK,
            key="workload_set_week",
        )
        metric = st.selectbox(
            "Metric",
            list(CATALOGUE),
            format_func=lambda k: f"{CATALOGUE[k].label} ({CATALOGUE[k].unit})",
            key="workload_set_metric",
        )
        value = st.number_input("Value", min_value=0.0, value=0.0, key="workload_set_value")
        save, delete = st.columns(2)
        if save.form_submit_button("Save figure"):
            try:
                store.set_value(conn, team, week, metric, value, actor, clock.today())
            except store.WorkloadError as error:
                st.error(literal(error))
            else:
                st.success(f"Saved: {literal(team)}, week of {store.monday_of(week)}, {metric}.")
        if delete.form_submit_button("Delete figure"):
            try:
                store.delete_value(conn, store.team_id(conn, team), week, metric, actor)
            except store.WorkloadError as error:
                st.error(literal(error))
            else:
                st.success(f"Deleted: {literal(team)}, week of {store.monday_of(week)}, {metric}.")
    stored = store.figures(conn)
    st.caption(f"{len(stored)} figure(s) stored.")
    if len(stored):
        latest = stored[stored["week"] == stored["week"].max()]
        st.dataframe(
            latest.pivot(index="team", columns="metric", values="value"),
            key="workload_latest",
        )
    if st.button("Prepare figures CSV", key="workload_export"):
        st.session_state["workload_export_csv"] = store.export_csv(conn, actor)
    csv_download("Download figures CSV", "workload_export_csv", "workload.csv")

with catalogue:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "metric": m.key,
                    "label": m.label,
                    "unit": m.unit,
                    "kind": m.kind,
                    "good": m.good or "–",
                    "at most": m.max,
                    "fits": ", ".join(m.fits),
                    "source": m.source,
                }
                for m in CATALOGUE.values()
            ]
        ),
        hide_index=True,
        key="workload_catalogue",
    )
