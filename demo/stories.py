"""The stories the demo organisation tells, as offsets from a healthy baseline per team and week.

- Billing slides into burnout after a staffing cut half-way through the history.
- Medical Records starts struggling and recovers after a mentorship programme a quarter in.
- Call Centre lives with a broken phone system, with workload and recognition below the rest;
  Release of Information is too small to report.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class WeekMood:
    mood: float = 0.0
    burnout: float = 0.0
    participation: float = 0.0
    drivers: dict[str, float] = field(default_factory=dict)
    negative_themes: dict[str, int] = field(default_factory=dict)
    positive_themes: dict[str, int] = field(default_factory=dict)
    recognition_weight: float = 1.0


STEADY = {
    "scheduling": WeekMood(0.15, drivers={"scheduling": -0.5}, negative_themes={"scheduling": 3}),
    "call_centre": WeekMood(
        -0.15,
        0.15,
        # On the phones all day: the broken system, the queue, and little notice of good work.
        drivers={"tools": -1.3, "workload": -0.4, "recognition": -0.4},
        negative_themes={"tools": 4, "patients": 2, "workload": 1},
    ),
    "front_desk": WeekMood(
        0.1, drivers={"communication": -0.7}, negative_themes={"communication": 3, "patients": 2}
    ),
    "referrals": WeekMood(0.3, drivers={"cohesion": 0.6}, positive_themes={"team": 3}),
    "coding": WeekMood(
        0.35, drivers={"growth": 0.5, "autonomy": 0.5}, positive_themes={"training": 3}
    ),
    "prior_auth": WeekMood(
        0.0,
        drivers={"tools": -0.6, "communication": -0.4},
        negative_themes={"tools": 2, "communication": 2},
    ),
    "release_of_info": WeekMood(0.0),
    "department": WeekMood(0.3),
}


def _ramp(weeks_since: int, weeks_to_full: int) -> float:
    return max(0.0, min(1.0, weeks_since / weeks_to_full))


def team_week(team_key: str, week: int, weeks: int) -> WeekMood:
    """How ``team_key`` feels in round ``week`` (0-based) of a ``weeks``-long history."""
    if team_key == "billing":
        cut = weeks // 2
        slide = _ramp(week - cut + 1, 8) if week >= cut else 0.0
        return WeekMood(
            mood=0.2 - 1.0 * slide,
            burnout=0.4 * slide,
            participation=-0.12 * slide,
            drivers={
                "workload": -0.2 - 2.0 * slide,
                "recognition": -1.0 * slide,
                "manager": -0.5 * slide,
            },
            negative_themes={
                "workload": 1 + 5 * round(slide + 0.4),
                "burnout": 4 * round(slide + 0.2),
                "pay": 1,
                "patients": 1,
            },
            positive_themes={"team": 2},
            recognition_weight=0.0 if week >= cut else 1.0,
        )
    if team_key == "medical_records":
        start = weeks // 4
        lift = _ramp(week - start, 10) if week >= start else 0.0
        return WeekMood(
            mood=-0.7 + 1.1 * lift,
            burnout=0.5 - 0.7 * lift,
            participation=-0.05 + 0.12 * lift,
            drivers={"mentorship": -1.3 + 2.3 * lift, "growth": -1.0 + 1.5 * lift},
            negative_themes={"training": 3, "burnout": 2, "manager": 1},
            positive_themes={"mentorship": 1 + round(6 * lift), "training": 1},
            recognition_weight=1.0 + 2.0 * lift,
        )
    return STEADY.get(team_key, WeekMood())
