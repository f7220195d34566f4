"""The database a load run uses: a 2,000-person demo organisation, personal links for
distinct people, a signed-in leader, and the counts that show whether anything was lost."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from accounts.passwords import one_time_password
from accounts.session import COOKIE_NAME, create_session
from accounts.store import create_account, find_account
from bench.seeding import BENCH_TODAY, seed
from storage import connect, write_transaction
from storage.seal import stored_responses
from surveys.rounds import create_round
from surveys.tokens import add_token

EMPLOYEES = 2000
WEEKS = 26
# Generated organisations are kept here between runs (a test points it at its own folder).
CACHE = Path(os.environ.get("VITALS_LOAD_CACHE") or Path(tempfile.gettempdir()) / "vitals-load")
LEADER_LOGIN = "bench-leader@riverbend.example"


@dataclass
class Prepared:
    path: Path
    tokens: list[str]
    invitation_ids: list[int]
    leader_cookies: dict[str, str]
    responses_before: int


def template_db(employees: int = EMPLOYEES, weeks: int = WEEKS) -> Path:
    """Generated once and kept: seeding 2,000 people takes about a minute here."""
    path = CACHE / f"org-{employees}-{weeks}.db"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        print(f"seeding {employees} employees x {weeks} weeks into {path} ...", flush=True)
        seed(partial, employees, weeks)
        partial.rename(path)
    return path


def _unanswered(db) -> list[tuple]:
    today = BENCH_TODAY.isoformat()
    return db.execute(
        "SELECT i.id FROM invitations i JOIN rounds r ON r.id = i.round_id "
        "JOIN employees e ON e.id = i.employee_id "
        "WHERE i.used = 0 AND e.status = 'active' AND r.opens_on <= ? AND r.closes_on >= ? "
        "ORDER BY r.id, i.id",
        [today, today],
    ).fetchall()


def _top_leader(db) -> int:
    """The leader of the largest department (the Overview with the most to read)."""
    row = db.execute(
        "SELECT l.employee_id FROM team_leaders l JOIN teams t ON t.id = l.team_id "
        "JOIN employees e ON e.id = l.employee_id "
        "WHERE t.parent_id IS NULL AND e.status = 'active' "
        "ORDER BY (SELECT count(*) FROM teams c WHERE c.parent_id = t.id) DESC, t.id LIMIT 1"
    ).fetchone()
    return row[0]


def prepare(
    folder: Path, respondents: int, employees: int = EMPLOYEES, weeks: int = WEEKS
) -> Prepared:
    """A copy of the template with ``respondents`` fresh links for distinct people."""
    path = folder / "vitals.db"
    shutil.copyfile(template_db(employees, weeks), path)
    db = connect(path)
    try:
        rows = _unanswered(db)
        extra = 0
        while len(rows) < respondents:  # a long soak: more rounds open the same week
            extra += 1
            template = db.execute("SELECT id FROM templates WHERE name = 'Weekly pulse'")
            create_round(
                db,
                template.fetchone()[0],
                BENCH_TODAY,
                BENCH_TODAY + dt.timedelta(days=2),
                actor="bench",
                period=f"load-{extra}",
            )
            rows = _unanswered(db)
        step = len(rows) / respondents  # spread over teams, one per person
        ids = [rows[int(i * step)][0] for i in range(respondents)]
        with write_transaction(db):
            tokens = [add_token(db, invitation_id) for invitation_id in ids]
        account = find_account(db, LEADER_LOGIN)
        if account is None:
            account = create_account(
                db, LEADER_LOGIN, one_time_password(), employee_id=_top_leader(db), actor="bench"
            )
        cookie = create_session(db, account.id)
        before = stored_responses(db)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    return Prepared(path, tokens, ids, {COOKIE_NAME: cookie}, before)


def tally(prepared: Prepared, thanked: int) -> dict:
    """answers stored = invitations used = thank-you pages seen, or what was lost."""
    db = connect(prepared.path)
    try:
        marks = ",".join("?" * len(prepared.invitation_ids))
        used = db.execute(
            f"SELECT count(*) FROM invitations WHERE used = 1 AND id IN ({marks})",  # noqa: S608
            prepared.invitation_ids,
        ).fetchone()[0]
        stored = stored_responses(db)
        stored -= prepared.responses_before
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()
    return {
        "stored": stored,
        "invitations_used": used,
        "thank_yous": thanked,
        "lost": max(thanked - stored, 0) + max(used - stored, 0),
        "duplicates": max(stored - used, 0),
        "integrity": integrity,
    }
