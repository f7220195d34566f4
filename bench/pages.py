"""The data work behind the leader pages, timed on a benchmark database, with DuckDB computing
the same per-round, per-team overview aggregates from the raw rows as the speed reference.

``overview_s`` reads the releases of closed rounds and the open round's participation.
``overview_after_answer_s`` is the same after a new answer in the open round (only its
participation moves), and ``publish_round_s`` what publishing one closed round costs once
(deciding it against the releases of the four weeks either side, without storing it).

Run as ``python -m bench.pages DB`` it prints one JSON object; the harness runs it in a fresh
process per database so ``peak_rss_mb`` is that of the page work alone.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.seeding import BENCH_TODAY
from insights import guard, releases, source, views
from insights.comments import comments_view
from org.access import Viewer
from org.settings import anonymity_threshold
from org.tree import load_tree
from storage import connect, write_transaction

ADMIN = Viewer(None, "Benchmark administrator", "admin")
WINDOW_WEEKS = 26
REPEATS = 3


def window(today: dt.date = BENCH_TODAY, weeks: int = WINDOW_WEEKS) -> tuple[dt.date, dt.date]:
    """The overview's default period: the last ``weeks`` weekly rounds up to ``today``."""
    return today - dt.timedelta(weeks=weeks - 1, days=today.weekday()), today


def timed(work: Callable[[], object], repeats: int = REPEATS) -> float:
    """Median seconds of ``repeats`` runs after one warm-up (SQLite page cache warm, no
    Streamlit cache: the functions below are what the pages cache)."""
    work()
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def busiest_team(db) -> int:
    return db.execute(
        "SELECT t.id FROM teams t JOIN employees e ON e.team_id = t.id "
        "WHERE t.parent_id IS NOT NULL GROUP BY t.id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]


def timed_after(prepare: Callable[[], object], work: Callable[[], object]) -> float:
    """Median seconds of ``work`` over ``REPEATS`` runs, each after ``prepare`` (untimed)."""
    runs = []
    for _ in range(REPEATS):
        prepare()
        started = time.perf_counter()
        work()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def decide_newest_release(db) -> None:
    """The work of publishing: the newest released round decided again (nothing stored)."""
    round_id = db.execute(
        "SELECT r.id FROM releases rel JOIN rounds r ON r.id = rel.round_id "
        "ORDER BY r.opens_on DESC LIMIT 1"
    ).fetchone()[0]
    (round_,) = [r for r in source.rounds_between(db, *window()) if r.id == round_id]
    tree, _ = load_tree(db)
    population = source.population(db, round_id, tree)
    guard.decide(population, releases.earlier_releases(db, round_), anonymity_threshold(db))
    source.team_figures(db, round_id, tree)


def new_answer_in_open_round(db) -> None:
    """What a submission does to the saved decisions: the newest round's counter moves."""
    with write_transaction(db):
        db.execute(
            "INSERT INTO round_versions (round_id, version) "
            "SELECT id, 1 FROM rounds ORDER BY opens_on DESC LIMIT 1 "
            "ON CONFLICT DO UPDATE SET version = version + 1"
        )


def page_work(path: Path) -> dict:
    db = connect(path)
    start, end = window()
    team = busiest_team(db)
    parent = db.execute("SELECT parent_id FROM teams WHERE id = ?", [team]).fetchone()[0]
    overview = lambda: views.overview(db, ADMIN, start, end)  # noqa: E731
    return {
        "overview_s": round(timed(overview), 4),
        "team_page_s": round(timed(lambda: views.team_view(db, ADMIN, team, start, end)), 4),
        "comments_page_s": round(timed(lambda: comments_view(db, ADMIN, parent, start, end)), 4),
        "overview_after_answer_s": round(
            timed_after(lambda: new_answer_in_open_round(db), overview), 4
        ),
        "publish_round_s": round(timed(lambda: decide_newest_release(db), repeats=1), 4),
    }


OVERVIEW_SQL = """
WITH win AS (SELECT id FROM rounds WHERE opens_on BETWEEN ? AND ?),
picked AS (SELECT r.id, r.round_id, coalesce(r.team_id, 0) AS team_id FROM responses r
           WHERE r.round_id IN (SELECT id FROM win)),
cats AS (
  SELECT p.round_id, p.team_id,
         CASE q.construct WHEN 'driver' THEN 'driver:' || q.driver ELSE q.construct END AS measure,
         CASE q.scale WHEN 'agree5' THEN a.value >= 4 WHEN 'nps11' THEN a.value >= 9
                      WHEN 'burnout5' THEN a.value >= 3 ELSE false END AS high,
         CASE q.scale WHEN 'agree5' THEN a.value <= 2 WHEN 'nps11' THEN a.value <= 6
                      WHEN 'burnout5' THEN a.value <= 2 ELSE false END AS low,
         a.question_id
  FROM picked p JOIN answers a ON a.response_id = p.id
  JOIN questions q ON q.id = a.question_id WHERE q.construct <> 'open')
SELECT round_id, team_id, measure, sum(high::INT), sum(low::INT), count(*) FROM cats
GROUP BY ALL
UNION ALL
SELECT round_id, team_id, 'stay', sum((question_id IN ('eng_stay', 'eng_two_years'))::INT),
       0, 0 FROM cats GROUP BY ALL
UNION ALL
SELECT round_id, team_id, 'respondents', count(*), 0, 0 FROM picked GROUP BY ALL
UNION ALL
SELECT round_id, coalesce(team_id, 0), 'invited', count(*), sum(used), 0 FROM invitations
WHERE round_id IN (SELECT id FROM win) GROUP BY ALL
"""


def duckdb_reference(path: Path) -> float:
    """Seconds DuckDB takes for the overview aggregates, raw rows already in its memory."""
    import duckdb

    source = connect(path)
    duck = duckdb.connect(":memory:")
    for table in ("rounds", "responses", "answers", "questions", "invitations"):
        frame = source[table].rows  # generator of dicts
        import pandas as pd

        duck.register(f"{table}_frame", pd.DataFrame(list(frame)))
        duck.execute(f"CREATE TABLE {table} AS SELECT * FROM {table}_frame")
        duck.unregister(f"{table}_frame")
    start, end = window()
    params = [start.isoformat(), end.isoformat()]
    return round(timed(lambda: duck.execute(OVERVIEW_SQL, params).fetchall()), 4)


def peak_rss_mb() -> float:
    """This process's high-water mark of resident memory. ``VmHWM`` starts afresh at exec,
    unlike ``ru_maxrss``, which a child inherits from the parent it was forked from."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main(argv: list[str]) -> int:
    path = Path(argv[0])
    figures = page_work(path)
    figures["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
