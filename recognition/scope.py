"""Who may read a nomination: everyone for public ones; for private ones the nominee, the
nominator who wrote it, and the leaders of the nominee's team (then or now) and above it.

Administrators get no special reading right: leading a team is what opens private recognition.
"""

from __future__ import annotations

import sqlite_utils

from org.access import Viewer
from org.teams import descendants


def led_scope(db: sqlite_utils.Database, viewer: Viewer) -> set[int]:
    """The teams the viewer leads and every team below them."""
    teams: set[int] = set()
    for team_id in viewer.led_team_ids:
        teams.update(descendants(db, team_id))
    return teams


def readable_clause(
    db: sqlite_utils.Database, viewer: Viewer, alias: str = "n"
) -> tuple[str, list]:
    """A SQL condition on nominations ``alias`` (joined to the nominee as ``ee``) and its
    parameters, true for the nominations the viewer may read."""
    me = viewer.employee_id if viewer.employee_id is not None else -1
    led = sorted(led_scope(db, viewer))
    marks = ",".join("?" * len(led)) or "NULL"
    clause = (
        f"({alias}.visibility = 'public' OR {alias}.nominee_id = ? OR {alias}.nominator_id = ?"
        f" OR {alias}.nominee_team_id IN ({marks}) OR ee.team_id IN ({marks}))"
    )
    return clause, [me, me, *led, *led]
