"""Hostile text reaches Streamlit only through plain-text elements (AppTest level).

The browser test (tests/browser/test_injection.py) checks that nothing executes or loads.
"""

import datetime as dt
import re

from streamlit.testing.v1 import AppTest

from tests.accounts.injection import COMMENT, MESSAGE, NAME, plant
from tests.conftest import DEMO_TODAY, PROJECT_ROOT
from tests.helpers import sign_in_as


def app():
    return AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)


def markdown_texts(at) -> list[str]:
    return [m.value for m in at.markdown] + [c.value for c in at.caption]


def test_names_in_the_sidebar_are_escaped(demo_db_path, demo_db):
    plant(demo_db, DEMO_TODAY)
    at = sign_in_as(app(), "employee").run()
    assert not at.exception
    signed = [c.value for c in at.sidebar.caption if c.value.startswith("Signed in as")]
    assert len(signed) == 1
    # Every markdown/HTML character of the name is backslash-escaped, so it renders literally.
    assert re.search(r"(?<!\\)[<>\[\]()]", signed[0].split("**")[1]) is None
    assert "\\*\\*Bold\\*\\*" in signed[0]


def test_feed_shows_the_message_and_name_as_plain_text(demo_db_path, demo_db):
    plant(demo_db, dt.date.today())
    at = sign_in_as(app(), "billing-leader").run()
    at.switch_page("app_pages/feed.py").run()
    assert not at.exception
    texts = [t.value for t in at.text]
    assert MESSAGE in texts
    assert any(NAME in t for t in texts)
    assert not any(MESSAGE in m or NAME in m for m in markdown_texts(at))


def test_comments_page_shows_comments_verbatim_in_a_table(demo_db_path, demo_db):
    plant(demo_db, DEMO_TODAY, hostile_name=False)
    at = sign_in_as(app(), "admin").run()
    at.switch_page("app_pages/comments.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    cells = {str(v) for v in table.to_numpy().ravel()}
    assert COMMENT in cells
    assert not any(COMMENT in m for m in markdown_texts(at))
