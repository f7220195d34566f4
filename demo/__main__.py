"""``python -m demo``: prepare the database (the demo organisation on a first run of the default
database, or of any with ``VITALS_DEMO_DATA=1``), or (``--reset``) regenerate the demo."""

from __future__ import annotations

import argparse
import sys

from demo.bootstrap import prepare_demo, reset_demo
from demo.generate import DEFAULT_EMPLOYEES, DEFAULT_SEED, DEFAULT_WEEKS
from storage import StorageError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demo", description=__doc__)
    parser.add_argument("--reset", action="store_true", help="delete and regenerate the demo")
    parser.add_argument("--db", help="database file (default: $VITALS_DB or data/vitals.db)")
    parser.add_argument("--employees", type=int, default=DEFAULT_EMPLOYEES)
    parser.add_argument("--weeks", type=int, default=DEFAULT_WEEKS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    try:
        if args.reset:
            path = reset_demo(args.db, employees=args.employees, weeks=args.weeks, seed=args.seed)
            print(f"Demo organisation written to {path}")
        else:
            path = prepare_demo(args.db)
            print(f"Database ready at {path}")
    except StorageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
