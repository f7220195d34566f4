"""Command line: ``python -m surveys cadence`` and ``python -m surveys link --email X``."""

from __future__ import annotations

import sys

from surveys.cadence import run_cadence
from surveys.cli import command_parser, migrated_database, today
from surveys.links import LinkError, links_for_email, someone_with_an_open_pulse
from surveys.templates import ensure_builtin_templates


def main(argv: list[str] | None = None) -> int:
    parser = command_parser("python -m surveys")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("cadence", help="create the survey rounds that are due today")
    link = commands.add_parser("link", help="(re)issue a person's link to their open pulse")
    link.add_argument("--email", help="default: anyone with an unanswered open pulse")
    link.add_argument(
        "--base-url", default=None, help="default: $VITALS_BASE_URL, else http://localhost:$PORT/"
    )
    args = parser.parse_args(argv)

    with migrated_database(args) as db:
        ensure_builtin_templates(db)
        day = today(args)
        if args.command == "cadence":
            created = run_cadence(db, day)
            print(f"Created {len(created)} round(s) due on {day}.")
            for round_id in created:
                title = db.execute("SELECT title FROM rounds WHERE id = ?", [round_id]).fetchone()
                print(f"  #{round_id} {title[0]}")
            return 0
        try:
            email = args.email or someone_with_an_open_pulse(db, day)
            links = links_for_email(db, email, day, args.base_url)
            print(f"Personal link for {email}:")
        except LinkError as error:
            print(error, file=sys.stderr)
            return 1
        for title, url in links:
            print(f"{title}: {url}")
        return 0


if __name__ == "__main__":
    sys.exit(main())
