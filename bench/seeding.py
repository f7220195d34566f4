"""Generate benchmark organisations with the demo generator into temporary databases."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from demo.generate import generate_demo
from storage import connect, migrate

BENCH_TODAY = dt.date(2026, 11, 25)


def seed(path: Path, employees: int, weeks: int) -> dict:
    """Build an organisation at ``path``; returns its size and how long it took."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    db = connect(path)
    migrate(db)
    generate_demo(db, employees=employees, weeks=weeks, today=BENCH_TODAY)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    seconds = time.perf_counter() - started
    answers = db.execute("SELECT count(*) FROM answers").fetchone()[0]
    # Today's headcount: the demo replaces leavers, so the roster also lists who left.
    people = db.execute("SELECT count(*) FROM employees WHERE status = 'active'").fetchone()[0]
    db.close()
    return {"employees": people, "weeks": weeks, "answers": answers, "seed_s": round(seconds, 3)}
