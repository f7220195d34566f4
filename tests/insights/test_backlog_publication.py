"""Publishing a backlog (several closed rounds in one ``publish_due`` call) decides each round
against the earlier releases as they are when that round is decided.

Red team, sixth review (2026-12-02): caching earlier releases for the whole call kept an
erased person's old identity. An erasure commits between two rounds' transactions (each round
publishes in its own; the driver weights run before the lock), so the next round compared
against a stale release, saw one person leave and a stranger join, and released a team whose
difference with an earlier release was three newcomers' answers.
"""

from __future__ import annotations

import datetime as dt

from accounts.privacy import erase_former_employee
from insights import releases
from storage import connect
from tests.insights.builders import MONDAY, add_people, add_round, add_team, answer

ALIKE = {"burnout": 3, "enps": 7, "eng_pride": 4}
NEWCOMERS = {"burnout": 1, "enps": 0, "eng_pride": 2}


def shown_groups(db, round_id: int) -> list[tuple[int, int]]:
    """(group, respondents) of every group a round's release shows (the organisation too)."""
    return db.execute(
        "SELECT group_id, answered FROM release_cells WHERE round_id = ? AND dimension = '' "
        "AND figures IS NOT NULL ORDER BY group_id",
        [round_id],
    ).fetchall()


def test_an_erasure_between_two_rounds_of_a_backlog_is_seen_by_the_next(
    db, isolated_database, monkeypatch
):
    team = add_team(db, "T")
    stayers, leaver = add_people(db, team, 5), add_people(db, team, 1)[0]
    newcomers = add_people(db, team, 3)
    first = add_round(db, 0)
    for person in [*stayers, leaver]:
        answer(db, first, person, ALIKE)
    quiet = add_round(db, 1)
    for person in stayers[:2]:
        answer(db, quiet, person, ALIKE)
    third = add_round(db, 2)
    for person in [*stayers, leaver]:
        answer(db, third, person, ALIKE)
    for person in newcomers:
        answer(db, third, person, NEWCOMERS)
    left_on = (MONDAY + dt.timedelta(weeks=3)).isoformat()
    db.execute(
        "UPDATE employees SET status = 'left', left_date = ? WHERE id = ?", [left_on, leaver]
    )
    db.conn.commit()

    weights = releases._driver_weights

    def administrator_erases_meanwhile(db_, round_id):
        if round_id == third:  # between the quiet round's commit and the third's lock
            admin = connect(isolated_database)
            erase_former_employee(admin, leaver, "admin@example.org")
            admin.close()
        return weights(db_, round_id)

    monkeypatch.setattr(releases, "_driver_weights", administrator_erases_meanwhile)
    published = releases.publish_due(db, MONDAY + dt.timedelta(weeks=2, days=5))
    assert published == [first, quiet, third]
    assert (team, 6) in shown_groups(db, first)
    # Shown beside the first round's 6, the third's 9 would give the 3 newcomers' answers.
    assert (team, 9) not in shown_groups(db, third)
