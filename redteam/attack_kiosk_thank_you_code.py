"""The kiosk (a shared screen): after sending, the thank-you shows the comment's reply code and
stays on screen, with no time limit, until someone presses "Done: ready for the next person".
Whoever comes next (or a leader walking past) reads the code off the screen; they saw who
stood there, and once the round closes the code opens that person's comment and every reply
("Replies to my comment"), and lets them answer as its author.

Run: .venv/bin/python redteam/attack_kiosk_thank_you_code.py
(proposed fix, in app_pages/kiosk.py: clear the thank-you, and the person, after a minute or
two without a click, as the page's own "Done" does; say so beside the code.)
"""

from __future__ import annotations

import datetime as dt
import os

from common import ROOT, add_people, add_team, fresh_db

from surveys.codes import issue_codes
from surveys.rounds import create_round
from surveys.templates import ensure_builtin_templates

TODAY = dt.date(2026, 11, 25)
os.environ["VITALS_TODAY"] = TODAY.isoformat()
db, path = fresh_db()
templates = ensure_builtin_templates(db)
desk = add_team(db, "Front desk")
people = add_people(db, desk, 6)
create_round(db, templates["Weekly pulse"], TODAY, TODAY + dt.timedelta(days=2), actor="admin")
codes = issue_codes(db, people, actor="admin")

from streamlit.testing.v1 import AppTest  # noqa: E402

at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()  # signed out
at.switch_page("app_pages/kiosk.py").run()
at.text_input[0].input(codes[people[2]])
at.button[0].click().run()
at.radio[0].set_value(at.radio[0].options[1])
at.text_area[0].input("The new rota ignores school runs.")
next(b for b in at.button if b.label.startswith("Send")).click().run()
print("the person sees their code:", [c.value for c in at.code])
# They walk away. Minutes later the next person touches the screen:
at.run()
print("the next person sees:", [c.value for c in at.code], [s.value for s in at.success])
