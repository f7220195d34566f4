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


# --- fifth round: a quarterly full survey beside weekly pulses ---------------------------------
Q_OPENS, Q_CLOSES, Q_LATER = dt.date(2026, 11, 2), dt.date(2026, 11, 15), dt.date(2026, 11, 25)


def answers_for(db, round_id: int, rng, general: float, skip: float = 0.0) -> dict[str, int]:
    """One person's answers to every question of ``round_id``: a general factor runs through
    all items; engagement follows workload and manager most. ``skip`` is the chance of leaving
    out each driver (both of its items), as a person may."""
    import numpy as np

    rows = db.execute(
        "SELECT q.id, q.construct, coalesce(q.driver, '') FROM round_questions rq "
        "JOIN questions q ON q.id = rq.question_id WHERE rq.round_id = ? AND q.construct <> 'open'",
        [round_id],
    ).fetchall()
    skipped = {d for d in sorted({d for _, c, d in rows if c == "driver"}) if rng.random() < skip}
    per_driver = {d: general * 0.6 + rng.normal() * 0.9 for _, c, d in rows if c == "driver"}
    mood = 0.5 * per_driver.get("workload", 0) + 0.3 * per_driver.get("manager", 0) + general
    out = {}
    for qid, construct, driver in rows:
        if construct == "driver":
            if driver in skipped:
                continue
            value = 3 + per_driver[driver] + rng.normal() * 0.3
        elif construct == "enps":
            out[qid] = int(np.clip(round(6 + 2 * mood + rng.normal()), 0, 10))
            continue
        else:  # engagement, burnout
            value = 3 + 0.8 * mood * (-1 if construct == "burnout" else 1) + rng.normal() * 0.4
        out[qid] = int(np.clip(round(value), 1, 5))
    return out


def build_org(db, structure: dict, start: str = "2020-01-06") -> dict[str, int]:
    """``structure``: department -> {team: size} (a department named "" puts its teams directly
    under the organisation). Returns team name -> id (departments too)."""
    ids = {}
    for dept, teams in structure.items():
        parent = add_team(db, dept) if dept else None
        if dept:
            ids[dept] = parent
        for team, size in teams.items():
            ids[team] = add_team(db, team, parent)
            add_people(db, ids[team], size, start=start)
    return ids


def quarterly_org(
    structure: dict, *, skip: float = 0.01, seed: int = 5, answer_share=1.0, skip_in=None
):
    """A fresh sealed database, ``structure`` built, and the built-in quarterly survey (all
    drivers, the five engagement items) open 2-15 Nov 2026, answered through the product
    (``submit_as_employee``, sealed). Not yet published. Returns (db, path, ids, round_id,
    generals: employee -> latent state)."""
    import numpy as np

    from surveys.answering import submit_as_employee
    from surveys.rounds import create_round
    from surveys.templates import QUARTERLY, ensure_builtin_templates

    os.environ["VITALS_SEAL_KEY_FILE"] = os.path.join(tempfile.mkdtemp(prefix="key-"), "seal.key")
    db, path = fresh_db()
    templates = ensure_builtin_templates(db)
    ids = build_org(db, structure)
    round_id = create_round(db, templates[QUARTERLY], Q_OPENS, Q_CLOSES, actor="admin")
    rng = np.random.default_rng(seed)
    generals = {}
    skip_of = {ids[t]: p for t, p in (skip_in or {}).items()}
    people = db.execute("SELECT id, team_id FROM employees ORDER BY id").fetchall()
    for person, team in people:
        generals[person] = rng.normal()
        if rng.random() < answer_share:
            submit_as_employee(
                db,
                person,
                round_id,
                answers_for(db, round_id, rng, generals[person], skip_of.get(team, skip)),
                today=Q_OPENS + dt.timedelta(days=int(rng.integers(0, 10))),
            )
    return db, path, ids, round_id, generals


def wal_frames(path: Path) -> tuple[int, list[tuple[int, bytes]]]:
    """Every frame in a copy's WAL, committed or not, oldest first: (page size, [(page, data)]).
    A transaction larger than the page cache spills pages into the WAL before it commits."""
    import struct

    wal = Path(f"{path}-wal")
    log = wal.read_bytes() if wal.exists() else b""
    if len(log) <= 32:
        return 0, []
    page_size = struct.unpack(">I", log[8:12])[0]
    frame, salts, at, out = 24 + page_size, log[16:24], 32, []
    while at + frame <= len(log) and log[at + 8 : at + 16] == salts:
        out.append((struct.unpack(">I", log[at : at + 4])[0], log[at + 24 : at + frame]))
        at += frame
    return page_size, out


def _serial(kind: int, body: bytes, at: int):
    """SQLite record format: the value of serial type ``kind`` at ``at``, and its length."""
    sizes = {0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8, 8: 0, 9: 0}
    if kind in sizes:
        n = sizes[kind]
        value = (
            None
            if kind == 0
            else kind - 8
            if kind in (8, 9)
            else int.from_bytes(body[at : at + n], "big", signed=True)
        )
        return value, n
    n = (kind - 13) // 2 if kind % 2 else (kind - 12) // 2
    return body[at : at + n].decode("utf-8", "replace"), n


def raw_response_rows(page: bytes) -> list[tuple]:
    """``responses`` rows (id, round_id, team_id, tenure_band, job_family, submitted_on) laid
    out in a raw page, found by their record header: what anyone reading the bytes sees."""
    import re

    out = []
    pattern = rb"\x07\x55([\x00-\x09])([\x00-\x09])([\x0d-\x7f])([\x0d-\x7f])\x21"
    for match in re.finditer(pattern, page):
        kinds = [0x55, *match.group(1, 2, 3, 4), 0x21]
        kinds = [k if isinstance(k, int) else k[0] for k in kinds]
        at, values = match.end(), []
        for kind in kinds:
            value, n = _serial(kind, page, at)
            values.append(value)
            at += n
        if len(values[0]) == 36 and values[0].count("-") == 4:
            out.append(tuple(values))
    return out
