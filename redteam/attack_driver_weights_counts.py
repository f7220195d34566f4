"""Key-driver importance of the organisation and of its departments, read against each other.

Publication stores general-dominance weights for the organisation and each department with at
least 138 responses that answered every driver, with that count, and the Team page shows them
as "importance above ... (N people)". The guard keeps every residual of a release (the
organisation less its shown departments) at 0 or at least k respondents, per measure too; the
weights' inputs (responses that answered every driver) are a set of their own, never checked.

Administrator (or a leader whose teams sit under both levels), Team pages only:
  1. N(organisation) - N(department A) - N(department B) = how many of the rest of the
     organisation answered every driver: a small team's (Quality, 7 people) 1..4 people, and
     the organisation's weights differ from the departments' by exactly their answer vectors.
  2. Raising the threshold hides a release decided under the lower one whole; its weights
     (and their count) still showed.

Run: .venv/bin/python redteam/attack_driver_weights_counts.py
"""

from __future__ import annotations

import re

import common  # noqa: I001  (sets up sys.path)

from insights import views
from org.access import Viewer
from org.settings import anonymity_threshold, set_anonymity_threshold

STRUCTURE = {
    "Revenue Cycle": {"Billing": 60, "Coding": 60, "Denials": 50},
    "Patient Access": {"Scheduling": 60, "Call Centre": 60, "Front Desk": 50},
    "": {"Quality": 7},
}
ADMIN = Viewer(None, "Administrator", "admin")


def people_above(db, team: int) -> tuple[str, int | None]:
    """What the Team page says of the importance at the level above: (text, N people)."""
    note = views.team_view(db, ADMIN, team, common.Q_OPENS, common.Q_LATER).importance_note
    found = re.search(r"together in (.+?) \(.*?, (\d+) people", note)
    return (found.group(1), int(found.group(2))) if found else (note[:60], None)


def main() -> None:
    db, _, ids, round_id, _ = common.quarterly_org(STRUCTURE, skip_in={"Quality": 0.07})
    seen = {name: people_above(db, ids[name]) for name in ("Billing", "Front Desk", "Quality")}
    for team, (where, n) in seen.items():
        print(f"Team page of {team}: importance above from {where}, {n} people")
    quality = views.team_view(db, ADMIN, ids["Quality"], common.Q_OPENS, common.Q_LATER)
    respondents = quality.figures.responses
    truth = sum(
        1
        for (rid,) in db.execute(
            "SELECT id FROM responses WHERE round_id = ? AND team_id = ?",
            [round_id, ids["Quality"]],
        )
        if db.execute(
            "SELECT count(DISTINCT q.driver) FROM answers a JOIN questions q ON q.id = "
            "a.question_id WHERE a.response_id = ? AND q.construct = 'driver'",
            [rid],
        ).fetchone()[0]
        == 11
    )
    levels = dict(seen.values())  # level -> N people, as the pages name them
    n_org = levels.pop("Whole organisation", None)
    if n_org is None or not levels:
        print("held: no two levels show their importance")
    else:
        rest = n_org - sum(levels.values())
        k = anonymity_threshold(db)
        verdict = "recovered" if 0 < rest < k else "held"
        print(
            f"{verdict}: {n_org} - {' - '.join(map(str, levels.values()))} = {rest}: the "
            f"responses that answered every driver outside {', '.join(levels)} (Quality: "
            f"{respondents} respondents, {truth} answered every driver); the organisation's "
            f"weights differ from the departments' by those {rest} answer vectors"
        )
    set_anonymity_threshold(db, anonymity_threshold(db) + 1)
    billing = views.team_view(db, ADMIN, ids["Billing"], common.Q_OPENS, common.Q_LATER)
    where, n = people_above(db, ids["Billing"])
    print(
        f"threshold raised: Billing's figures "
        f"{'shown' if billing.figures.rounds_used else 'hidden'} (release hidden whole); "
        f"importance above: {where}, {n} people -> "
        + ("recovered (figures of a release hidden whole)" if n else "held")
    )


if __name__ == "__main__":
    main()
