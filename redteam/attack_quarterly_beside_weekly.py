"""The quarterly full survey (14 days) beside the weekly pulses it overlaps.

The same people are invited to both; who answers differs. Under the subtraction attack's
assumption (a person answers the same way weeks apart), a quarterly cell less a weekly cell
of the same group and measure, or less a weekly residual, is the answers of the people who
answered one and not the other. The attacker (an administrator: the links CSV and the
invitations say who answered which round) lists every released pair of the quarterly round
and the weekly rounds within 28 days whose respondents differ by 1 to k-1 people, per
measure, for groups and department residuals; and the engagement index (five items in the
quarterly, the two core items in a pulse) against the same people's core.

Run: .venv/bin/python redteam/attack_quarterly_beside_weekly.py
"""

from __future__ import annotations

import datetime as dt
import marshal

import common  # noqa: I001  (sets up sys.path)
import numpy as np

from insights import releases
from org.settings import anonymity_threshold
from org.tree import load_tree
from surveys.answering import submit_as_employee
from surveys.rounds import create_round
from surveys.templates import QUARTERLY, WEEKLY_PULSE, ensure_builtin_templates

STRUCTURE = {
    "Revenue Cycle": {"Billing": 12, "Coding": 11, "Prior Authorisation": 9},
    "Health Information": {"Medical Records": 14, "Release of Information": 4},
}
MONDAYS = [dt.date(2026, 10, 19) + dt.timedelta(weeks=w) for w in range(6)]


def who_answered(db, round_id: int, tree) -> dict[int, frozenset]:
    """Per group: the people who used their invitation (the team frozen on it)."""
    per_team: dict[int, set] = {}
    for person, team in db.execute(
        "SELECT employee_id, coalesce(team_id, 0) FROM invitations WHERE round_id = ? AND used = 1",
        [round_id],
    ):
        per_team.setdefault(team, set()).add(person)
    return {
        g: frozenset().union(*(per_team.get(t, ()) for t in tree.subtree(g))) for g in tree.nodes
    }


def released(db, round_id: int) -> dict[int, dict]:
    return {
        g: marshal.loads(blob)
        for g, blob in db.execute(
            "SELECT group_id, figures FROM release_cells WHERE round_id = ? AND dimension = '' "
            "AND figures IS NOT NULL",
            [round_id],
        )
    }


def main() -> None:
    import os
    import tempfile

    os.environ["VITALS_SEAL_KEY_FILE"] = os.path.join(tempfile.mkdtemp(prefix="key-"), "seal.key")
    db, _ = common.fresh_db()
    templates = ensure_builtin_templates(db)
    ids = common.build_org(db, STRUCTURE)
    rng = np.random.default_rng(7)
    people = [p for (p,) in db.execute("SELECT id FROM employees")]
    general = {p: rng.normal() for p in people}
    weekly = [
        create_round(db, templates[WEEKLY_PULSE], m, m + dt.timedelta(days=4), actor="admin")
        for m in MONDAYS
    ]
    quarterly = create_round(
        db, templates[QUARTERLY], common.Q_OPENS, common.Q_CLOSES, actor="admin"
    )
    for round_id, opens, share in [
        *((r, m, 0.8) for r, m in zip(weekly, MONDAYS, strict=True)),
        (quarterly, common.Q_OPENS, 0.85),
    ]:
        for person in people:
            if rng.random() < share:
                answers = common.answers_for(db, round_id, rng, general[person])
                submit_as_employee(db, person, round_id, answers, today=opens)
    releases.publish_due(db, MONDAYS[-1] + dt.timedelta(days=10))
    k = anonymity_threshold(db)
    tree, _ = load_tree(db)
    kids = tree.children()
    names = {v: n for n, v in ids.items()}
    q_people, q_cells = who_answered(db, quarterly, tree), released(db, quarterly)
    found, pairs = [], 0
    for w in weekly:
        w_people, w_cells = who_answered(db, w, tree), released(db, w)
        for group in tree.nodes:
            # cells, and a department less its shown teams (its residual) in each round
            for label, qset, wset in [
                ("cell", q_people[group], w_people[group]),
                (
                    "residual",
                    q_people[group].difference(
                        *(q_people[c] for c in kids.get(group, []) if c in q_cells)
                    ),
                    w_people[group].difference(
                        *(w_people[c] for c in kids.get(group, []) if c in w_cells)
                    ),
                ),
            ]:
                if group not in q_cells or group not in w_cells:
                    continue
                keys = {"responses", *q_cells[group]["measures"]} & {
                    "responses",
                    *w_cells[group]["measures"],
                }
                for key in sorted(keys):
                    pairs += 1
                    diff = len(qset ^ wset)
                    if 0 < diff < k:
                        found.append((names.get(group, "organisation"), label, w, key, diff))
    shown_q = sorted(names.get(g, "organisation") for g in q_cells)
    print(f"quarterly round: shown {shown_q}")
    print(
        "weekly rounds within 28 days: "
        + ", ".join(f"{w}: {sorted(names.get(g, 'org') for g in released(db, w))}" for w in weekly)
    )
    print(
        f"pairs (group or residual, measure) compared: {pairs}; "
        f"differing by 1..{k - 1}: {len(found)}"
    )
    for row in found[:10]:
        print("  ", row)
    print("recovered" if found else "held: every released pair differs by 0 or at least k people")


if __name__ == "__main__":
    main()
