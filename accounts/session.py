"""Idle expiry: a session that has not interacted for ``IDLE_MINUTES`` is signed out."""

from __future__ import annotations

import os

IDLE_MINUTES = float(os.environ.get("VITALS_IDLE_MINUTES", "30"))


def is_expired(last_seen: float | None, now: float, idle_minutes: float = IDLE_MINUTES) -> bool:
    """True when more than ``idle_minutes`` passed since ``last_seen`` (epoch seconds)."""
    return last_seen is None or now - last_seen > idle_minutes * 60
