"""Administration of surveys: rounds and links, templates, the question bank, cadence, email."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from app_pages.common import db, literal, require_page_role
from org.people import active_employees
from org.teams import team_tree
from surveys import bank, cadence, clock, links, mail, rounds, templates

viewer = require_page_role("admin")
conn = db()
actor = viewer.name
st.title("Surveys")

tab_rounds, tab_templates, tab_bank, tab_cadence, tab_email = st.tabs(
    ["Rounds and links", "Templates", "Question bank", "Cadence", "Email"]
)

with tab_rounds:
    all_rounds = rounds.list_rounds(conn)
    if all_rounds:
        st.dataframe(
            pd.DataFrame(all_rounds).drop(columns=["id"]), hide_index=True, width="stretch"
        )
        labels = {
            r["id"]: f"{r['title']} ({r['opens_on']} to {r['closes_on']})" for r in all_rounds
        }
        round_id = st.selectbox(
            "Round", list(labels), format_func=lambda i: labels[i], key="admin_round"
        )
        st.markdown("**Participation by team** (from invitations)")
        st.dataframe(
            pd.DataFrame(rounds.participation(conn, round_id)).drop(columns=["team_id"]),
            hide_index=True,
            width="stretch",
        )
        st.markdown("**Personal links**")
        st.caption(
            "Exporting issues a fresh link for everyone who has not answered; links already "
            "sent keep working (each person can answer once). The export is recorded in the "
            "audit log."
        )
        if st.button("Prepare links CSV", key="export_links"):
            text, count = links.export_links_csv(conn, round_id, actor)
            st.session_state["links_csv"] = (round_id, text, count)
        prepared = st.session_state.get("links_csv")
        if prepared and prepared[0] == round_id:
            st.success(f"{prepared[2]} links ready.")
            st.download_button(
                "Download links CSV",
                prepared[1],
                file_name=f"round-{round_id}-links.csv",
                mime="text/csv",
                key="download_links",
            )
        sent = mail.mailing_status(conn, round_id)
        left, right = st.columns(2)
        for column, kind, label in (
            (left, "invitation", "Send invitations"),
            (right, "reminder", "Send the reminder"),
        ):
            with column:
                if kind in sent:
                    st.caption(
                        f"{label[5:].capitalize()} sent {sent[kind]['sent_at']} "
                        f"({sent[kind]['sent_count']} emails)."
                    )
                elif st.button(label, key=f"send_{kind}"):
                    try:
                        send = mail.send_invitations if kind == "invitation" else mail.send_reminder
                        report = send(conn, round_id, actor)
                        st.success(f"Sent {report.sent} emails.")
                        if report.failed:
                            st.warning(f"Could not send to {len(report.failed)} addresses.")
                    except mail.MailError as error:
                        st.error(literal(error))
    else:
        st.info("No rounds yet.")

    st.markdown("**New round**")
    template_rows = templates.list_templates(conn)
    template_names = {t["id"]: t["name"] for t in template_rows}
    with st.form("new_round"):
        template_id = st.selectbox(
            "Template", list(template_names), format_func=lambda i: template_names[i]
        )
        today = clock.today()
        opens_on = st.date_input("Opens on", today)
        closes_on = st.date_input(  # the Friday of the week it opens (a Saturday otherwise)
            "Closes on", today + dt.timedelta(days=max(0, 4 - today.weekday()))
        )
        audience = st.radio(
            "Audience",
            ["all", "teams", "employees"],
            horizontal=True,
            format_func={
                "all": "Whole organisation",
                "teams": "Chosen teams",
                "employees": "Chosen people",
            }.get,
        )
        tree = team_tree(conn)
        team_names = dict(zip(tree["id"], tree["name"], strict=True))
        team_ids = st.multiselect("Teams", list(team_names), format_func=team_names.get)
        people = {p["id"]: f"{p['name']} ({p['team']})" for p in active_employees(conn)}
        employee_ids = st.multiselect("People", list(people), format_func=people.get)
        if st.form_submit_button("Create round"):
            try:
                new_id = rounds.create_round(
                    conn,
                    template_id,
                    opens_on,
                    closes_on,
                    actor=actor,
                    audience=audience,
                    team_ids=[int(t) for t in team_ids],
                    employee_ids=employee_ids,
                )
                st.success(f"Round created (#{new_id}).")
            except rounds.RoundError as error:
                st.error(literal(error))

with tab_templates:
    template_rows = templates.list_templates(conn)
    st.dataframe(pd.DataFrame(template_rows).drop(columns=["id"]), hide_index=True)
    names = {t["id"]: t["name"] for t in template_rows}
    chosen = st.selectbox("Template", list(names), format_func=names.get, key="edit_template")
    with st.form("copy_template"):
        copy_name = st.text_input("Name of the copy", max_chars=80)
        if st.form_submit_button("Copy template"):
            try:
                templates.copy_template(conn, chosen, copy_name, actor)
                st.success(f"Copied as {literal(copy_name.strip())}.")
            except templates.TemplateError as error:
                st.error(literal(error))
    st.markdown("**Questions** (tick *include*, set the order with *position*)")
    current = {q["id"]: q for q in templates.template_questions(conn, chosen)}
    bank_rows = bank.list_questions(conn)
    order = {qid: i for i, qid in enumerate(current)}
    editor_rows = [
        {
            "include": q["id"] in current,
            "position": order.get(q["id"], len(order) + i) + 1,
            "required": bool(current.get(q["id"], {}).get("required", False)),
            "id": q["id"],
            "construct": q["construct"],
            "text": q["text"],
        }
        for i, q in enumerate(bank_rows)
        if q["active"] or q["id"] in current
    ]
    edited = st.data_editor(
        pd.DataFrame(editor_rows).sort_values(["include", "position"], ascending=[False, True]),
        hide_index=True,
        disabled=["id", "construct", "text"],
        key=f"template_editor_{chosen}",
        width="stretch",
    )
    if st.button("Save questions", key="save_template"):
        picked = edited[edited["include"]].sort_values("position", kind="stable")
        try:
            templates.set_template_questions(
                conn,
                chosen,
                [(str(r["id"]), bool(r["required"])) for _, r in picked.iterrows()],
                actor,
            )
            st.success("Template saved. Rounds created from now on use it.")
        except templates.TemplateError as error:
            st.error(literal(error))

with tab_bank:
    st.dataframe(pd.DataFrame(bank.list_questions(conn)), hide_index=True)
    with st.form("add_question"):
        st.markdown("**Add a question**")
        qid = st.text_input("Id (lower case, e.g. workload_breaks)", max_chars=40)
        text = st.text_input("Question", max_chars=bank.MAX_QUESTION_CHARS)
        construct = st.selectbox("Construct", list(bank.CONSTRUCT_SCALES))
        driver = st.selectbox(
            "Driver (for driver questions)",
            [None, *bank.DRIVERS],
            format_func=lambda d: "—" if d is None else bank.DRIVERS[d],
        )
        source = st.text_input("Source measure it follows", max_chars=200)
        if st.form_submit_button("Add question"):
            try:
                bank.add_question(conn, qid, text, construct, actor, driver=driver, source=source)
                st.success(f"Added {literal(qid.strip())}. Add it to a template to ask it.")
            except bank.QuestionError as error:
                st.error(literal(error))

with tab_cadence:
    st.caption("Due rounds are created when the app starts and by `make cadence`.")
    for row in cadence.list_cadences(conn):
        detail = f"{row['template']}: {row['kind']}"
        if row["offset_days"]:
            detail += f", {row['offset_days']} days after the start date"
        active = st.toggle(literal(detail), value=bool(row["active"]), key=f"cadence_{row['id']}")
        if active != bool(row["active"]):
            cadence.set_cadence_active(conn, row["id"], active, actor)
            st.rerun()
    if st.button("Create due rounds now", key="run_cadence"):
        created = cadence.run_cadence(conn)
        st.success(f"Created {len(created)} round(s).")

with tab_email:
    settings = mail.smtp_settings(conn)
    with st.form("smtp"):
        host = st.text_input("SMTP host", settings.host if settings else "")
        port = st.number_input("Port", 1, 65535, settings.port if settings else 25)
        sender = st.text_input("Sender address", settings.sender if settings else "")
        user = st.text_input("User (optional)", settings.user if settings else "")
        password = st.text_input("Password (optional)", type="password")
        starttls = st.checkbox("Use STARTTLS", settings.starttls if settings else False)
        if st.form_submit_button("Save email settings"):
            try:
                mail.save_smtp_settings(
                    conn,
                    mail.SmtpSettings(
                        host,
                        int(port),
                        sender,
                        user,
                        password or (settings.password if settings else ""),
                        starttls,
                    ),
                    actor,
                )
                st.success("Email settings saved.")
            except mail.MailError as error:
                st.error(literal(error))
