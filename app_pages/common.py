"""What every page shares: a ready database for this thread, and friendly failure."""

from __future__ import annotations

import os
import re
import secrets
import time
from pathlib import Path

import sqlite_utils
import streamlit as st

from accounts.session import (
    COOKIE_NAME,
    IDLE_MINUTES,
    SESSION_HOURS,
    SessionCheck,
    check_session,
    create_session,
    end_sessions,
    is_expired,
    resume_session,
    token_hash,
)
from accounts.sso import lookup_email, sso_configured, viewer_for_email
from accounts.store import get_account, record_sign_out, viewer_for_account
from insights.red_flags import open_count
from org.access import AccessDenied, Role, Viewer, require_role, viewer_for_employee
from org.people import active_employees, team_leaders
from startup import prepare_database
from storage import StorageError, database_path, get_db


@st.cache_resource(show_spinner="Preparing the database...")
def _prepared(path: str) -> str:
    """Migrate and seed once per database file per server process."""
    prepare_database(path)
    return path


def db() -> sqlite_utils.Database:
    """This thread's connection to the configured database, migrated and seeded.

    A database that cannot be used stops the page with a one-line error naming the path.
    """
    path = str(database_path())
    try:
        _prepared(path)
        return get_db(path)
    except StorageError as error:
        st.error(str(error))
        st.stop()
        raise  # st.stop() raises; this keeps type checkers honest


DEMO_ADMIN = Viewer(None, "Demo administrator", "admin")
# The tab's icon, served by the app itself: a ``:material/...:`` or emoji page icon makes the
# browser fetch it from fonts.gstatic.com, a request that leaves the organisation.
APP_ICON = str(Path(__file__).with_name("icon.svg"))

# Session keys (tests sign in with tests/helpers.py::sign_in_as, which sets these two).
ACCOUNT_KEY = "vitals_account_id"
LAST_SEEN_KEY = "vitals_last_seen"
SSO_KEY = "vitals_sso_email"
NOTICE_KEY = "vitals_notice"
SESSION_KEY = "vitals_session_hash"  # the hash of this tab's session token, never the token
COOKIE_KEY = "vitals_cookie_pending"  # a cookie write the browser has not confirmed yet
COOKIE_CHECKED_KEY = "vitals_cookie_checked"  # the cookie this tab arrived with was tried
DEMO_VIEWER_KEY = "demo_viewer"  # demo mode: the sidebar picker's choice

# Writes or clears the session cookie from inside the page (Streamlit's own components v2,
# inline, no iframe, nothing downloaded), then tells the server it is done. JavaScript cannot
# set HttpOnly; SameSite=Strict keeps other sites' requests from carrying it, Secure follows
# the page's scheme, and Max-Age matches the absolute expiry.
_COOKIE_JS = """
export default function (component) {
  const { data, setTriggerValue } = component;
  if (window.__vitalsCookieNonce === data.nonce) return;
  window.__vitalsCookieNonce = data.nonce;
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  const value = data.token ? data.token : "";
  const age = data.token ? data.max_age : 0;
  document.cookie =
    `${data.name}=${value}; Max-Age=${age}; Path=/; SameSite=Strict${secure}`;
  setTriggerValue("written", data.nonce);
}
"""
_cookie_writer = st.components.v2.component("vitals_session_cookie", js=_COOKIE_JS)


def demo_mode() -> bool:
    """``VITALS_DEMO_MODE=1``: no sign-in, a sidebar picker to act as anyone (demos only)."""
    return os.environ.get("VITALS_DEMO_MODE") == "1"


def sso_enabled() -> bool:
    """Single sign-on through ``st.login`` when secrets.toml has an ``[auth]`` section."""
    return sso_configured(st.secrets)


def _demo_choices(conn: sqlite_utils.Database) -> dict[str, tuple[int | None, bool]]:
    choices: dict[str, tuple[int | None, bool]] = {"Demo administrator": (None, True)}
    for leader in team_leaders(conn):
        choices[f"{leader['name']} (leads {leader['teams']})"] = (leader["id"], False)
    for person in active_employees(conn):
        choices.setdefault(f"{person['name']} ({person['team']})", (person["id"], False))
    return choices


def _demo_viewer() -> Viewer:
    """Who the sidebar picker (``account_sidebar``) says this tab acts as; the first by default."""
    conn = db()
    choices = _demo_choices(conn)
    label = st.session_state.get(DEMO_VIEWER_KEY)
    employee_id, is_admin = choices.get(label, next(iter(choices.values())))
    if employee_id is None:
        return DEMO_ADMIN
    return viewer_for_employee(conn, employee_id, admin=is_admin)


def _forget(notice: str | None = None) -> None:
    """Drop this tab's sign-in, and everything else the tab held for the person (an open reply
    conversation, a half-filled form, filters): on a shared computer the next person starts
    clean. The browser drops its cookie."""
    state = st.session_state
    for key in [k for k in state.keys() if k != COOKIE_CHECKED_KEY]:  # the tab's, not theirs
        del state[key]
    state[COOKIE_KEY] = {"token": None, "nonce": secrets.token_hex(8)}
    if notice:
        state[NOTICE_KEY] = notice


def sign_out(notice: str | None = None, reason: str | None = None) -> None:
    """Forget who is signed in, everywhere (audited); ``notice`` is shown on the sign-in page.

    Every session of the account ends, so other tabs and browsers are signed out at their
    next interaction: a person who signs out on a shared computer is not left signed in on it.
    """
    state = st.session_state
    who = state.get(SSO_KEY)
    account_id = state.get(ACCOUNT_KEY)
    if who is None and account_id is not None:
        account = get_account(db(), account_id)
        who = account.login if account else None
    if who:
        record_sign_out(db(), who, reason or ("idle" if notice else "user"))
    if account_id is not None:
        end_sessions(db(), account_id)
    _forget(notice)


def start_session(account_id: int) -> None:
    """Sign this tab in and have the browser keep a session cookie for reloads and new tabs."""
    token = create_session(db(), account_id)
    state = st.session_state
    state[ACCOUNT_KEY] = account_id
    state[LAST_SEEN_KEY] = time.time()
    state[SESSION_KEY] = token_hash(token)
    state[COOKIE_KEY] = {"token": token, "nonce": secrets.token_hex(8)}
    state.pop(NOTICE_KEY, None)


def session_cookie() -> str | None:
    """The session token this tab's browser sent when it connected (reload, new tab, link)."""
    value = st.context.cookies.get(COOKIE_NAME)
    return value if isinstance(value, str) and value else None  # AppTest has no cookies


def write_session_cookie() -> None:
    """Have the browser store or clear the session cookie when sign-in or sign-out asked.

    Called once per run by app.py. The request stays until the browser confirms it, so a
    rerun that cuts a run short cannot lose it. The token travels over the app's websocket,
    never in a URL.
    """
    pending = st.session_state.get(COOKIE_KEY)
    if pending is None:
        return

    def confirmed() -> None:
        if st.session_state.get(COOKIE_KEY) is pending:
            st.session_state.pop(COOKIE_KEY, None)

    _cookie_writer(
        key=f"vitals_cookie_{pending['nonce']}",
        data={
            "name": COOKIE_NAME,
            "token": pending["token"],
            "max_age": int(SESSION_HOURS * 3600),
            "nonce": pending["nonce"],
        },
        on_written_change=confirmed,
        height=0,
    )


_ENDED = {
    "idle": f"You were signed out after {IDLE_MINUTES:g} minutes without activity.",
    "expired": f"Sessions last {SESSION_HOURS:g} hours at most: please sign in again.",
    "left": None,
    "unknown": "You were signed out (signed out elsewhere, or the password changed).",
}


def _resume_from_cookie(conn: sqlite_utils.Database) -> None:
    """A reload or a new tab: sign in from the session cookie once, when it is still valid."""
    state = st.session_state
    token = session_cookie()
    if token is None or state.get(COOKIE_CHECKED_KEY) == token_hash(token):
        return
    state[COOKIE_CHECKED_KEY] = token_hash(token)
    check = resume_session(conn, token)
    if check.account_id is None:
        _forget(_ENDED[check.outcome] if check.outcome in ("idle", "expired") else None)
        return
    state[ACCOUNT_KEY] = check.account_id
    state[LAST_SEEN_KEY] = time.time()
    state[SESSION_KEY] = token_hash(token)


def _session_ended(conn: sqlite_utils.Database) -> bool:
    """This tab's session ran out or was ended elsewhere; if so the tab is signed out."""
    hashed = st.session_state.get(SESSION_KEY)
    if hashed is None:
        return False
    check: SessionCheck = check_session(conn, hashed)
    if check.outcome == "ok":
        return False
    if check.outcome in ("idle", "expired"):
        sign_out(_ENDED[check.outcome], reason=check.outcome)
    else:
        _forget(_ENDED[check.outcome])
    return True


def _sso_logged_in() -> bool:
    return bool(st.user.get("is_logged_in", False))


def _sso_viewer(conn: sqlite_utils.Database) -> Viewer | None:
    if not _sso_logged_in():
        return None
    email = str(st.user.get("email") or "")
    if st.session_state.get(SSO_KEY) != email:
        viewer = viewer_for_email(conn, email)  # audits the sign-in once per session
        if viewer is None:
            st.session_state[NOTICE_KEY] = f"{email} has no access to Vitals; ask an administrator."
            return None
        st.session_state[SSO_KEY] = email
        st.session_state[LAST_SEEN_KEY] = time.time()
    return lookup_email(conn, email)


def signed_in_viewer() -> Viewer | None:
    """Who is signed in, or None. Idle sessions expire; accounts of leavers stop working.

    A tab that is not signed in yet tries the session cookie its browser sent (a reload, a
    second tab, a link from an email); with single sign-on, ``st.login``'s own session.
    """
    if demo_mode():
        return _demo_viewer()
    conn = db()
    state = st.session_state
    now = time.time()
    if state.get(ACCOUNT_KEY) is None and state.get(SSO_KEY) is None:
        _resume_from_cookie(conn)
    if sso_enabled() and state.get(ACCOUNT_KEY) is None:
        viewer = _sso_viewer(conn)
    else:
        account_id = state.get(ACCOUNT_KEY)
        if account_id is not None and _session_ended(conn):
            return None
        account = get_account(conn, account_id) if account_id is not None else None
        viewer = viewer_for_account(conn, account) if account else None
        if account_id is not None and viewer is None:
            sign_out()
            return None
    if viewer is None:
        return None
    # A session with a row in ``sessions`` is timed there (shared by the account's tabs).
    if state.get(SESSION_KEY) is None and is_expired(state.get(LAST_SEEN_KEY), now):
        sign_out(f"You were signed out after {IDLE_MINUTES:g} minutes without activity.")
        if sso_enabled() and _sso_logged_in():
            st.logout()
        return None
    state[LAST_SEEN_KEY] = now
    return viewer


def account_sidebar(viewer: Viewer | None) -> None:
    """Who is signed in and the sign-out button, or demo mode's picker: once per run, from
    app.py (pages ask ``signed_in_viewer`` again, which draws nothing)."""
    if demo_mode():
        choices = list(_demo_choices(db()))
        if st.session_state.get(DEMO_VIEWER_KEY) not in choices:
            st.session_state.pop(DEMO_VIEWER_KEY, None)
        with st.sidebar:
            st.caption(":orange[**Demo mode**]: no sign-in; pick who you are (VITALS_DEMO_MODE).")
            st.selectbox("Acting as", choices, key=DEMO_VIEWER_KEY)
        return
    if viewer is None:
        return
    with st.sidebar:
        st.caption(f"Signed in as **{literal(viewer.name)}** ({viewer.role})")
        if st.button("Sign out", key="sign_out", icon=":material/logout:"):
            sign_out()
            if sso_enabled() and _sso_logged_in():
                st.logout()
            st.rerun()


def password_change_pending() -> bool:
    """A one-time password is in use: nothing but changing it is allowed."""
    account_id = st.session_state.get(ACCOUNT_KEY)
    if demo_mode() or account_id is None:
        return False
    account = get_account(db(), account_id)
    return bool(account and account.must_change_password)


def current_viewer() -> Viewer:
    """Who is using the app; a page never runs for someone signed out.

    Signed out (or still holding a one-time password), the page stops with a pointer to the
    sign-in page. In demo mode (``VITALS_DEMO_MODE=1``) the sidebar picker of earlier builds
    lets anyone act as the administrator, any leader or any employee. Tests sign in with
    ``tests.helpers.sign_in_as(at, "admin" | "billing-leader" | "employee" | email)``.
    """
    viewer = signed_in_viewer()
    if viewer is None or password_change_pending():
        st.info("Please sign in to continue.")
        st.stop()
        raise AssertionError("unreachable")  # st.stop() raises
    return viewer


def require_page_role(*roles: Role) -> Viewer:
    """The viewer, when their role may open this page; otherwise the page stops with an error."""
    viewer = current_viewer()
    try:
        return require_role(viewer, *roles)
    except AccessDenied as error:
        st.error(str(error))
        st.stop()
        raise


def red_flags_title(viewer: Viewer | None) -> str:
    """The red-flag page's navigation title, with the open count as a badge for admins."""
    count = open_count(db(), viewer) if viewer is not None else 0
    return f"Red flags ({count})" if count else "Red flags"


def csv_download(label: str, key: str, file_name: str) -> None:
    """The download button of a CSV that a button put in ``st.session_state[key]``: kept
    there, the file survives the rerun the download click causes."""
    if key in st.session_state:
        st.download_button(label, st.session_state[key], file_name=file_name, mime="text/csv")


def literal(text: object) -> str:
    """User text made inert for every Streamlit element that renders Markdown.

    Titles, captions, alerts, widget labels, radio options, page links and expanders all
    render Markdown (links, images, LaTeX, colour directives). Every name, title, value,
    message or comment a person typed or imported goes through this one helper before it
    reaches them, so ``![x](http://host/p.png)`` shows as those characters and loads nothing.
    Newlines become spaces: a line break could start a heading, list or table. Escapes do not
    stop GitHub-style autolinks (a bare ``http://``, ``www.`` or ``name@host``), which are found
    in the text after escapes are read, so an invisible word joiner (U+2060) goes into each.
    """
    flat = AUTOLINK.sub(lambda m: m.group(0) + WORD_JOINER, " ".join(str(text).splitlines()))
    return "".join("\\" + ch if ch in MARKDOWN_SPECIALS else ch for ch in flat)


MARKDOWN_SPECIALS = frozenset("\\`*_{}[]()<>#+-.!|~:$&=^%\"'")
WORD_JOINER = "\u2060"
AUTOLINK = re.compile(r"(?i)https?(?=:)|www(?=\.)|@")  # where remark-gfm's autolinks start
