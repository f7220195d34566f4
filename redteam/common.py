"""Shared setup for the red-team scripts: a fresh migrated database in a temp folder."""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("VITALS_CADENCE_ON_START", "0")
os.environ.setdefault("VITALS_FAST_HASHING", "1")

from storage import connect, migrate  # noqa: E402


def fresh_db(name: str = "vitals.db"):
    folder = Path(tempfile.mkdtemp(prefix="redteam-"))
    path = folder / name
    os.environ["VITALS_DB"] = str(path)
    db = connect(path)
    migrate(db)
    return db, path


def add_team(db, name, parent=None):
    return db["teams"].insert({"name": name, "parent_id": parent}).last_pk


_n = [0]


def add_people(db, team, count, start="2020-01-06", family="Specialist"):
    ids = []
    for _ in range(count):
        _n[0] += 1
        ids.append(
            db["employees"]
            .insert(
                {
                    "name": f"Person {_n[0]}",
                    "email": f"p{_n[0]}@x.example",
                    "team_id": team,
                    "job_family": family,
                    "start_date": start,
                }
            )
            .last_pk
        )
    return ids


def copy_of_data_folder(path: Path) -> Path:
    """What a backup tool / snapshot takes: the db file and its -wal (plain copy)."""
    import shutil

    target = Path(tempfile.mkdtemp(prefix="redteam-copy-"))
    for p in path.parent.iterdir():
        if p.name.startswith(path.name):
            shutil.copy(p, target / p.name)
    return target / path.name


def wal_commits(path: Path) -> list[Path]:
    """The database as it stood after each commit still in the copy's WAL, oldest first.

    SQLite reads a WAL up to its last whole commit, so the main file plus the WAL cut after
    commit ``i`` is the database right after that commit: the WAL is a log of who wrote what,
    in order, until the next checkpoint empties it."""
    import shutil
    import struct

    wal = Path(f"{path}-wal")
    if not wal.exists() or wal.stat().st_size <= 32:
        return []
    log = wal.read_bytes()
    page_size = struct.unpack(">I", log[8:12])[0]
    frame = 24 + page_size
    salts = log[16:24]
    ends, at = [], 32
    while at + frame <= len(log) and log[at + 8 : at + 16] == salts:
        at += frame
        if struct.unpack(">I", log[at - frame + 4 : at - frame + 8])[0]:
            ends.append(at)  # a commit frame: the database size after it is set
    states = []
    for i, end in enumerate(ends):
        folder = Path(tempfile.mkdtemp(prefix=f"redteam-commit{i}-"))
        shutil.copy(path, folder / path.name)
        (folder / f"{path.name}-wal").write_bytes(log[:end])
        states.append(folder / path.name)
    return states


def rows(path: Path, sql: str) -> set[tuple]:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return set(conn.execute(sql).fetchall())
    finally:
        conn.close()


def replay(path: Path, queries: dict[str, str]) -> list[dict[str, set[tuple]]]:
    """For each commit in the WAL: the rows each query gained in that commit."""
    states = wal_commits(path)
    # the main file alone (no WAL) is the state before the first commit
    import shutil

    base = Path(tempfile.mkdtemp(prefix="redteam-base-")) / path.name
    shutil.copy(path, base)
    before = {name: rows(base, q) for name, q in queries.items()}
    out = []
    for state in states:
        now = {name: rows(state, q) for name, q in queries.items()}
        out.append({name: now[name] - before[name] for name in queries})
        before = now
    return out


OPENS, CLOSES, LATER = dt.date(2026, 11, 16), dt.date(2026, 11, 20), dt.date(2026, 11, 25)


def sealed_weekly_round(people_count: int = 12):
    """A fresh database with a seal key of its own (outside the data folder), one team of
    ``people_count`` and the weekly pulse of the week of ``OPENS``: (db, path, people, round)."""
    from surveys.rounds import create_round
    from surveys.templates import ensure_builtin_templates

    os.environ["VITALS_SEAL_KEY_FILE"] = os.path.join(tempfile.mkdtemp(prefix="key-"), "seal.key")
    db, path = fresh_db()
    templates = ensure_builtin_templates(db)
    team = add_team(db, "Billing")
    people = add_people(db, team, people_count)
    round_id = create_round(db, templates["Weekly pulse"], OPENS, CLOSES, actor="admin")
    return db, path, people, round_id
