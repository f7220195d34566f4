"""Administration: the organisation's values that nominations cite."""

import streamlit as st

from app_pages.common import current_viewer, db, literal
from org.access import AccessDenied
from recognition import RecognitionError
from recognition.values import add_value, list_values, set_value_active, update_value

conn = db()
viewer = current_viewer()
st.title("Values")
if not viewer.is_admin:
    st.info("Only administrators can change the organisation's values.")
    st.stop()

st.caption(
    "People choose one or more of these when they recognise a colleague. Deactivate a value "
    "instead of deleting it: past recognition keeps the values it cited."
)


def attempt(action, *args, done: str) -> None:
    try:
        action(conn, viewer, *args)
    except (RecognitionError, AccessDenied) as error:
        st.error(literal(error))
    else:
        st.session_state["values_done"] = done
        st.rerun()


message = st.session_state.pop("values_done", None)
if message:
    st.success(message)

for value in list_values(conn, include_inactive=True):
    state = "" if value["active"] else " (inactive)"
    with st.expander(f"{literal(value['name'])}{state}"):
        with st.form(f"edit_value_{value['id']}"):
            name = st.text_input("Name", value["name"], key=f"value_name_{value['id']}")
            description = st.text_area(
                "Description", value["description"], key=f"value_desc_{value['id']}"
            )
            if st.form_submit_button("Save"):
                attempt(update_value, value["id"], name, description, done="Value saved.")
        if value["active"]:
            if st.button("Deactivate", key=f"deactivate_{value['id']}"):
                attempt(set_value_active, value["id"], False, done="Value deactivated.")
        elif st.button("Reactivate", key=f"activate_{value['id']}"):
            attempt(set_value_active, value["id"], True, done="Value reactivated.")

st.subheader("Add a value")
with st.form("add_value", clear_on_submit=False):
    name = st.text_input("Name", key="new_value_name")
    description = st.text_area("Description", key="new_value_description")
    if st.form_submit_button("Add value"):
        attempt(add_value, name, description, done="Value added.")
