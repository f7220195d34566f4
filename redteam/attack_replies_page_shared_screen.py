"""A shared screen (the kiosk's, or a ward PC): "Replies to my comment" keeps the author's
conversation open in the browser session after they walk away. Neither the kiosk's "Done:
ready for the next person" nor signing out forgets it (they clear ``kiosk*`` keys and the
sign-in keys only), and the page has no way to close it. The next person at the screen opens
the page and reads the comment, the leader's reply and can answer as its author; they saw who
stood there before them, so the comment (and who wrote it) is theirs to tell.

Run: .venv/bin/python redteam/attack_replies_page_shared_screen.py (on main: the next person
reads it; with the fix on redteam2 the page forgets the code when its reader leaves it)
"""

from __future__ import annotations

import datetime as dt
import os

from common import ROOT, add_people, add_team, fresh_db

from actions.replies import issue_code, reply_as_leader
from insights.releases import publish_due
from org.access import viewer_for_employee
from storage import seal_closed_rounds
from surveys.answering import submit_as_employee
from surveys.rounds import create_round
from surveys.templates import ensure_builtin_templates

OPENS, CLOSES = dt.date(2026, 11, 16), dt.date(2026, 11, 20)
TODAY = dt.date(2026, 11, 25)
os.environ["VITALS_TODAY"] = TODAY.isoformat()

db, path = fresh_db()
templates = ensure_builtin_templates(db)
billing = add_team(db, "Billing")
people = add_people(db, billing, 8)
db["team_leaders"].insert({"team_id": billing, "employee_id": people[0]})
round_id = create_round(db, templates["Weekly pulse"], OPENS, CLOSES, actor="admin")
rid = submit_as_employee(db, people[1], round_id, {"enps": 3}, "Nights are unsafe.", OPENS)
code = issue_code(db, rid)
for e in people[2:]:
    submit_as_employee(db, e, round_id, {"enps": 7}, None, OPENS)
publish_due(db, TODAY)
seal_closed_rounds(db, TODAY)
reply_as_leader(db, viewer_for_employee(db, people[0]), rid, "Can you tell me more?", TODAY)

from streamlit.testing.v1 import AppTest  # noqa: E402

at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
at.run()  # the shared screen, signed out
at.switch_page("app_pages/replies.py").run()
at.text_input(key="reply_code_input").input(code)
next(b for b in at.button if b.label == "Open").click().run()
assert not at.exception, at.exception
print("author sees:", [m.value for m in at.markdown if "Nights" in m.value or "tell" in m.value])
# The author goes back to the kiosk page and presses nothing / or signs out; walks away.
at.switch_page("app_pages/kiosk.py").run()
# ("Done: ready for the next person" deletes only the session keys starting with "kiosk".)
# The next person at the screen:
at.switch_page("app_pages/replies.py").run()
seen = [m.value for m in at.markdown]
print("next person sees:", [m for m in seen if "Nights" in m or "tell" in m])
print("answer box offered to the next person:", bool(at.text_area))
