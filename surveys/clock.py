"""Today's date for survey rules, overridable with ``VITALS_TODAY`` (ISO date).

The demo and the tests fix the date so that "the open round" is the same whatever day they
run; production leaves the variable unset.
"""

from __future__ import annotations

import datetime as dt
import os


def today() -> dt.date:
    configured = os.environ.get("VITALS_TODAY", "").strip()
    if configured:
        return dt.date.fromisoformat(configured)
    return dt.date.today()
