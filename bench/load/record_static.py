"""``python -m bench.load.record_static URL``: what a first visit fetches, from a real browser.

Opens the page in Debian's Chromium (Playwright) with an empty cache, waits for the app to
draw, and writes every ``/static/`` path it requested to bench/load/static_files.txt, the list
the load client fetches in its "with static files" runs. Streamlit's file names carry content
hashes, so record again after upgrading Streamlit (the client stops on a 404 to say so).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

LIST = Path(__file__).with_name("static_files.txt")
CHROMIUM = os.environ.get("VITALS_CHROMIUM", "/usr/bin/chromium")


def record(url: str, wait_for_text: str = "Send my answers") -> list[str]:
    from playwright.sync_api import sync_playwright

    paths: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.on(
            "request",
            lambda request: (
                paths.append(urlsplit(request.url).path)
                if urlsplit(request.url).path.startswith("/static/")
                else None
            ),
        )
        page.goto(url)
        page.get_by_text(wait_for_text).first.wait_for(timeout=120_000)
        page.wait_for_load_state("networkidle")
        browser.close()
    return sorted(set(paths))


def load() -> list[str]:
    return [line for line in LIST.read_text().splitlines() if line.strip()]


def main(argv: list[str]) -> int:
    paths = record(argv[0], *argv[1:2])
    LIST.write_text("\n".join(paths) + "\n")
    print(f"{len(paths)} static files written to {LIST}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
