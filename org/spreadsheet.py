"""Spreadsheet-safe CSV: every CSV Vitals writes goes through ``csv_text``.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula
to Excel, LibreOffice and Google Sheets (``=HYPERLINK(...)`` leaks data on a click,
``=cmd|' /C calc'!A0`` runs a program). OWASP's CSV-injection advice: prefix such text cells
with a single quote, which spreadsheets show as text and hide. Numbers stay numbers (a
negative eNPS is not a formula), and ``from_cell`` undoes the prefix when a CSV that Vitals
wrote is imported back (the roster round trip).
"""

from __future__ import annotations

import csv
import io
import numbers
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """``value`` as a spreadsheet will read it literally (text cells only; numbers untouched)."""
    if value is None or isinstance(value, numbers.Number):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def from_cell(text: str) -> str:
    """Undo ``safe_cell`` on text read back from a CSV that Vitals wrote."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV document with every text cell neutralised.

    RFC 4180 line ends (``\\r\\n``), so a cell holding a bare carriage return is quoted too.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return out.getvalue()
