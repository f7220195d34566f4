"""Which questions a weekly pulse asks: burnout, eNPS and a fixed engagement core every week,
rotating the drivers.

Engagement is a fixed core of two items (advocacy and intent to stay) asked every week; the
full five-item index is the quarterly survey's. Rotating engagement items made a round's
score depend on which items it asked, a sawtooth in the trend with no real change (issue
14). Three of the eleven drivers are asked each week: the rotation steps by the number
asked, and 3 is coprime with 11, so any four consecutive weeks ask every driver at least
once (monthly coverage).
"""

from __future__ import annotations

import datetime as dt

ENGAGEMENT_PER_WEEK = 2
ENGAGEMENT_CORE = ("eng_recommend", "eng_stay")  # asked every week when the pool has them
DRIVERS_PER_WEEK = 3
_EPOCH_MONDAY = dt.date(2024, 1, 1)


def week_index(day: dt.date) -> int:
    """Weeks since a fixed Monday, so the rotation does not depend on when the app started."""
    return (day - _EPOCH_MONDAY).days // 7


def rotate(pool: list[str], week: int, per_week: int) -> list[str]:
    """The ``per_week`` items of ``pool`` due in ``week``, continuing where last week stopped."""
    if not pool:
        return []
    start = week * per_week
    return [pool[(start + k) % len(pool)] for k in range(min(per_week, len(pool)))]


def engagement_core(pool: list[str]) -> list[str]:
    """The engagement items every pulse asks: the core items the pool holds, topped up from
    the rest of the pool in its order (an administrator's template may lack them)."""
    core = [q for q in ENGAGEMENT_CORE if q in pool]
    return (core + [q for q in pool if q not in core])[:ENGAGEMENT_PER_WEEK]


def pulse_question_ids(
    week: int,
    engagement_pool: list[str],
    driver_pool: list[str],
    fixed: tuple[str, ...] = ("burnout", "enps"),
    comment_id: str | None = "comment",
) -> list[str]:
    """Question ids, in the order asked, for the pulse of ``week``."""
    ids = list(fixed)
    ids += engagement_core(engagement_pool)
    ids += rotate(driver_pool, week, DRIVERS_PER_WEEK)
    if comment_id:
        ids.append(comment_id)
    return ids
