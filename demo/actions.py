"""The demo's action plans, told with the stories of demo/stories.py and stored through the
actions domain (actions/plans.py), as each team's leader would on the day:

- Medical Records: a peer mentoring programme starts a week before the recovery, is done six
  weeks in, and its follow-up item is asked in the next pulses (measured before/after).
- Billing: an open staffing action after the cut (backfilling the two lost positions).
- Call Centre: an open automation action for the phone system.

Administrators record the programmes' activities (actions/programmes.py): Medical Records'
nine mentoring pairs, Billing's cross-training with Coding on denials, Call Centre's training
on the new phone queue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils

from actions import plans, programmes
from org.access import Viewer, viewer_for_employee

HR = Viewer(None, "HR administrator", "admin")  # who records programme activities


@dataclass(frozen=True)
class Activity:
    week: int
    kind: str  # actions.programmes.ACTIVITY_KINDS
    title: str
    count: int  # pairings, or people at a session


@dataclass(frozen=True)
class Step:
    week: int  # week of the history the step happens (Monday)
    status: str | None = None  # new status, if any
    update: str = ""  # a short update the leader posts


@dataclass(frozen=True)
class Story:
    team_key: str
    title: str
    measure: str
    kind: str
    owner: str
    due_weeks: int  # due this many weeks after creation
    plan: str
    steps: tuple[Step, ...]
    activities: tuple[Activity, ...] = ()


def stories(weeks: int) -> list[Story]:
    """The three action stories for a history of ``weeks`` weekly pulses."""
    recovery, cut = weeks // 4, weeks // 2
    return [
        Story(
            "medical_records",
            "Peer mentoring pairs for Medical Records",
            "engagement",
            "mentorship",
            "Team lead",
            8,
            "Pair every colleague in their first two years with an experienced one; "
            "fortnightly sessions on indexing, release rules and the record system.",
            (
                Step(recovery - 1),
                Step(recovery, "in_progress", "Seven mentoring pairs matched; first sessions "
                     "this week."),
                Step(recovery + 3, None, "Pairs meet every other Thursday; a shared "
                     "checklist for tricky records is on the team drive."),
                Step(recovery + 6, "done", "Programme complete: every pair met at least "
                     "four times. Thank you for the feedback that started it."),
            ),
            (Activity(recovery, "mentorship", "Mentoring pair", 7),),
        ),
        Story(
            "billing",
            "Backfill the two billing positions",
            "driver:workload",
            "staffing",
            "Revenue Cycle director",
            12,
            "Make the case for two positions after the cut; meanwhile move the oldest "
            "denials queue to Coding for three weeks.",
            (
                Step(cut + 2),
                Step(cut + 3, "in_progress", "Approval to recruit two billers; denials queue "
                     "shared with Coding until they start."),
                Step(weeks - 2, None, "Two new billers start in two weeks."),
            ),
            (Activity(cut + 4, "training", "Denials cross-training with Coding", 4),),
        ),
        Story(
            "call_centre",
            "Replace the phone queue system",
            "driver:tools",
            "automation",
            "Call Centre lead",
            20,
            "Move to a phone queue with call-backs and patient self-scheduling, so fewer "
            "calls drop and routine bookings leave the queue.",
            (
                Step(weeks // 3),
                Step(weeks // 3 + 2, "in_progress", "Vendor chosen; testing starts next month."),
                Step(weeks - 1, None, "New phone queue live from Monday."),
            ),
            (Activity(weeks - 1, "training", "New phone queue: call-backs and self-scheduling",
                      12),),
        ),
    ]  # fmt: skip


def build_actions(
    db: sqlite_utils.Database, team_keys: dict[int, str], first_monday: dt.date, weeks: int
) -> None:
    """Create the stories' actions on every site's teams, each step on its own day."""
    leaders = dict(db.execute("SELECT team_id, min(employee_id) FROM team_leaders GROUP BY 1"))
    for story in stories(weeks):
        for team_id, key in sorted(team_keys.items()):
            if key != story.team_key or team_id not in leaders:
                continue
            viewer = viewer_for_employee(db, leaders[team_id])
            first, *rest = story.steps
            day = first_monday + dt.timedelta(weeks=first.week)
            action_id = plans.create_action(
                db,
                viewer,
                team_id,
                story.title,
                story.measure,
                story.kind,
                story.owner,
                day + dt.timedelta(weeks=story.due_weeks),
                story.plan,
                shared=True,
                today=day,
            )
            for step in rest:
                day = first_monday + dt.timedelta(weeks=step.week)
                if step.status:
                    plans.update_action(db, viewer, action_id, today=day, status=step.status)
                if step.update:
                    plans.post_update(db, viewer, action_id, step.update, today=day)
            for activity in story.activities:
                _record(db, action_id, team_id, activity, first_monday)


def _record(
    db: sqlite_utils.Database, action_id: int, team_id: int, activity: Activity, monday: dt.date
) -> None:
    """Sessions take the team's first ``count`` people; pairs join the longest-serving with
    the newest (active people, by start date)."""
    day = monday + dt.timedelta(weeks=activity.week, days=1)
    people = [
        r[0]
        for r in db.execute(
            "SELECT id FROM employees WHERE team_id = ? AND status = 'active' "
            "ORDER BY start_date, id",
            [team_id],
        )
    ]
    if activity.kind == "training":
        groups = [people[: activity.count]]
    else:
        pairs = min(activity.count, len(people) // 2)
        groups = [[people[i], people[-1 - i]] for i in range(pairs)]
    for group in groups:
        if group:
            programmes.record_activity(
                db, HR, action_id, activity.kind, activity.title, day, group, today=day
            )
