"""Roster: import employees and teams from CSV (preview, row-by-row errors, all-or-nothing),
export, mark people as left, move people between teams."""

import datetime as dt

import pandas as pd
import streamlit as st

from accounts.roster import (
    RosterError,
    apply_import,
    export_roster,
    export_teams,
    mark_left,
    move_employee,
    plan_import,
    roster,
)
from app_pages.common import csv_download, db, literal, require_page_role
from org.teams import team_tree
from surveys.code_cards import cards_html
from surveys.codes import issue_team_codes, sheet_csv

viewer = require_page_role("admin")
conn = db()
actor = viewer.name
st.title("Roster")
imp, people, export, codes = st.tabs(["Import", "People", "Export", "Personal codes"])

with imp:
    st.caption(
        "Teams CSV: `name`, `parent`. Employees CSV: `name`, `email`, `team`, `start_date` "
        "(YYYY-MM-DD) and optionally `job_role`, `job_family`, `left_date`. Existing teams match "
        "by name and people by email and are updated; the rest are created. Any error: no import."
    )
    teams_file = st.file_uploader("Teams CSV (optional)", type="csv", key="roster_teams_csv")
    people_file = st.file_uploader("Employees CSV (optional)", type="csv", key="roster_people_csv")
    if teams_file is not None or people_file is not None:
        plan = plan_import(
            conn,
            teams_file.getvalue() if teams_file else None,
            people_file.getvalue() if people_file else None,
        )
        if plan.errors:
            st.error(f"{len(plan.errors)} problem(s) found: nothing will be imported.")
            st.dataframe(
                pd.DataFrame(
                    [(e.file, e.line, e.column, e.message) for e in plan.errors],
                    columns=["File", "Line", "Column", "Problem"],
                ),
                hide_index=True,
                key="roster_errors",
            )
        else:
            st.subheader("Preview")
            if plan.teams:
                st.dataframe(pd.DataFrame(plan.teams), hide_index=True, key="preview_teams")
            if plan.employees:
                st.dataframe(pd.DataFrame(plan.employees), hide_index=True, key="preview_people")
            actions = pd.Series([r["action"] for r in plan.teams + plan.employees])
            st.caption(
                ", ".join(f"{n} {a}" for a, n in actions.value_counts().sort_index().items())
            )
            rows = len(plan.teams) + len(plan.employees)
            if st.button(f"Import {rows} row(s)", type="primary", key="roster_import"):
                try:
                    counts = apply_import(conn, plan, actor)
                except RosterError as error:
                    st.error(literal(error))
                else:
                    st.success(
                        "Imported: {teams_created} team(s) created, {teams_updated} updated, "
                        "{employees_created} people created, {employees_updated} updated, "
                        "{unchanged} row(s) unchanged.".format(**counts)
                    )

with people:
    everyone = roster(conn)
    st.dataframe(pd.DataFrame(everyone), hide_index=True, key="roster_table")
    active = {f"{p['name']} <{p['email']}>": p["id"] for p in everyone if p["status"] == "active"}
    teams = {row.name: row.id for row in team_tree(conn).itertuples()}
    st.subheader("Mark as left")
    with st.form("mark_left"):
        who = st.selectbox("Person", list(active), key="left_person")
        when = st.date_input(
            "Last day", value=dt.date.today(), min_value=dt.date(1970, 1, 1), key="left_date"
        )
        if st.form_submit_button("Mark as left") and who:
            try:
                mark_left(conn, active[who], when, actor)
            except RosterError as error:
                st.error(literal(error))
            else:
                st.success(f"{literal(who)} is marked as left on {when.isoformat()}.")
    st.subheader("Move to another team")
    with st.form("move_person"):
        who = st.selectbox("Person", list(active), key="move_person")
        where = st.selectbox("New team", list(teams), key="move_team")
        if st.form_submit_button("Move") and who and where:
            try:
                move_employee(conn, active[who], teams[where], actor)
            except RosterError as error:
                st.error(literal(error))
            else:
                st.success(f"{literal(who)} moved to {literal(where)}.")

with export:
    st.caption("Exports are recorded in the audit log.")
    if st.button("Prepare roster and teams CSV", key="roster_export"):
        st.session_state["roster_export_csv"] = export_roster(conn, actor)
        st.session_state["teams_export_csv"] = export_teams(conn, actor)
    csv_download("Download employees CSV", "roster_export_csv", "roster.csv")
    csv_download("Download teams CSV", "teams_export_csv", "teams.csv")

with codes:
    st.caption(
        "For staff without a work email or a desk of their own: each person gets a printed "
        "code that opens their open pulses on the shared screen's *Answer with a code* page. "
        "Issuing again replaces a person's earlier code. Recorded in the audit log (how many, "
        "never the codes)."
    )
    frame = team_tree(conn)
    names = dict(zip(frame["name"], (int(i) for i in frame["id"]), strict=True))
    chosen = st.multiselect("Teams", list(names), key="codes_teams")
    if st.button("Issue codes", key="codes_issue", disabled=not chosen):
        st.session_state["codes_cards"] = issue_team_codes(conn, [names[n] for n in chosen], actor)
    if "codes_cards" in st.session_state:
        cards = st.session_state["codes_cards"]
        st.caption(
            f"{len(cards)} new code(s). Print the cards, hand them out, then delete the files: "
            "the codes are not kept anywhere else and cannot be shown again."
        )
        st.download_button(
            "Download printable cards (HTML with QR codes)",
            cards_html(cards),
            file_name="personal-code-cards.html",
            mime="text/html",
        )
        st.download_button(
            "Download codes CSV",
            sheet_csv(cards),
            file_name="personal-codes.csv",
            mime="text/csv",
        )
