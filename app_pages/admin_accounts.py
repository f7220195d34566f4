"""Accounts: who may sign in, administrators, one-time passwords, unlocking."""

import pandas as pd
import streamlit as st

from accounts.passwords import one_time_password
from accounts.roster import roster
from accounts.store import (
    AccountError,
    create_account,
    list_accounts,
    set_admin,
    set_password,
    unlock,
)
from app_pages.common import db, literal, require_page_role

viewer = require_page_role("admin")
conn = db()
actor = viewer.name
st.title("Accounts")
st.caption(
    "Passwords are stored only as argon2 hashes. A new or reset account gets a one-time "
    "password, shown once here, which must be changed at the first sign-in."
)
accounts = list_accounts(conn)
st.dataframe(pd.DataFrame(accounts), hide_index=True, key="accounts_table")
by_login = {a["login"]: a["id"] for a in accounts}

st.subheader("New account")
people = {f"{p['name']} <{p['email']}>": p for p in roster(conn, include_left=False)}
with st.form("new_account"):
    person = st.selectbox("Employee", list(people), key="new_account_person")
    admin = st.checkbox("Administrator", key="new_account_admin")
    if st.form_submit_button("Create account") and person:
        password = one_time_password()
        try:
            create_account(
                conn,
                people[person]["email"],
                password,
                employee_id=people[person]["id"],
                is_admin=admin,
                must_change_password=True,
                actor=actor,
            )
        except AccountError as error:
            st.error(literal(error))
        else:
            st.success(
                f"Account created for {literal(people[person]['email'])}. One-time password:"
            )
            st.code(password, language=None)

st.subheader("Change an account")
login = st.selectbox("Account", list(by_login), key="edit_account")
if login:
    account_id = by_login[login]
    cols = st.columns(4)
    try:
        if cols[0].button("Reset password", key="reset_password"):
            password = one_time_password()
            set_password(conn, account_id, password, actor)
            st.success("New one-time password (shown once):")
            st.code(password, language=None)
        if cols[1].button("Unlock", key="unlock_account"):
            unlock(conn, account_id, actor)
            st.success("Unlocked.")
        if cols[2].button("Make administrator", key="grant_admin"):
            set_admin(conn, account_id, True, actor)
            st.success("Now an administrator.")
        if cols[3].button("Remove administrator", key="revoke_admin"):
            set_admin(conn, account_id, False, actor)
            st.success("No longer an administrator.")
    except AccountError as error:
        st.error(literal(error))
