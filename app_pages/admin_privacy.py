"""Privacy requests: erase a former employee's identified data; anonymous answers remain."""

import pandas as pd
import streamlit as st

from accounts.privacy import PrivacyError, erase_former_employee, erasure_preview, former_employees
from app_pages.common import db, literal, require_page_role

LABELS = {
    "employee": "Roster entry",
    "account": "Sign-in account",
    "nominations_made": "Recognition given",
    "nominations_received": "Recognition received",
    "leader_roles": "Team leadership",
    "invitations_unlinked": "Survey invitations unlinked (kept for participation counts)",
    "audit_entries_redacted": "Audit entries with their name, email and login removed",
}

viewer = require_page_role("admin")
conn = db()
st.title("Privacy requests")
st.caption(
    "Erases everything that identifies a former employee: roster entry, account, recognition "
    "they gave or received. Their survey answers stay: they were never linked to them. "
    "Mark a person as left on the Roster page first."
)
done = st.session_state.pop("privacy_done", None)
if done:
    st.success(f"Erased {literal(done['who'])}. What was deleted:")
    st.dataframe(
        pd.DataFrame(
            [(LABELS[k], v) for k, v in done["deleted"].items()], columns=["Data", "Rows"]
        ),
        hide_index=True,
        key="privacy_deleted",
    )
leavers = {
    f"{p['name']} <{p['email']}> (left {p['left_date']})": p["id"] for p in former_employees(conn)
}
if not leavers:
    st.info("No former employees on the roster.")
    st.stop()
who = st.selectbox("Former employee", list(leavers), key="privacy_person")
preview = erasure_preview(conn, leavers[who])
st.dataframe(
    pd.DataFrame([(LABELS[k], v) for k, v in preview.items()], columns=["Data", "Rows"]),
    hide_index=True,
    key="privacy_preview",
)
confirmed = st.checkbox("I understand this cannot be undone", key="privacy_confirm")
if st.button("Erase", type="primary", disabled=not confirmed, key="privacy_erase"):
    try:
        deleted = erase_former_employee(conn, leavers[who], viewer.name)
    except PrivacyError as error:
        st.error(literal(error))
    else:
        st.session_state["privacy_done"] = {"who": who, "deleted": deleted}
        st.rerun()
