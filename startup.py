"""Getting a database ready to serve: migrate, built-in templates, due rounds, releases.

The one start-up of every production process (the app, and ``python -m demo`` before it). It
never adds people: a fresh database stays empty until ``make admin`` creates the first
administrator, so a real deployment can never receive the demo organisation. ``demo/`` seeds
the fictional organisation itself, only where asked (docs/ARCHITECTURE.md).
"""

from __future__ import annotations

from pathlib import Path

from insights.releases import publish_due
from storage import connect, database_path, migrate
from surveys.cadence import run_cadence_on_start
from surveys.templates import ensure_builtin_templates


def prepare_database(path: Path | str | None = None) -> Path:
    """Migrate the database at ``path`` (default ``$VITALS_DB``) and do the start-up work."""
    path = Path(path) if path is not None else database_path()
    db = connect(path)
    try:
        migrate(db)
        ensure_builtin_templates(db)  # surveys: built-in templates and cadences
        run_cadence_on_start(db)  # surveys: create the rounds due today (idempotent, cheap)
        publish_due(db)  # insights: release rounds that closed since the last start
    finally:
        db.close()
    return path
