"""The audit log: who did what, when. Healthcare organisations audit who saw what."""

from __future__ import annotations

import datetime as dt
import json

import sqlite_utils


def record(db: sqlite_utils.Database, actor: str, action: str, detail: dict | str = "") -> None:
    """Append one entry; ``detail`` must never carry survey answers or passwords."""
    text = detail if isinstance(detail, str) else json.dumps(detail, sort_keys=True)
    db.execute(
        "INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)",
        [dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), actor, action, text],
    )


def recent(db: sqlite_utils.Database, limit: int = 200) -> list[dict]:
    return list(db.query("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", [limit]))
