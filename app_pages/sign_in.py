"""Sign in (password, or the organisation's single sign-on), and replace a one-time password."""

import streamlit as st

from accounts.demo import DEMO_PASSWORD, demo_accounts_present
from accounts.passwords import WeakPassword
from accounts.store import (
    AccountError,
    SignInError,
    authenticate,
    change_password,
    has_accounts,
)
from app_pages.common import (
    ACCOUNT_KEY,
    NOTICE_KEY,
    db,
    demo_mode,
    literal,
    password_change_pending,
    signed_in_viewer,
    sso_enabled,
    start_session,
)

conn = db()

if demo_mode():
    st.title("Demo mode")
    st.info("Sign-in is off (VITALS_DEMO_MODE=1): pick who you are in the sidebar.")
    st.stop()

if password_change_pending():
    st.title("Choose your password")
    st.info("You signed in with a one-time password. Choose your own to continue.")
    with st.form("change_password"):
        current = st.text_input("One-time password", type="password")
        new = st.text_input("New password (at least 12 characters)", type="password")
        again = st.text_input("New password again", type="password")
        submitted = st.form_submit_button("Save password", type="primary")
    if submitted:
        if new != again:
            st.error("The two new passwords differ.")
        else:
            account_id = st.session_state[ACCOUNT_KEY]
            try:
                change_password(conn, account_id, current, new)
            except (AccountError, WeakPassword) as error:
                st.error(literal(error))
            else:
                start_session(account_id)  # the change ended every session, this one too
                st.rerun()
    st.stop()

if signed_in_viewer() is not None:  # e.g. a bookmarked sign-in page
    st.switch_page("app_pages/home.py")

st.title("Sign in to Vitals")
notice = st.session_state.pop(NOTICE_KEY, None)
if notice:
    st.info(literal(notice))
if not has_accounts(conn):
    st.warning(
        "This Vitals database is new: nobody can sign in yet. On the server, run `make admin` "
        "to create the first administrator; it prints a one-time password (docs/ACCOUNTS.md)."
    )

if sso_enabled():
    st.button(
        "Sign in with your organisation account",
        type="primary",
        on_click=st.login,
        icon=":material/login:",
    )
    password_box = st.expander("Administrator sign-in with a password")
else:
    password_box = st.container()

with password_box:
    with st.form("sign_in"):
        login = st.text_input("Email or user name", key="sign_in_login")
        password = st.text_input("Password", type="password", key="sign_in_password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted:
        try:
            account = authenticate(conn, login, password)
        except SignInError as error:
            st.error(literal(error))
        else:
            start_session(account.id)
            st.rerun()

if demo_accounts_present(conn):
    st.caption(
        "Demo organisation: sign in as `admin`, `revenue-director`, `billing-leader` or "
        f"`employee` with the password `{DEMO_PASSWORD}` (see README.md)."
    )
