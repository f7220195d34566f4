"""What every page shares: a ready database for this thread, and friendly failure."""

from __future__ import annotations

import sqlite_utils
import streamlit as st

from demo.bootstrap import prepare_database
from org.access import Viewer, viewer_for_employee
from org.people import active_employees, team_leaders
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


def _rendered_this_run(key: str) -> bool:
    """True when a widget with ``key`` was already created during this script run."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx is not None and key in ctx.shared.widget_user_keys_this_run


def current_viewer() -> Viewer:
    """Who is using the app.

    Until accounts land this is demo mode: the sidebar lets anyone act as the administrator,
    any leader or any employee, and says so plainly. The accounts work replaces this function
    (keeping its name and return type) with real sign-in.
    """
    conn = db()
    choices: dict[str, tuple[int | None, bool]] = {"Demo administrator": (None, True)}
    for leader in team_leaders(conn):
        choices[f"{leader['name']} (leads {leader['teams']})"] = (leader["id"], False)
    for person in active_employees(conn):
        choices.setdefault(f"{person['name']} ({person['team']})", (person["id"], False))
    label = st.session_state.get("demo_viewer")
    if not _rendered_this_run("demo_viewer"):  # app.py and the page both ask: one widget
        with st.sidebar:
            st.caption(":orange[**Demo mode**]: pick who you are; sign-in comes with accounts.")
            label = st.selectbox("Acting as", list(choices), key="demo_viewer")
    if label not in choices:
        label = next(iter(choices))
    employee_id, is_admin = choices[label]
    if employee_id is None:
        return DEMO_ADMIN
    return viewer_for_employee(conn, employee_id, admin=is_admin)
