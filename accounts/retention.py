"""Comment retention: free-text comments older than N months are purged (answers stay).

The months are kept in the ``comment_retention_months`` setting (0 means keep forever).
Deleting a comment cascades to its sentiment scores, sentences, themes and red flags.
"""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from org import audit
from org.settings import get_setting, set_setting
from storage import write_transaction

SETTING = "comment_retention_months"


def retention_months(db: sqlite_utils.Database) -> int:
    try:
        return max(0, int(get_setting(db, SETTING, "0") or 0))
    except ValueError:
        return 0


def set_retention_months(db: sqlite_utils.Database, months: int, actor: str) -> None:
    if not isinstance(months, int) or months < 0 or months > 240:
        raise ValueError("Retention must be a whole number of months between 0 and 240.")
    with write_transaction(db):
        set_setting(db, SETTING, str(months))
        audit.record(db, actor, "setting_changed", {"comment_retention_months": months})


def cutoff(today: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (clamped to the month's last day)."""
    total = today.year * 12 + today.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    for day in (today.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def count_purgeable(db: sqlite_utils.Database, months: int, today: dt.date) -> int:
    if months <= 0:
        return 0
    return db.execute(
        "SELECT count(*) FROM comments c JOIN responses r ON r.id = c.response_id "
        "WHERE r.submitted_on < ?",
        [cutoff(today, months).isoformat()],
    ).fetchone()[0]


def purge_comments(db: sqlite_utils.Database, months: int, today: dt.date, actor: str) -> int:
    """Delete comments on responses submitted before ``months`` months ago; returns how many."""
    if months <= 0:
        raise ValueError("Choose at least one month.")
    limit = cutoff(today, months).isoformat()
    with write_transaction(db):
        deleted = db.execute(
            "DELETE FROM comments WHERE response_id IN "
            "(SELECT id FROM responses WHERE submitted_on < ?)",
            [limit],
        ).rowcount
        audit.record(db, actor, "comments_purged", {"before": limit, "comments": deleted})
    return deleted
