"""Which questions a weekly pulse asks: burnout and eNPS every week, rotating the rest.

Two of the five engagement items and three of the eleven drivers are asked each week. The
rotation steps by the number asked, and 3 is coprime with 11, so any four consecutive weeks
ask every driver at least once (monthly coverage) and any three weeks every engagement item.
"""

from __future__ import annotations

import datetime as dt

ENGAGEMENT_PER_WEEK = 2
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


def pulse_question_ids(
    week: int,
    engagement_pool: list[str],
    driver_pool: list[str],
    fixed: tuple[str, ...] = ("burnout", "enps"),
    comment_id: str | None = "comment",
) -> list[str]:
    """Question ids, in the order asked, for the pulse of ``week``."""
    ids = list(fixed)
    ids += rotate(engagement_pool, week, ENGAGEMENT_PER_WEEK)
    ids += rotate(driver_pool, week, DRIVERS_PER_WEEK)
    if comment_id:
        ids.append(comment_id)
    return ids
