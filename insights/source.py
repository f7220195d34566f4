"""All raw-data access of insights, in one place. Two kinds of reader:

- **Publishing** (``population``, ``team_figures``): when a round closes, who answered it
  (used invitations: who, never what) and its counts per team at invitation, read once to
  decide and store the round's release (insights/releases.py).
- **Pages**: round lists, live participation of open rounds (invitation counts, not answers),
  and the ids of comments whose round and group a release has published.

Nothing here returns a respondent's answers; every figure is a count or a sum per team.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

import sqlite_utils

from insights.guard import Population
from insights.measures import Moments
from org.tree import TeamTree
from storage.rollups import CATEGORY_COLUMNS, STAY_QUESTIONS

DIMENSIONS = {"tenure_band": "Tenure band", "job_family": "Job family"}


def _fieldwise_sum(a, b):
    """Tuples of counts add field by field (``+`` on a plain tuple would concatenate)."""
    return type(a)(*map(operator.add, a, b))


class Counts(NamedTuple):
    """One measure's answers in a group: the ``high`` / ``low`` category counts of its scale,
    the ``total`` answers and how many ``people`` gave them (an index of two items has two
    answers per person: the guard and every interval count people, not answers)."""

    high: int = 0
    low: int = 0
    total: int = 0
    people: int = 0

    def __add__(self, other: Counts) -> Counts:
        return _fieldwise_sum(self, other)


class CommentCounts(NamedTuple):
    comments: int = 0
    scored: int = 0
    negative: int = 0
    compound_sum: float = 0.0

    def __add__(self, other: CommentCounts) -> CommentCounts:
        return _fieldwise_sum(self, other)


@dataclass(frozen=True)
class Round:
    id: int
    title: str
    period: str
    opens_on: dt.date
    closes_on: dt.date
    kind: str = "pulse"  # its template's kind: pulse, quarterly, onboarding, exit

    def is_closed(self, today: dt.date) -> bool:
        return today > self.closes_on


def _marks(values) -> str:
    return ",".join("?" * len(values))


_ROUND = (
    "SELECT r.id, r.title, r.period, r.opens_on, r.closes_on, coalesce(t.kind, 'pulse') "
    "FROM rounds r LEFT JOIN templates t ON t.id = r.template_id "
)


def _rounds(rows) -> list[Round]:
    return [
        Round(i, t, p, dt.date.fromisoformat(o), dt.date.fromisoformat(c), k)
        for i, t, p, o, c, k in rows
    ]


def rounds_between(db: sqlite_utils.Database, start: dt.date, end: dt.date) -> list[Round]:
    """Rounds opening inside [start, end], oldest first."""
    return _rounds(
        db.execute(
            _ROUND + "WHERE r.opens_on BETWEEN ? AND ? ORDER BY r.opens_on, r.id",
            [start.isoformat(), end.isoformat()],
        )
    )


def rounds_by_id(db: sqlite_utils.Database, round_ids: list[int]) -> list[Round]:
    """These rounds, oldest first."""
    return _rounds(
        db.execute(
            _ROUND + f"WHERE r.id IN ({_marks(round_ids)}) ORDER BY r.opens_on, r.id",
            list(round_ids),
        )
    )


def closed_unpublished(db: sqlite_utils.Database, today: dt.date) -> list[Round]:
    """Rounds closed before ``today`` without a release, in the order they closed."""
    return _rounds(
        db.execute(
            _ROUND + "WHERE r.closes_on < ? AND r.id NOT IN (SELECT round_id FROM releases) "
            "ORDER BY r.closes_on, r.opens_on, r.id",
            [today.isoformat()],
        )
    )


def round_span(db: sqlite_utils.Database) -> tuple[dt.date, dt.date] | None:
    row = db.execute("SELECT min(opens_on), max(opens_on) FROM rounds").fetchone()
    if not row or row[0] is None:
        return None
    return dt.date.fromisoformat(row[0]), dt.date.fromisoformat(row[1])


# --- publishing ----------------------------------------------------------------------------------
def population(db: sqlite_utils.Database, round_id: int, tree: TeamTree) -> Population:
    """Who answered the round (used invitations; an erased person by their erased key) per
    team and band at invitation, and how many of them answered each measure."""
    people: dict[int, set[int]] = defaultdict(set)
    bands: dict[tuple[int, str], dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for person, team, tenure, family in db.execute(
        "SELECT coalesce(employee_id, erased_key, -id), coalesce(team_id, 0), tenure_band, "
        "job_family "
        "FROM invitations WHERE round_id = ? AND used = 1",
        [round_id],
    ):
        team = team if team in tree.parent else 0
        people[team].add(person)
        for dimension, band in (("tenure_band", tenure), ("job_family", family)):
            if band:
                bands[(team, dimension)][band].add(person)
    answered: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    band_answered: dict[str, dict[tuple[int, str, str], int]] = defaultdict(
        lambda: defaultdict(int)
    )
    for team, tenure, family, key, counts in _measure_rows(db, round_id, tree):
        n = counts.people
        answered[key][team] += n
        for dimension, band in (("tenure_band", tenure), ("job_family", family)):
            if band:
                band_answered[key][(team, dimension, band)] += n
    return Population(
        tree,
        {t: frozenset(p) for t, p in people.items()},
        {key: dict(v) for key, v in answered.items()},
        {tb: {b: frozenset(p) for b, p in per.items()} for tb, per in bands.items()},
        {key: dict(v) for key, v in band_answered.items()},
    )


def _measure_rows(db: sqlite_utils.Database, round_id: int, tree: TeamTree):
    """(team, tenure band, job family, measure, ``Counts``) of one round."""
    stay = _marks(STAY_QUESTIONS)
    rows = db.execute(
        f"""
        WITH cats AS (
            SELECT r.id AS response_id, coalesce(r.team_id, 0) AS team_id, r.tenure_band,
                   r.job_family, a.question_id, a.value, {CATEGORY_COLUMNS}
            FROM responses r JOIN answers a ON a.response_id = r.id
            JOIN questions q ON q.id = a.question_id
            WHERE r.round_id = ? AND q.construct <> 'open'
        )
        SELECT team_id, tenure_band, job_family, measure, sum(high), sum(low), count(*),
               count(DISTINCT response_id) FROM cats GROUP BY 1, 2, 3, 4
        UNION ALL
        SELECT team_id, tenure_band, job_family, 'stay', sum(value >= 4), sum(value <= 2),
               count(*), count(DISTINCT response_id)
        FROM cats WHERE question_id IN ({stay}) GROUP BY 1, 2, 3
        """,
        [round_id, *STAY_QUESTIONS],
    )
    for team, tenure, family, key, high, low, total, n in rows:
        team = team if team in tree.parent else 0
        yield team, tenure, family, key, Counts(high, low, total, n)


@dataclass
class TeamFigures:
    """One round's counts per team (and per team and band for measures), for publishing."""

    measures: dict[int, dict[str, Counts]]
    band_measures: dict[tuple[int, str, str], dict[str, Counts]]
    comments: dict[int, CommentCounts]
    themes: dict[int, dict[str, CommentCounts]]
    moments: dict[int, dict[str, Moments]]


def team_figures(db: sqlite_utils.Database, round_id: int, tree: TeamTree) -> TeamFigures:
    measures: dict = defaultdict(lambda: defaultdict(Counts))
    band_measures: dict = defaultdict(lambda: defaultdict(Counts))
    for team, tenure, family, key, counts in _measure_rows(db, round_id, tree):
        measures[team][key] += counts
        for dimension, band in (("tenure_band", tenure), ("job_family", family)):
            if band:
                band_measures[(team, dimension, band)][key] += counts
    return TeamFigures(
        {t: dict(v) for t, v in measures.items()},
        {c: dict(v) for c, v in band_measures.items()},
        _comment_counts(db, round_id, tree),
        _theme_counts(db, round_id, tree),
        _driver_moments(db, round_id, tree),
    )


def _comment_counts(db, round_id: int, tree: TeamTree) -> dict[int, CommentCounts]:
    out: dict[int, CommentCounts] = defaultdict(CommentCounts)
    for team, n, scored, negative, total in db.execute(
        """
        SELECT coalesce(r.team_id, 0), count(*), coalesce(sum(s.scored), 0),
               coalesce(sum(s.scored AND s.label = 'negative'), 0),
               coalesce(sum(CASE WHEN s.scored THEN s.compound END), 0.0)
        FROM responses r JOIN comments c ON c.response_id = r.id
        LEFT JOIN comment_scores s ON s.response_id = c.response_id
        WHERE r.round_id = ? GROUP BY 1
        """,
        [round_id],
    ):
        team = team if team in tree.parent else 0
        out[team] = out[team] + CommentCounts(n, scored, negative, total)
    return dict(out)


def _theme_counts(db, round_id: int, tree: TeamTree) -> dict[int, dict[str, CommentCounts]]:
    """team -> theme -> comments mentioning it (negative: theme compound <= -0.05)."""
    out: dict = defaultdict(lambda: defaultdict(CommentCounts))
    for team, theme, n, negative, total in db.execute(
        """
        SELECT coalesce(r.team_id, 0), t.theme, count(*), sum(t.compound <= -0.05),
               sum(t.compound)
        FROM responses r JOIN comment_themes t ON t.response_id = r.id
        WHERE r.round_id = ? GROUP BY 1, 2
        """,
        [round_id],
    ):
        team = team if team in tree.parent else 0
        out[team][theme] = out[team][theme] + CommentCounts(n, n, negative, total)
    return {t: dict(v) for t, v in out.items()}


def _driver_moments(db, round_id: int, tree: TeamTree) -> dict[int, dict[str, Moments]]:
    """Per team and driver: sums pairing a driver answer (x) with the same response's mean
    engagement answer (y), for Pearson's r. Only responses answering both count."""
    out: dict = defaultdict(dict)
    rows = db.execute(
        """
        WITH per_response AS (
            SELECT r.id AS response_id, coalesce(r.team_id, 0) AS team_id,
                   avg(CASE WHEN q.construct = 'engagement' THEN a.value END) AS y
            FROM responses r JOIN answers a ON a.response_id = r.id
            JOIN questions q ON q.id = a.question_id
            WHERE r.round_id = ? GROUP BY r.id
        )
        SELECT e.team_id, q.driver, count(*), sum(a.value), sum(e.y), sum(a.value * a.value),
               sum(e.y * e.y), sum(a.value * e.y)
        FROM per_response e JOIN answers a ON a.response_id = e.response_id
        JOIN questions q ON q.id = a.question_id
        WHERE q.construct = 'driver' AND e.y IS NOT NULL
        GROUP BY 1, 2
        """,
        [round_id],
    )
    for team, driver, n, sx, sy, sxx, syy, sxy in rows:
        team = team if team in tree.parent else 0
        moments = Moments(n, float(sx), float(sy), float(sxx), float(syy), float(sxy))
        out[team][driver] = out[team].get(driver, Moments()) + moments
    return dict(out)


def full_driver_answers(
    db: sqlite_utils.Database, round_id: int, drivers: list[str]
) -> tuple[list[int], list[list[float]], list[float]]:
    """(team, mean answer per driver in ``drivers`` order, mean engagement answer) of each
    response of the round that answered every driver (at least one of its items) and at least
    one engagement item: what key-driver importance needs (a quarterly full survey asks two or
    three items per driver; a weekly pulse has no such response). Read once, at publication,
    before teams are coarsened."""
    wanted = {d: i for i, d in enumerate(drivers)}
    per: dict[str, list] = {}
    for response_id, team_id, construct, driver, value in db.execute(
        "SELECT r.id, coalesce(r.team_id, 0), q.construct, q.driver, a.value "
        "FROM responses r JOIN answers a ON a.response_id = r.id "
        "JOIN questions q ON q.id = a.question_id "
        "WHERE r.round_id = ? AND q.construct IN ('driver', 'engagement')",
        [round_id],
    ):
        row = per.setdefault(response_id, [team_id, [[] for _ in drivers], []])
        if construct == "engagement":
            row[2].append(value)
        elif driver in wanted:
            row[1][wanted[driver]].append(value)
    complete = [r for r in per.values() if r[2] and all(r[1])]
    return (
        [r[0] for r in complete],
        [[sum(items) / len(items) for items in r[1]] for r in complete],
        [sum(r[2]) / len(r[2]) for r in complete],
    )


# --- pages -----------------------------------------------------------------------------------
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


def comment_ids(
    db: sqlite_utils.Database, round_ids: list[int], team_ids: list[int]
) -> list[tuple[str, int, int]]:
    """(response id, round, team) of the comments in these rounds and teams: the team at
    invitation, which publishing coarsens to the shown group the comment is listed under."""
    if not round_ids or not team_ids:
        return []
    return list(
        db.execute(
            f"SELECT r.id, r.round_id, coalesce(r.team_id, 0) FROM responses r "
            f"JOIN comments c ON c.response_id = r.id "
            f"WHERE r.round_id IN ({_marks(round_ids)}) "
            f"AND coalesce(r.team_id, 0) IN ({_marks(team_ids)})",
            [*round_ids, *team_ids],
        )
    )


def comment_round(db: sqlite_utils.Database, response_id: str) -> int | None:
    """The round a comment was given in, or None for no such comment."""
    row = db.execute(
        "SELECT r.round_id FROM responses r JOIN comments c ON c.response_id = r.id WHERE r.id = ?",
        [response_id],
    ).fetchone()
    return None if row is None else row[0]


def data_version(db: sqlite_utils.Database) -> tuple:
    """Cheap fingerprint of what pages show: releases published, rounds, live participation
    (the per-round change counters), teams (names and places) and the threshold. The key of
    the pages' caches."""
    return tuple(
        db.execute(
            "SELECT (SELECT count(*) FROM releases),"
            " (SELECT coalesce(sum(version), 0) FROM round_versions),"
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
    """The band values some release has published (labels, no counts)."""
    _dimension(dimension)
    return [
        row[0]
        for row in db.execute(
            "SELECT DISTINCT band FROM release_cells WHERE dimension = ? "
            "AND figures IS NOT NULL ORDER BY 1",
            [dimension],
        )
    ]
