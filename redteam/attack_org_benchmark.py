"""The organisation benchmark on a leader's Team page, against the leader's own teams.

A leader's Team page now shows the organisation's released driver scores over the chosen
rounds ("organisation") and words for the team against it ("clearly below / above / within
the noise"). A director who leads Revenue Cycle and Medical Records sees everything of the
organisation but Release of Information (4 people) and two department staff... here none:
the organisation less their two groups is exactly that hidden team. They choose one round at
a time (the date range), read the organisation's score as a float, recover its counts
(share x total must be whole; total at most everyone invited) and subtract their own
released counts of that round.

Run: .venv/bin/python redteam/attack_org_benchmark.py
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile

import common  # noqa: I001  (sets up sys.path)
import numpy as np

from insights import releases, views
from org.access import viewer_for_employee
from surveys.answering import submit_as_employee
from surveys.rounds import create_round
from surveys.templates import WEEKLY_PULSE, ensure_builtin_templates

STRUCTURE = {
    "Revenue Cycle": {"Billing": 20, "Coding": 14, "Prior Authorisation": 12},
    "Health Information": {"Medical Records": 14, "Release of Information": 4},
}
MONDAYS = [dt.date(2026, 8, 3) + dt.timedelta(weeks=w) for w in range(14)]


def org_candidates(share: float, most: int) -> list[tuple[int, int]]:
    """(favourable, answers) pairs that print as ``share`` %: what the float gives away."""
    return [
        (round(share * t / 100), t)
        for t in range(1, most + 1)
        if abs(round(share * t / 100) / t * 100 - share) < 1e-9
    ]


def main() -> None:
    os.environ["VITALS_SEAL_KEY_FILE"] = os.path.join(tempfile.mkdtemp(prefix="key-"), "seal.key")
    db, _ = common.fresh_db()
    templates = ensure_builtin_templates(db)
    ids = common.build_org(db, STRUCTURE)
    director = db.execute(  # a Billing member who directs two areas
        "SELECT min(id) FROM employees WHERE team_id = ?", [ids["Billing"]]
    ).fetchone()[0]
    for team in ("Revenue Cycle", "Medical Records"):
        db["team_leaders"].insert({"team_id": ids[team], "employee_id": director})
    viewer = viewer_for_employee(db, director)
    rng = np.random.default_rng(3)
    people = [p for (p,) in db.execute("SELECT id FROM employees")]
    general = {p: rng.normal() for p in people}
    for monday in MONDAYS:
        round_id = create_round(
            db, templates[WEEKLY_PULSE], monday, monday + dt.timedelta(days=4), actor="admin"
        )
        for person in people:
            if rng.random() < 0.85:
                answers = common.answers_for(db, round_id, rng, general[person])
                submit_as_employee(db, person, round_id, answers, today=monday)
    releases.publish_due(db, MONDAYS[-1] + dt.timedelta(days=10))
    invited = len(people)
    tried = both = isolated = words_hidden = 0
    for monday in MONDAYS:
        day = monday + dt.timedelta(days=1)  # a range holding this round only
        mine = {
            team: views.team_view(db, viewer, ids[team], monday, day).drivers.set_index("key")
            for team in ("Revenue Cycle", "Medical Records")
        }
        for driver in set(mine["Revenue Cycle"].index) | set(mine["Medical Records"].index):
            rows = [t.loc[driver] for t in mine.values() if driver in t.index]
            org = next((r["organisation"] for r in rows if r["organisation"] is not None), None)
            if org is None or np.isnan(org):
                continue
            tried += 1
            if len(rows) < 2:
                continue  # one of the two groups hidden this round: the rest is unknown
            both += 1
            known = sum(int(r["answers"]) for r in rows)
            high = sum(round(r["score"] * r["answers"] / 100) for r in rows)
            rest = [
                (h - high, t - known)
                for h, t in org_candidates(org, invited)
                if 0 < t - known < 5 and 0 <= h - high <= t - known
            ]
            if rest:
                isolated += 1
                print(
                    f"  {monday} {driver}: Release of Information's (favourable, answers) in {rest}"
                )
        for table in mine.values():
            words_hidden += int(((table["score"].isna()) & (table["vs organisation"] != "")).sum())
    print(
        f"driver scores read with the organisation's benchmark, one round at a time: {tried}, "
        f"with both of the director's groups shown: {both}; "
        f"rest of the organisation isolated below 5: {isolated}; words beside a hidden score: "
        f"{words_hidden}"
    )
    print("recovered" if isolated or words_hidden else "held")


if __name__ == "__main__":
    main()
