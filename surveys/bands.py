"""Coarse demographic bands stored on a response instead of anything personal."""

from __future__ import annotations

import datetime as dt


def tenure_band(start: dt.date, on: dt.date) -> str:
    """Coarse on purpose: three bands keep demographic cuts from singling people out."""
    years = (on - start).days / 365.25
    if years < 1:
        return "Under 1 year"
    return "1-3 years" if years < 3 else "3+ years"
