"""Organisation settings changed from the administration pages, each change audited."""

from __future__ import annotations

import sqlite_utils

from org import audit
from org.settings import anonymity_threshold, set_anonymity_threshold
from storage import write_transaction


def change_anonymity_threshold(db: sqlite_utils.Database, value: int, actor: str) -> None:
    """Set the smallest group shown anywhere (never below 3; raises ``ValueError``)."""
    with write_transaction(db):
        before = anonymity_threshold(db)
        set_anonymity_threshold(db, value)
        audit.record(db, actor, "setting_changed", {"anonymity_threshold": value, "was": before})
