"""Shared helpers for the surveys tests: personal links into the demo's open pulse."""

from __future__ import annotations

import sqlite_utils

from surveys.links import reissue_token


def open_pulse_round(db: sqlite_utils.Database) -> int:
    """The demo's latest weekly pulse (open on DEMO_TODAY)."""
    return db.execute(
        "SELECT r.id FROM rounds r JOIN templates t ON t.id = r.template_id "
        "WHERE t.kind = 'pulse' ORDER BY r.opens_on DESC LIMIT 1"
    ).fetchone()[0]


def fresh_tokens(db: sqlite_utils.Database, count: int = 1, round_id: int | None = None) -> list:
    """New tokens for ``count`` unused invitations of the open pulse."""
    round_id = round_id or open_pulse_round(db)
    rows = db.execute(
        "SELECT id FROM invitations WHERE round_id = ? AND used = 0 ORDER BY id LIMIT ?",
        [round_id, count],
    ).fetchall()
    return [reissue_token(db, r[0]) for r in rows]


def counts(db: sqlite_utils.Database) -> tuple[int, int, int, int]:
    """(responses, answers, comments, used invitations)."""
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    return (
        one("SELECT count(*) FROM responses"),
        one("SELECT count(*) FROM answers"),
        one("SELECT count(*) FROM comments"),
        one("SELECT count(*) FROM invitations WHERE used = 1"),
    )
