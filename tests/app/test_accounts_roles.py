"""Sign-in through the app, and each role seeing exactly its pages (AppTest on app.py)."""

import json
import re
import time

import pytest
from streamlit.testing.v1 import AppTest

from accounts.demo import DEMO_PASSWORD
from accounts.store import MAX_FAILED_ATTEMPTS, create_admin
from app_pages.common import ACCOUNT_KEY, LAST_SEEN_KEY
from tests.conftest import PROJECT_ROOT
from tests.helpers import sign_in_as

APP = str(PROJECT_ROOT / "app.py")
WIRED = sorted(set(re.findall(r"app_pages/\w+\.py", (PROJECT_ROOT / "app.py").read_text())))
EVERYONE = {"home", "nominate", "feed", "my_pulses", "answer", "my_recognition", "replies"}
LEADERS = {
    "overview", "team", "workload", "changes", "comments", "awards", "recognition_insights",
    "actions",
}  # fmt: skip


SIGNED_OUT = {"sign_in", "answer", "kiosk", "replies"}  # kiosk: personal codes; replies: codes


def expected_pages(role: str | None) -> set[str]:
    names = {re.search(r"(\w+)\.py", p).group(1) for p in WIRED}
    if role is None:
        return SIGNED_OUT & names
    unknown = names - EVERYONE - LEADERS - SIGNED_OUT - {n for n in names if n.startswith("admin_")}
    assert not unknown, f"classify these pages in {__file__}: {unknown}"
    allowed = set(EVERYONE)
    if role in ("leader", "admin"):
        allowed |= LEADERS
    if role == "admin":
        allowed |= {n for n in names if n.startswith("admin_")}
    return allowed & names


def reachable(at) -> set[str]:
    """Pages the navigation offers this session (switch_page refuses the others)."""
    found = set()
    for path in WIRED:
        try:
            at.switch_page(path)
        except ValueError:
            continue
        found.add(re.search(r"(\w+)\.py", path).group(1))
    return found


def app():
    return AppTest.from_file(APP, default_timeout=60)


def audit(db, action):
    return [
        (r[0], json.loads(r[1] or "{}"))
        for r in db.execute(
            "SELECT actor, detail FROM audit_log WHERE action = ? ORDER BY id", [action]
        )
    ]


def test_a_fresh_database_starts_empty_and_asks_for_make_admin(isolated_database, db):
    at = app().run()  # the app's own start-up: migrations, templates, never the demo
    assert not at.exception
    assert db["employees"].count == 0 and db["accounts"].count == 0
    assert any("run `make admin`" in w.value for w in at.warning)
    create_admin(db)
    at.run()
    assert not any("make admin" in w.value for w in at.warning)


def test_signed_out_sees_only_the_sign_in_page(demo_db_path):
    at = app().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Sign in to Vitals"]
    assert reachable(at) == expected_pages(None)
    assert not at.sidebar.button  # no sign-out, no picker


@pytest.mark.parametrize(
    ("login", "role"),
    [
        ("employee", "employee"),
        ("billing-leader", "leader"),
        ("revenue-director", "leader"),
        ("admin", "admin"),
    ],
)
def test_each_demo_account_sees_exactly_its_pages(demo_db_path, login, role):
    at = sign_in_as(app(), login).run()
    assert not at.exception
    assert at.title[0].value == "Vitals · Riverbend Medical Group"
    assert f"({role})" in " ".join(c.value for c in at.sidebar.caption)
    # The pulse page (answer) is wired by the surveys package; its link works either way.
    assert reachable(at) - {"answer"} == expected_pages(role) - {"answer"}


def test_sign_in_form_wrong_then_right_password(demo_db_path, demo_db):
    at = app().run()
    at.text_input(key="sign_in_login").input("billing-leader")
    at.text_input(key="sign_in_password").input("not the password")
    at.button[0].click().run()
    assert at.error[0].value.startswith("Wrong email or password")
    assert at.title[0].value == "Sign in to Vitals"
    at.text_input(key="sign_in_password").input(DEMO_PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert at.title[0].value == "Vitals · Riverbend Medical Group"
    assert [a for a, _ in audit(demo_db, "sign_in")] == ["billing-leader"]
    assert audit(demo_db, "sign_in_failed") == [("billing-leader", {"reason": "wrong password"})]


def test_lockout_through_the_form_is_audited(demo_db_path, demo_db):
    at = app().run()
    at.text_input(key="sign_in_login").input("employee")
    for attempt in range(MAX_FAILED_ATTEMPTS):
        at.text_input(key="sign_in_password").input(f"wrong password {attempt}")
        at.button[0].click().run()
    at.text_input(key="sign_in_password").input(DEMO_PASSWORD)
    at.button[0].click().run()
    assert at.title[0].value == "Sign in to Vitals"  # the right password is refused while locked
    assert at.error[0].value.startswith("Wrong email or password")
    assert len(audit(demo_db, "account_locked")) == 1
    assert audit(demo_db, "sign_in_failed")[-1] == ("employee", {"reason": "locked"})


def test_one_time_password_must_be_changed_first(demo_db_path, demo_db):
    password = create_admin(demo_db, "root")
    at = app().run()
    at.text_input(key="sign_in_login").input("root")
    at.text_input(key="sign_in_password").input(password)
    at.button[0].click().run()
    assert at.title[0].value == "Choose your password"
    assert reachable(at) == expected_pages(None)  # nothing else until it is changed
    at.text_input[0].input(password)
    at.text_input[1].input("my own long password")
    at.text_input[2].input("my own long passwort")
    at.button[0].click().run()
    assert at.error[0].value == "The two new passwords differ."
    at.text_input[2].input("my own long password")
    at.button[0].click().run()
    assert not at.exception
    assert at.title[0].value == "Vitals · Riverbend Medical Group"
    assert reachable(at) - {"answer"} == expected_pages("admin") - {"answer"}


def test_idle_session_expires(demo_db_path, demo_db):
    at = sign_in_as(app(), "admin")
    at.session_state[LAST_SEEN_KEY] = time.time() - 31 * 60
    at.run()
    assert at.title[0].value == "Sign in to Vitals"
    assert "without activity" in at.info[0].value
    assert ACCOUNT_KEY not in at.session_state
    assert audit(demo_db, "sign_out") == [("admin", {"reason": "idle"})]


def test_sign_out_button(demo_db_path, demo_db):
    at = sign_in_as(app(), "employee").run()
    at.sidebar.button(key="sign_out").click().run()
    assert at.title[0].value == "Sign in to Vitals"
    assert reachable(at) == expected_pages(None)
    assert audit(demo_db, "sign_out") == [("employee", {"reason": "user"})]


def test_leader_asking_for_another_team_gets_their_own(demo_db_path, demo_db):
    coding = demo_db.execute("SELECT id FROM teams WHERE name = 'Coding'").fetchone()[0]
    at = sign_in_as(app(), "billing-leader").run()
    at.switch_page("app_pages/team.py")
    at.query_params["team"] = str(coding)
    at.run()
    assert not at.exception
    assert "not one you can see" in at.warning[0].value
    assert at.selectbox(key="team_pick").value == "Billing"
    assert "Coding" not in at.selectbox(key="team_pick").options


@pytest.mark.parametrize(
    "page",
    [
        "admin_roster",
        "admin_teams",
        "admin_accounts",
        "admin_settings",
        "admin_privacy",
        "admin_audit",
        "admin_red_flags",
        "admin_backtest",
    ],
)
def test_admin_pages_refuse_non_admins_even_when_opened_directly(demo_db_path, page):
    at = AppTest.from_file(str(PROJECT_ROOT / "app_pages" / f"{page}.py"), default_timeout=30)
    sign_in_as(at, "revenue-director").run()
    assert not at.exception
    assert [e.value for e in at.error] == ["You do not have access to this page."]
    assert not at.dataframe


def test_pages_opened_directly_while_signed_out_show_nothing(demo_db_path):
    at = AppTest.from_file(str(PROJECT_ROOT / "app_pages" / "team.py"), default_timeout=30).run()
    assert not at.exception
    assert [i.value for i in at.info] == ["Please sign in to continue."]
    assert not at.title


def test_a_personal_pulse_link_opens_without_sign_in(demo_db_path):
    at = app()
    at.query_params["invite"] = "not-a-real-token"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Pulse survey"
    assert "sign_in" in reachable(at) and "home" not in reachable(at)


def test_single_sign_on_is_offered_when_configured(demo_db_path):
    at = app()
    at.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "not-a-real-secret",
        "client_id": "vitals",
        "client_secret": "not-a-real-secret",
        "server_metadata_url": "https://login.invalid/.well-known/openid-configuration",
    }
    at.run()
    assert not at.exception
    labels = [b.label for b in at.button]
    assert "Sign in with your organisation account" in labels
    assert at.expander[0].label == "Administrator sign-in with a password"


@pytest.mark.parametrize(
    ("login", "teams"),
    [
        ("billing-leader", {"Billing"}),
        ("revenue-director", {"Revenue Cycle", "Billing", "Coding", "Prior Authorisation"}),
    ],
)
def test_each_leader_account_picks_only_among_its_teams(demo_db_path, login, teams):
    at = sign_in_as(app(), login).run()
    at.switch_page("app_pages/team.py").run()
    assert not at.exception
    shown = {option.split(" (")[0] for option in at.selectbox(key="team_pick").options}
    assert shown == teams
