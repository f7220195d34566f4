"""Command line: ``python -m insights publish`` publishes the results of every closed round
that has no release yet (``make cadence`` and start-up run it too); ``red-flag-digest``
emails the named recipients how many flagged comments arrived (``make cadence``)."""

from __future__ import annotations

from insights.red_flag_digest import send_digest
from insights.releases import publish_due
from storage.seal import SealError
from surveys.cli import command_parser, migrated_database, today
from surveys.mail import MailError


def main(argv: list[str] | None = None) -> int:
    parser = command_parser("python -m insights")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("publish", help="publish the results of rounds that have closed")
    commands.add_parser("red-flag-digest", help="email the named recipients new red flags")
    args = parser.parse_args(argv)
    with migrated_database(args) as db:
        if args.command == "red-flag-digest":
            try:
                told = send_digest(db)
            except MailError as error:
                print(f"Red-flag digest not sent: {error}")
                return 1
            print(f"Red-flag digest: {told} new flagged comment(s).")
            return 0
        try:
            published = publish_due(db, today(args), strict=True)
        except SealError as error:
            print(f"Not published: {error}")
            return 1
        print(f"Published {len(published)} round(s).")
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
