"""Command line: ``python -m insights publish`` publishes the results of every closed round
that has no release yet (``make cadence`` and start-up run it too); ``red-flag-digest``
emails the named recipients how many flagged comments arrived (``make cadence``)."""

from __future__ import annotations

import argparse
import datetime as dt

from insights.red_flag_digest import send_digest
from insights.releases import publish_due
from storage import connect, database_path, migrate
from storage.seal import SealError
from surveys import clock
from surveys.mail import MailError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m insights")
    parser.add_argument("--db", help="database file (default: $VITALS_DB or data/vitals.db)")
    parser.add_argument("--today", type=dt.date.fromisoformat, help="pretend today is this day")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("publish", help="publish the results of rounds that have closed")
    commands.add_parser("red-flag-digest", help="email the named recipients new red flags")
    args = parser.parse_args(argv)
    db = connect(args.db or database_path())
    try:
        migrate(db)
        if args.command == "red-flag-digest":
            try:
                told = send_digest(db)
            except MailError as error:
                print(f"Red-flag digest not sent: {error}")
                return 1
            print(f"Red-flag digest: {told} new flagged comment(s).")
            return 0
        try:
            published = publish_due(db, args.today or clock.today(), strict=True)
        except SealError as error:
            print(f"Not published: {error}")
            return 1
        print(f"Published {len(published)} round(s).")
        return 0
    finally:
        db.close()


if __name__ == "__main__":
    raise SystemExit(main())
