"""Per-round, per-team measure counters kept beside the raw rows, so dashboards read a few
thousand counters instead of hundreds of thousands of answers.

``response_counts`` holds how many responses each (round, team, tenure band, job family) has.
``measure_counts`` holds, per (round, team, measure), how many answers fell in the high and
low category of their scale, how many there were and the sum of their values:

- ``engagement`` (every engagement item), ``stay`` (the intent-to-stay items), ``enps``,
  ``burnout`` and ``driver:<driver>`` (driver items);
- agree5: high = 4-5 (favourable), low = 1-2; nps11: high = 9-10 (promoters), low = 0-6
  (detractors); burnout5: high = 3-5 (burned out), low = 1-2.

These cut-offs restate ``surveys.scales`` (storage imports no domain package); a test checks
they agree. Triggers keep the counters exact inside the submitting transaction; the raw rows
stay the single source of truth and ``rebuild_rollups`` recomputes everything from them. A
team id of 0 stands for "no team".
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import sqlite_utils

from storage.connection import run_script

STAY_QUESTIONS = ("eng_stay", "eng_two_years")
TRIGGER_NAMES = (
    "rollup_response_insert",
    "rollup_response_delete",
    "rollup_answer_insert",
    "rollup_answer_delete",
)

TABLES = """
CREATE TABLE IF NOT EXISTS response_counts (
    round_id INTEGER NOT NULL,
    team_id INTEGER NOT NULL,
    tenure_band TEXT NOT NULL,
    job_family TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (round_id, team_id, tenure_band, job_family)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS measure_counts (
    round_id INTEGER NOT NULL,
    team_id INTEGER NOT NULL,
    measure TEXT NOT NULL,
    high INTEGER NOT NULL,
    low INTEGER NOT NULL,
    total INTEGER NOT NULL,
    value_sum INTEGER NOT NULL,
    PRIMARY KEY (round_id, team_id, measure)
) WITHOUT ROWID;
"""

# One row (response_id, value, measure, high, low) per measure each answer of ``{src}`` counts
# towards: ``answers`` for the rebuild, the single NEW/OLD row inside the triggers.
# The measure and scale categories of an answer ``a`` to question ``q``: the one definition
# shared by the triggers, the rebuild and the raw-row queries of ``insights/source.py``.
MEASURE_KEY = "CASE q.construct WHEN 'driver' THEN 'driver:' || q.driver ELSE q.construct END"
CATEGORY_COLUMNS = f"""
    {MEASURE_KEY} AS measure,
    CASE q.scale WHEN 'agree5' THEN a.value >= 4 WHEN 'nps11' THEN a.value >= 9
                 WHEN 'burnout5' THEN a.value >= 3 ELSE 0 END AS high,
    CASE q.scale WHEN 'agree5' THEN a.value <= 2 WHEN 'nps11' THEN a.value <= 6
                 WHEN 'burnout5' THEN a.value <= 2 ELSE 0 END AS low
"""

_MEASURES = (
    "SELECT a.response_id, a.value, "
    + CATEGORY_COLUMNS.replace("{", "{{").replace("}", "}}")
    + """
    FROM {src} a JOIN questions q ON q.id = a.question_id WHERE q.construct <> 'open'
    UNION ALL
    SELECT a.response_id, a.value, 'stay', a.value >= 4, a.value <= 2
    FROM {src} a WHERE a.question_id IN ("""
    + ", ".join(f"'{q}'" for q in STAY_QUESTIONS)
    + ")\n"
)
_NEW = "(SELECT new.response_id AS response_id, new.question_id AS question_id, new.value AS value)"
_OLD = "(SELECT old.response_id AS response_id, old.question_id AS question_id, old.value AS value)"

TRIGGERS = f"""
CREATE TRIGGER IF NOT EXISTS rollup_response_insert AFTER INSERT ON responses BEGIN
    INSERT INTO response_counts (round_id, team_id, tenure_band, job_family, n)
    VALUES (new.round_id, coalesce(new.team_id, 0), new.tenure_band, new.job_family, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS rollup_response_delete AFTER DELETE ON responses BEGIN
    UPDATE response_counts SET n = n - 1
    WHERE round_id = old.round_id AND team_id = coalesce(old.team_id, 0)
      AND tenure_band = old.tenure_band AND job_family = old.job_family;
    DELETE FROM response_counts WHERE n <= 0;
END;
CREATE TRIGGER IF NOT EXISTS rollup_answer_insert AFTER INSERT ON answers BEGIN
    INSERT INTO measure_counts (round_id, team_id, measure, high, low, total, value_sum)
    SELECT r.round_id, coalesce(r.team_id, 0), m.measure, m.high, m.low, 1, m.value
    FROM ({_MEASURES.format(src=_NEW)}) m JOIN responses r ON r.id = m.response_id
    WHERE true
    ON CONFLICT DO UPDATE SET high = high + excluded.high, low = low + excluded.low,
        total = total + 1, value_sum = value_sum + excluded.value_sum;
END;
CREATE TRIGGER IF NOT EXISTS rollup_answer_delete AFTER DELETE ON answers BEGIN
    UPDATE measure_counts SET high = measure_counts.high - m.high,
        low = measure_counts.low - m.low, total = measure_counts.total - 1,
        value_sum = measure_counts.value_sum - m.value
    FROM ({_MEASURES.format(src=_OLD)}) m JOIN responses r ON r.id = m.response_id
    WHERE measure_counts.round_id = r.round_id
      AND measure_counts.team_id = coalesce(r.team_id, 0)
      AND measure_counts.measure = m.measure;
    DELETE FROM measure_counts WHERE total <= 0;
END;
"""

REBUILD = f"""
DELETE FROM response_counts;
DELETE FROM measure_counts;
INSERT INTO response_counts (round_id, team_id, tenure_band, job_family, n)
SELECT round_id, coalesce(team_id, 0), tenure_band, job_family, count(*)
FROM responses GROUP BY 1, 2, 3, 4;
INSERT INTO measure_counts (round_id, team_id, measure, high, low, total, value_sum)
SELECT r.round_id, coalesce(r.team_id, 0), m.measure, sum(m.high), sum(m.low), count(*),
       sum(m.value)
FROM ({_MEASURES.format(src="answers")}) m JOIN responses r ON r.id = m.response_id
GROUP BY 1, 2, 3;
"""


_ROUND_ANSWERS = (
    "(SELECT a.* FROM answers a JOIN responses r ON r.id = a.response_id "
    "WHERE r.round_id = :round_id)"
)
_REBUILD_ROUND = (
    "DELETE FROM response_counts WHERE round_id = :round_id",
    "DELETE FROM measure_counts WHERE round_id = :round_id",
    "INSERT INTO response_counts (round_id, team_id, tenure_band, job_family, n) "
    "SELECT round_id, coalesce(team_id, 0), tenure_band, job_family, count(*) "
    "FROM responses WHERE round_id = :round_id GROUP BY 1, 2, 3, 4",
    "INSERT INTO measure_counts (round_id, team_id, measure, high, low, total, value_sum) "
    "SELECT r.round_id, coalesce(r.team_id, 0), m.measure, sum(m.high), sum(m.low), count(*), "
    "sum(m.value) "
    f"FROM ({_MEASURES.format(src=_ROUND_ANSWERS)}) m JOIN responses r ON r.id = m.response_id "
    "GROUP BY 1, 2, 3",
)


def install_rollups(db: sqlite_utils.Database) -> None:
    """Create the counter tables and their triggers (idempotent)."""
    run_script(db, TABLES)
    run_script(db, TRIGGERS)


def rebuild_rollups(db: sqlite_utils.Database) -> None:
    """Recompute every counter from the raw rows, inside the caller's transaction if any."""
    run_script(db, REBUILD)


def rebuild_round_rollups(db: sqlite_utils.Database, round_id: int) -> None:
    """Recount one round's counters after its responses were coarsened on publication (the
    triggers follow inserts and deletes, not updates)."""
    for statement in _REBUILD_ROUND:
        db.execute(statement, {"round_id": round_id})


def rollup_snapshot(db: sqlite_utils.Database) -> tuple[list, list]:
    """Both counter tables as sorted lists, for comparing incremental and rebuilt figures."""
    return (
        db.execute("SELECT * FROM response_counts ORDER BY 1, 2, 3, 4").fetchall(),
        db.execute("SELECT * FROM measure_counts ORDER BY 1, 2, 3").fetchall(),
    )


@contextlib.contextmanager
def rollups_deferred(db: sqlite_utils.Database) -> Iterator[None]:
    """Bulk loads skip the per-row triggers and rebuild the counters once at the end.

    Must run inside the caller's transaction, so a crash leaves neither rows nor counters.
    """
    if not db.conn.in_transaction:
        raise RuntimeError("rollups_deferred needs an open transaction")
    for name in TRIGGER_NAMES:
        db.execute(f"DROP TRIGGER IF EXISTS {name}")
    yield
    run_script(db, TRIGGERS)
    rebuild_rollups(db)
