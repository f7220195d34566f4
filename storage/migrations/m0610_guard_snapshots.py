"""Per-round change counters and the saved privacy-guard decisions keyed on them
(see storage/round_versions.py and insights/snapshots.py)."""

import sqlite_utils

from storage.round_versions import install_round_versions


def migrate(db: sqlite_utils.Database) -> None:
    install_round_versions(db)
