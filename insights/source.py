"""All raw-data access of insights, in one place: every query is limited to the rounds of a
date window (``idx_rounds_opens``) and reads indexed counters or keys, and returns counts per
round and team, never respondent rows. The counters (``response_counts``, ``measure_counts``)
are kept by ``storage/rollups.py``; what they lack (demographic cuts of measures, driver
correlations, comment sentiment, who answered twice) is aggregated here in SQL.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import sqlite_utils

from insights.guard import ROOT, TeamTree
from insights.measures import Moments
from storage.rollups import CATEGORY_COLUMNS

DIMENSIONS = {"tenure_band": "Tenure band", "job_family": "Job family"}


def _fieldwise_sum(a, b):
    """Tuples of counts add field by field (``+`` on a plain tuple would concatenate)."""
    return type(a)(*map(operator.add, a, b))


class Counts(NamedTuple):
    """Answers to one measure: ``high`` / ``low`` category counts of its scale and the total.
    A tuple, so saved guard decisions load without building objects field by field."""

    high: int = 0
    low: int = 0
    total: int = 0

    def __add__(self, other: Counts) -> Counts:
        return _fieldwise_sum(self, other)


@dataclass(frozen=True)
class Round:
    id: int
    title: str
    period: str
    opens_on: dt.date
    closes_on: dt.date


def _marks(values) -> str:
    return ",".join("?" * len(values))


def load_tree(db: sqlite_utils.Database) -> tuple[TeamTree, set[int]]:
    """The team hierarchy (archived teams included: they have history) and the archived ids."""
    parent, names, archived = {}, {ROOT: "Whole organisation"}, set()
    for team_id, name, parent_id, is_archived in db.execute(
        "SELECT id, name, parent_id, archived FROM teams"
    ):
        parent[team_id] = parent_id if parent_id is not None else ROOT
        names[team_id] = name
        if is_archived:
            archived.add(team_id)
    return TeamTree(parent, names), archived


def rounds_between(db: sqlite_utils.Database, start: dt.date, end: dt.date) -> list[Round]:
    """Rounds opening inside [start, end], oldest first."""
    rows = db.execute(
        "SELECT id, title, period, opens_on, closes_on FROM rounds "
        "WHERE opens_on BETWEEN ? AND ? ORDER BY opens_on, id",
        [start.isoformat(), end.isoformat()],
    )
    return [
        Round(i, t, p, dt.date.fromisoformat(o), dt.date.fromisoformat(c)) for i, t, p, o, c in rows
    ]


def rounds_before(db: sqlite_utils.Database, first: Round, count: int) -> list[Round]:
    """The ``count`` rounds opening just before ``first``, oldest first (index-bounded, so it
    does not grow with history)."""
    rows = db.execute(
        "SELECT id, title, period, opens_on, closes_on FROM rounds "
        "WHERE (opens_on, id) < (?, ?) ORDER BY opens_on DESC, id DESC LIMIT ?",
        [first.opens_on.isoformat(), first.id, count],
    ).fetchall()
    return [
        Round(i, t, p, dt.date.fromisoformat(o), dt.date.fromisoformat(c))
        for i, t, p, o, c in reversed(rows)
    ]


def round_span(db: sqlite_utils.Database) -> tuple[dt.date, dt.date] | None:
    row = db.execute("SELECT min(opens_on), max(opens_on) FROM rounds").fetchone()
    if not row or row[0] is None:
        return None
    return dt.date.fromisoformat(row[0]), dt.date.fromisoformat(row[1])


def respondents(db: sqlite_utils.Database, round_ids: list[int]) -> dict[int, dict[int, int]]:
    """round -> team -> responses of that team's own members (team 0: no team)."""
    out: dict[int, dict[int, int]] = defaultdict(dict)
    if not round_ids:
        return out
    for round_id, team_id, n in db.execute(
        f"SELECT round_id, team_id, sum(n) FROM response_counts "
        f"WHERE round_id IN ({_marks(round_ids)}) GROUP BY 1, 2",
        round_ids,
    ):
        out[round_id][team_id] = n
    return out


def band_respondents(
    db: sqlite_utils.Database, round_ids: list[int], team_id: int, dimension: str
) -> dict[int, dict[str, int]]:
    """round -> band value -> responses of one team's own members."""
    column = _dimension(dimension)
    out: dict[int, dict[str, int]] = defaultdict(dict)
    if not round_ids:
        return out
    for round_id, value, n in db.execute(
        f"SELECT round_id, {column}, sum(n) FROM response_counts "
        f"WHERE round_id IN ({_marks(round_ids)}) AND team_id = ? GROUP BY 1, 2",
        [*round_ids, team_id],
    ):
        out[round_id][value] = n
    return out


def measure_counts(
    db: sqlite_utils.Database, round_ids: list[int], measures: tuple[str, ...] | None = None
) -> dict[int, dict[int, dict[str, Counts]]]:
    """round -> team -> measure -> counts, from the ``measure_counts`` rollup (only the
    ``measures`` named, when given)."""
    out: dict[int, dict[int, dict[str, Counts]]] = defaultdict(lambda: defaultdict(dict))
    if not round_ids or measures == ():
        return out
    only = f" AND measure IN ({_marks(measures)})" if measures else ""
    for round_id, team_id, measure, high, low, total in db.execute(
        f"SELECT round_id, team_id, measure, high, low, total FROM measure_counts "
        f"WHERE round_id IN ({_marks(round_ids)}){only}",
        [*round_ids, *(measures or ())],
    ):
        out[round_id][team_id][measure] = Counts(high, low, total)
    return out


_CATEGORIES = CATEGORY_COLUMNS


def band_measure_counts(
    db: sqlite_utils.Database, round_ids: list[int], team_id: int, dimension: str, value: str
) -> dict[int, dict[str, Counts]]:
    """round -> measure -> counts for the members of one team in one band (from raw answers,
    restricted to the team and rounds through ``idx_responses_round_team``)."""
    column = _dimension(dimension)
    out: dict[int, dict[str, Counts]] = defaultdict(dict)
    if not round_ids:
        return out
    rows = db.execute(
        f"""
        WITH picked AS (
            SELECT id, round_id FROM responses
            WHERE round_id IN ({_marks(round_ids)}) AND team_id = ? AND {column} = ?
        ), cats AS (
            SELECT p.round_id, a.question_id, a.value, {_CATEGORIES}
            FROM picked p JOIN answers a ON a.response_id = p.id
            JOIN questions q ON q.id = a.question_id WHERE q.construct <> 'open'
        )
        SELECT round_id, measure, sum(high), sum(low), count(*) FROM cats GROUP BY 1, 2
        UNION ALL
        SELECT round_id, 'stay', sum(value >= 4), sum(value <= 2), count(*) FROM cats
        WHERE question_id IN ('eng_stay', 'eng_two_years') GROUP BY 1
        """,
        [*round_ids, team_id, value],
    )
    for round_id, measure, high, low, total in rows:
        out[round_id][measure] = Counts(high, low, total)
    return out


def invitations(
    db: sqlite_utils.Database, round_ids: list[int]
) -> dict[int, dict[int, tuple[int, int]]]:
    """round -> team -> (invited, used), from invitations (who, not what: not anonymous)."""
    out: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)
    if not round_ids:
        return out
    for round_id, team_id, invited, used in db.execute(
        f"SELECT round_id, coalesce(team_id, 0), count(*), sum(used) FROM invitations "
        f"WHERE round_id IN ({_marks(round_ids)}) GROUP BY 1, 2",
        round_ids,
    ):
        out[round_id][team_id] = (invited, used)
    return out


def answered(db: sqlite_utils.Database, round_ids: list[int]) -> dict[int, np.ndarray]:
    """round -> array of (employee, team at invitation) of the people who used their link,
    sorted by employee. Who answered, never what: the guard needs it to see whether two
    rounds' respondents are nested (rule 4). Read from a covering index (m0400)."""
    if not round_ids:
        return {}
    rows = np.array(
        db.execute(
            f"SELECT round_id, employee_id, coalesce(team_id, 0) FROM invitations "
            f"WHERE round_id IN ({_marks(round_ids)}) AND used = 1 "
            f"AND employee_id IS NOT NULL ORDER BY round_id, employee_id",
            round_ids,
        ).fetchall(),
        dtype=np.int64,
    ).reshape(-1, 3)
    out = {}
    if len(rows):
        rounds, starts = np.unique(rows[:, 0], return_index=True)
        for round_id, part in zip(rounds, np.split(rows[:, 1:], starts[1:]), strict=True):
            out[int(round_id)] = part
    return out


def overlap_by_team(
    who: dict[int, np.ndarray], round_a: int, round_b: int
) -> dict[tuple[int, int], int]:
    """(team in round a, team in round b) -> people who answered both rounds."""
    empty = np.empty((0, 2), dtype=np.int64)
    first, second = who.get(round_a, empty), who.get(round_b, empty)
    _, ia, ib = np.intersect1d(first[:, 0], second[:, 0], assume_unique=True, return_indices=True)
    keys, counts = np.unique((first[ia, 1] << 32) | second[ib, 1], return_counts=True)
    return {
        (int(key >> 32), int(key & 0xFFFFFFFF)): int(n) for key, n in zip(keys, counts, strict=True)
    }


def driver_moments(
    db: sqlite_utils.Database,
    round_ids: list[int],
    team_ids: list[int],
    band: tuple[str, str] | None = None,
) -> dict[str, Moments]:
    """Per driver: sums over responses pairing a driver answer (x) with the same response's
    mean engagement answer (y), for Pearson's r. Only responses answering both count."""
    out: dict[str, Moments] = {}
    if not round_ids or not team_ids:
        return out
    params: list = [*round_ids, *team_ids]
    band_sql = ""
    if band:
        band_sql = f" AND r.{_dimension(band[0])} = ?"
        params.append(band[1])
    rows = db.execute(
        f"""
        WITH picked AS (
            SELECT r.id FROM responses r
            WHERE r.round_id IN ({_marks(round_ids)}) AND r.team_id IN ({_marks(team_ids)})
            {band_sql}
        ), per_response AS (
            SELECT a.response_id,
                   avg(CASE WHEN q.construct = 'engagement' THEN a.value END) AS y
            FROM picked p JOIN answers a ON a.response_id = p.id
            JOIN questions q ON q.id = a.question_id
            GROUP BY a.response_id
        )
        SELECT q.driver, count(*), sum(a.value), sum(e.y), sum(a.value * a.value),
               sum(e.y * e.y), sum(a.value * e.y)
        FROM per_response e JOIN answers a ON a.response_id = e.response_id
        JOIN questions q ON q.id = a.question_id
        WHERE q.construct = 'driver' AND e.y IS NOT NULL
        GROUP BY q.driver
        """,
        params,
    )
    for driver, n, sx, sy, sxx, syy, sxy in rows:
        out[driver] = Moments(n, float(sx), float(sy), float(sxx), float(syy), float(sxy))
    return out


class CommentCounts(NamedTuple):
    comments: int = 0
    scored: int = 0
    negative: int = 0
    compound_sum: float = 0.0

    def __add__(self, other: CommentCounts) -> CommentCounts:
        return _fieldwise_sum(self, other)


def comment_counts(
    db: sqlite_utils.Database, round_ids: list[int]
) -> dict[int, dict[int, CommentCounts]]:
    """round -> team -> comments, how many are scored, negative, and their summed compound
    (scores from the sentiment package's ``comment_scores``)."""
    out: dict[int, dict[int, CommentCounts]] = defaultdict(dict)
    if not round_ids:
        return out
    for round_id, team_id, n, scored, negative, total in db.execute(
        f"""
        SELECT r.round_id, coalesce(r.team_id, 0), count(*), coalesce(sum(s.scored), 0),
               coalesce(sum(s.scored AND s.label = 'negative'), 0),
               coalesce(sum(CASE WHEN s.scored THEN s.compound END), 0.0)
        FROM responses r JOIN comments c ON c.response_id = r.id
        LEFT JOIN comment_scores s ON s.response_id = c.response_id
        WHERE r.round_id IN ({_marks(round_ids)}) GROUP BY 1, 2
        """,
        round_ids,
    ):
        out[round_id][team_id] = CommentCounts(n, scored, negative, total)
    return out


def theme_counts(
    db: sqlite_utils.Database, round_ids: list[int], team_ids: list[int]
) -> dict[int, dict[int, dict[str, CommentCounts]]]:
    """round -> team -> theme -> comments mentioning it (negative: theme compound <= -0.05)."""
    out: dict[int, dict[int, dict[str, CommentCounts]]] = defaultdict(lambda: defaultdict(dict))
    if not round_ids or not team_ids:
        return out
    for round_id, team_id, theme, n, negative, total in db.execute(
        f"""
        SELECT r.round_id, r.team_id, t.theme, count(*), sum(t.compound <= -0.05),
               sum(t.compound)
        FROM responses r JOIN comment_themes t ON t.response_id = r.id
        WHERE r.round_id IN ({_marks(round_ids)}) AND r.team_id IN ({_marks(team_ids)})
        GROUP BY 1, 2, 3
        """,
        [*round_ids, *team_ids],
    ):
        out[round_id][team_id][theme] = CommentCounts(n, n, negative, total)
    return out


def comment_ids(
    db: sqlite_utils.Database, round_ids: list[int], team_ids: list[int]
) -> list[tuple[str, int, int]]:
    """(response id, round, team) of the comments in these rounds and teams."""
    if not round_ids or not team_ids:
        return []
    return list(
        db.execute(
            f"SELECT r.id, r.round_id, r.team_id FROM responses r "
            f"JOIN comments c ON c.response_id = r.id "
            f"WHERE r.round_id IN ({_marks(round_ids)}) AND r.team_id IN ({_marks(team_ids)})",
            [*round_ids, *team_ids],
        )
    )


def data_version(db: sqlite_utils.Database) -> tuple:
    """Cheap fingerprint that changes when responses, invitations, comments or their scores
    (the per-round change counters), rounds, teams (names and places) or the threshold change:
    the key of the pages' caches."""
    return tuple(
        db.execute(
            "SELECT (SELECT coalesce(sum(version), 0) FROM round_versions),"
            " (SELECT count(*) FROM rounds),"
            " (SELECT group_concat(id || '>' || coalesce(parent_id, 0) || ':' || archived"
            "  || ':' || name, '|') FROM teams),"
            " (SELECT group_concat(value) FROM settings WHERE key = 'anonymity_threshold')"
        ).fetchone()
    )


def _dimension(dimension: str) -> str:
    if dimension not in DIMENSIONS:
        raise ValueError(f"Unknown demographic dimension: {dimension}")
    return dimension


def band_labels(db: sqlite_utils.Database, dimension: str) -> list[str]:
    """The values of a band dimension that occur in responses (labels, no counts)."""
    column = _dimension(dimension)
    return [
        row[0]
        for row in db.execute(
            f"SELECT DISTINCT {column} FROM response_counts WHERE {column} <> '' ORDER BY 1"
        )
    ]
