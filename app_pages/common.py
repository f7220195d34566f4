"""What every page shares: a ready database for this thread, and friendly failure."""

from __future__ import annotations

import sqlite_utils
import streamlit as st

from demo.bootstrap import prepare_database
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
