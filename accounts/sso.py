"""Single sign-on: Streamlit's built-in OIDC (``st.login``) proves an email; we map it to a person.

SSO is on when ``.streamlit/secrets.toml`` has an ``[auth]`` section (see docs/ACCOUNTS.md).
The identity provider vouches for the email; Vitals decides the role: an active employee with
that email is an employee or leader; an account with that login and the admin flag makes an
administrator. Anyone else is refused (and the refusal is audited).
"""

from __future__ import annotations

from collections.abc import Mapping

import sqlite_utils

from org import audit
from org.access import Viewer, viewer_for_employee
from storage import write_transaction


def sso_configured(secrets: Mapping) -> bool:
    """True when the deployment's secrets carry an ``[auth]`` section for ``st.login``."""
    try:
        return "auth" in secrets
    except Exception:  # st.secrets raises when no secrets file exists at all
        return False


def viewer_for_email(db: sqlite_utils.Database, email: str | None) -> Viewer | None:
    """Map an email vouched for by the identity provider to a viewer, or None (audited)."""
    email = (email or "").strip()
    viewer = lookup_email(db, email) if email else None
    with write_transaction(db):
        if viewer is None:
            audit.record(db, email or "?", "sign_in_failed", {"reason": "sso: unknown email"})
        else:
            audit.record(db, email, "sign_in", {"method": "sso"})
    return viewer


def lookup_email(db: sqlite_utils.Database, email: str) -> Viewer | None:
    employee = db.execute(
        "SELECT id FROM employees WHERE email = ? AND status = 'active'", [email]
    ).fetchone()
    account = db.execute(
        "SELECT employee_id, is_admin FROM accounts WHERE login = ? OR employee_id = ?",
        [email, employee[0] if employee else -1],
    ).fetchone()
    is_admin = bool(account and account[1])
    if employee is not None:
        return viewer_for_employee(db, employee[0], admin=is_admin)
    if account is not None and account[0] is None and is_admin:
        return Viewer(None, email, "admin")
    return None
