"""Answer histograms maintained by triggers (see storage/rollups.py), backfilled once."""

import sqlite_utils

from storage.rollups import install_rollups, rebuild_rollups


def migrate(db: sqlite_utils.Database) -> None:
    install_rollups(db)
    rebuild_rollups(db)
