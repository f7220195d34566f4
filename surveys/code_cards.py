"""Printable cards for personal codes: name, team, the code in large type, and a QR code that
opens the "Answer with a code" page with the code filled in, for people who would rather scan
with their own phone than type on the shared screen.

One self-contained HTML page (the QR codes are inline SVG from ``segno``, no outside request),
laid out for A4 or Letter, ten cards a page, cut along the borders.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from urllib.parse import quote

import segno

from surveys.links import base_url


@dataclass(frozen=True)
class CodeCard:
    name: str
    team: str
    code: str


def kiosk_url(code: str, base: str | None = None) -> str:
    """The page that answers with a code, the code already in its box."""
    return f"{(base or base_url()).rstrip('/')}/kiosk?code={quote(code)}"


def _qr_svg(url: str) -> str:
    """An inline SVG (no XML declaration), sized by the page's CSS."""
    return segno.make(url, error="m").svg_inline(scale=3, border=2)


_STYLE = """
body { font-family: system-ui, sans-serif; margin: 0; }
.sheet { display: grid; grid-template-columns: 1fr 1fr; gap: 0; padding: 8mm; }
.card { border: 1px dashed #888; padding: 5mm; display: flex; gap: 5mm; align-items: center;
        break-inside: avoid; height: 48mm; box-sizing: border-box; }
.card svg { width: 32mm; height: 32mm; flex: none; }
.name { font-weight: 600; font-size: 13pt; }
.team { color: #555; font-size: 10pt; }
.code { font-family: ui-monospace, monospace; font-size: 17pt; letter-spacing: 1px; margin: 2mm 0; }
.how { font-size: 8pt; color: #333; }
@media print { .sheet { padding: 0; } }
"""


def cards_html(cards: list[CodeCard], base: str | None = None) -> str:
    """The whole printable page; every text is escaped."""
    items = []
    for card in cards:
        items.append(
            '<div class="card">'
            f"{_qr_svg(kiosk_url(card.code, base))}"
            "<div>"
            f'<div class="name">{html.escape(card.name)}</div>'
            f'<div class="team">{html.escape(card.team)}</div>'
            f'<div class="code">{html.escape(card.code)}</div>'
            '<div class="how">Your personal code for the staff pulse. Type it on the shared '
            "screen's <b>Answer with a code</b> page, or scan the square with your phone. "
            "Keep it to yourself: it opens your pulses, never anyone's answers.</div>"
            "</div></div>"
        )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Vitals personal codes</title><style>{_STYLE}</style></head>"
        f'<body><div class="sheet">{"".join(items)}</div></body></html>'
    )
