"""``python -m accounts``: create the first administrator, back up or restore the database.

python -m accounts create-admin [--login admin]   # prints a one-time password once
python -m accounts backup [--to FILE]             # consistent copy while the app runs
python -m accounts restore FILE                   # stop the app first
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from accounts.backup import backup_database, default_backup_path, restore_database
from accounts.store import AccountError, create_admin
from storage import StorageError, connect, database_path, migrate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m accounts", description=__doc__)
    parser.add_argument("--db", help="database file (default: $VITALS_DB or data/vitals.db)")
    commands = parser.add_subparsers(dest="command", required=True)
    admin = commands.add_parser("create-admin", help="create an administrator")
    admin.add_argument("--login", default="admin", help="login (email or user name)")
    save = commands.add_parser("backup", help="write a consistent copy of the database")
    save.add_argument("--to", help="backup file (default: data/backups/<name>-<time>.db)")
    load = commands.add_parser("restore", help="replace the database with a backup")
    load.add_argument("backup", help="the backup file")
    args = parser.parse_args(argv)
    path = Path(args.db) if args.db else database_path()
    try:
        if args.command == "create-admin":
            db = connect(path)
            try:
                migrate(db)
                password = create_admin(db, args.login)
            finally:
                db.close()
            print(f"Administrator '{args.login}' created. One-time password (shown once):")
            print(f"    {password}")
            print("It must be changed at the first sign-in.")
        elif args.command == "backup":
            target = backup_database(path, args.to or default_backup_path(path))
            print(f"Backup written to {target}")
        else:
            restore_database(args.backup, path)
            print(f"Database {path} restored from {args.backup}")
    except (StorageError, AccountError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
