"""Command line: ``python -m surveys cadence`` and ``python -m surveys link --email X``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from storage import connect, database_path, migrate
from surveys import clock
from surveys.cadence import run_cadence
from surveys.links import LinkError, links_for_email, someone_with_an_open_pulse
from surveys.templates import ensure_builtin_templates


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m surveys")
    parser.add_argument("--db", help="database file (default: $VITALS_DB or data/vitals.db)")
    parser.add_argument("--today", type=dt.date.fromisoformat, help="pretend today is this day")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("cadence", help="create the survey rounds that are due today")
    link = commands.add_parser("link", help="(re)issue a person's link to their open pulse")
    link.add_argument("--email", help="default: anyone with an unanswered open pulse")
    link.add_argument(
        "--base-url", default=None, help="default: $VITALS_BASE_URL, else http://localhost:$PORT/"
    )
    args = parser.parse_args(argv)

    db = connect(args.db or database_path())
    try:
        migrate(db)
        ensure_builtin_templates(db)
        today = args.today or clock.today()
        if args.command == "cadence":
            created = run_cadence(db, today)
            print(f"Created {len(created)} round(s) due on {today}.")
            for round_id in created:
                title = db.execute("SELECT title FROM rounds WHERE id = ?", [round_id]).fetchone()
                print(f"  #{round_id} {title[0]}")
            return 0
        try:
            email = args.email or someone_with_an_open_pulse(db, today)
            links = links_for_email(db, email, today, args.base_url)
            print(f"Personal link for {email}:")
        except LinkError as error:
            print(error, file=sys.stderr)
            return 1
        for title, url in links:
            print(f"{title}: {url}")
        return 0
    finally:
        db.close()


if __name__ == "__main__":
    sys.exit(main())
