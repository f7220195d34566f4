"""Published results: each round is decided once, when it closes, and stored as an immutable
release; every figure a leader sees is read from releases (docs/PRIVACY.md).

A release records the team tree it was decided on, the threshold and the rules version, and
one row per cell: a shown cell with its figures, a hidden cell with nothing but the fact that
it is hidden (``figures`` NULL). Triggers refuse any change to a stored release, so a re-org,
a threshold change, a rescore, an erasure or an edit of the rules applies only to rounds that
close afterwards. Publishing compares the round with every release of a round opening within
``WINDOW_DAYS`` of it, whatever its kind (insights/guard.py, rule 3).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import marshal
import operator
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import astuple, dataclass, field
from pathlib import Path

import numpy as np
import sqlite_utils

from insights import dominance, source
from insights.guard import (
    RESPONSES,
    AtomIndex,
    Cell,
    Decision,
    Population,
    Published,
    decide,
    residual_atoms,
    shown_groups,
)
from insights.source import CommentCounts, Round
from org.settings import anonymity_threshold
from org.tree import ROOT, TeamTree, load_tree
from storage import checkpoint_and_truncate, seal_closed_rounds, write_transaction
from storage.rollups import MEASURE_KEY, rebuild_round_rollups
from storage.seal import SealError
from surveys import clock
from surveys.answering import publish_sealed
from surveys.bank import DRIVERS

WINDOW_DAYS = 28  # four weeks either side: see docs/PRIVACY.md for why, and what 42 or 91 cost
_DECIDING_CODE = ("guard.py", "releases.py", "source.py")
log = logging.getLogger(__name__)
RULES_VERSION = hashlib.blake2b(
    b"".join((Path(__file__).parent / name).read_bytes() for name in _DECIDING_CODE),
    digest_size=8,
).hexdigest()


# --- publishing --------------------------------------------------------------------------------
def publish_due(
    db: sqlite_utils.Database, today: dt.date | None = None, strict: bool = False
) -> list[int]:
    """Publish every closed round that has no release yet, oldest first (idempotent: the
    cadence job calls it, and so does the first view after a round closes). Returns the
    rounds published now; a read-only or busy database publishes nothing and says so by
    returning fewer. A round whose sealed responses do not open (missing or wrong key) stops
    publishing there: logged, or raised as ``SealError`` when ``strict``."""
    today = today or clock.today()
    done = []
    for round_ in source.closed_unpublished(db, today):
        try:
            if publish(db, round_, today):
                done.append(round_.id)
        except sqlite3.OperationalError as error:
            if not _busy_or_read_only(error):
                raise
            break
        except SealError:
            # The key is missing or wrong: nothing changed. Pages go on (the round reads
            # "results appear when the round closes"); `python -m insights publish` fails.
            if not strict:
                log.exception("Round %s cannot be published: its responses stay sealed.", round_.id)
                break
            raise
    if done and not db.conn.in_transaction:
        # A published round is closed for good: re-insert its rows in random order now
        # (storage/at_rest.py). Inside a caller's transaction (the demo load) the cadence
        # job seals it later.
        # The unsealed rows reach the file and the blobs leave it: mixing checkpoints itself.
        if not seal_closed_rounds(db, today):
            checkpoint_and_truncate(db)
    return done


def _busy_or_read_only(error: sqlite3.OperationalError) -> bool:
    """The errors that mean "publish later", not a bug to hide."""
    message = str(error).lower()
    return "locked" in message or "readonly" in message or "read-only" in message


def publish(db: sqlite_utils.Database, round_: Round, today: dt.date) -> bool:
    """Decide and store the release of one closed round; False if it already had one."""
    if not round_.is_closed(today):
        raise ValueError("A round is published only after it closes.")
    weights, complete = _driver_weights(db, round_.id)  # seconds for a full survey: unlocked
    with _no_spill(db), write_transaction(db):
        if db.execute("SELECT 1 FROM releases WHERE round_id = ?", [round_.id]).fetchone():
            return False
        # An open round's responses were sealed (storage/seal.py): open them before anything
        # reads the round. A missing or wrong key raises here and rolls everything back.
        if publish_sealed(db, round_.id):
            weights, complete = _driver_weights(db, round_.id)
        k = anonymity_threshold(db)
        tree, _ = load_tree(db)
        population = source.population(db, round_.id, tree)
        decision = decide(population, earlier_releases(db, round_), k)
        figures = source.team_figures(db, round_.id, tree)
        invited = source.invitations(db, [round_.id]).get(round_.id, {})
        db.execute(
            "INSERT INTO releases (round_id, published_on, threshold, rules, tree) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                round_.id,
                today.isoformat(),
                k,
                RULES_VERSION,
                json.dumps(sorted(tree.parent.items())),
            ],
        )
        db.conn.executemany(
            "INSERT INTO release_cells (round_id, group_id, dimension, band, invited, answered, "
            "figures) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(round_.id, *row) for row in _cells(tree, population, decision, figures, invited)],
        )
        db.conn.executemany(
            "INSERT INTO release_driver_weights (round_id, group_id, driver, share, low, high, "
            "respondents, r_squared) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (round_.id, group, driver, share, low, high, found.respondents, found.r_squared)
                for group, found in _shown_groups(weights, complete, tree, decision, k).items()
                for driver, share, low, high in zip(
                    DRIVERS, found.shares, found.low, found.high, strict=True
                )
            ],
        )
        _drop_what_cannot_be_shown(db, round_, tree, decision, k)
        _coarsen_responses(db, round_.id, owners(tree, decision.shown[RESPONSES]))
        # Reply codes of comments that did not survive (issued while the comment was sealed,
        # so no cascade reached them).
        db.execute(
            "DELETE FROM reply_codes WHERE response_id NOT IN (SELECT response_id FROM comments) "
            "AND response_id NOT IN (SELECT id FROM sealed_responses)"
        )
    return True


@contextmanager
def _no_spill(db: sqlite_utils.Database):
    """Keep the publishing transaction's pages in memory until it commits. Publication opens
    the sealed responses with their team and bands and coarsens them before the commit; a
    transaction larger than the page cache (a full survey's) would otherwise spill the
    uncoarsened pages into the WAL, where a copy of the data folder taken meanwhile reads
    them under the ids the published responses keep (redteam/attack_publication_wal_spill.py)."""
    before = db.execute("PRAGMA cache_spill").fetchone()[0]
    db.execute("PRAGMA cache_spill = OFF")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_spill = {int(before)}")


def _driver_weights(db: sqlite_utils.Database, round_id: int) -> tuple[dict[int, tuple], dict]:
    """Key-driver importance of the organisation and each department (a group with teams
    under it) that has enough full-survey responses (``dominance.min_respondents``), and how
    many such responses each team has."""
    teams, answers, outcome = source.full_driver_answers(db, round_id, list(DRIVERS))
    complete = dict(Counter(teams))
    if len(outcome) < dominance.min_respondents(len(DRIVERS)):
        return {}, complete
    tree, _ = load_tree(db)
    team_of, x, y = np.array(teams), np.array(answers, float), np.array(outcome)
    out = {}
    for group in [ROOT, *(g for g in tree.nodes if g != ROOT and tree.children().get(g))]:
        rows = np.isin(team_of, list(tree.subtree(group)))
        if found := dominance.importance(x[rows], y[rows]):
            out[group] = (found, frozenset(tree.subtree(group)))
    return out, complete


def _shown_groups(
    weights: dict[int, tuple], complete: dict[int, int], tree: TeamTree, decision: Decision, k: int
) -> dict:
    """Only groups the release shows, placed under the tree they were computed on, and among
    those only a laminar family whose differences hold 0 or at least ``k`` of the responses
    the weights read (rules 1-2 on them, ``guard.shown_groups``): each group's count is shown
    beside its weights, and the organisation less its weighted departments would otherwise
    count, and be moved by, a few people (redteam/attack_driver_weights_counts.py)."""
    shown = decision.shown[RESPONSES]
    candidates = {
        group
        for group, (_, members) in weights.items()
        if group in shown and frozenset(tree.subtree(group)) == members
    }
    direct = {team: n for team, n in complete.items() if team in tree.parent or team == ROOT}
    kept = shown_groups(tree, direct, k, candidates)
    return {group: weights[group][0] for group in candidates & kept}


def _drop_what_cannot_be_shown(
    db: sqlite_utils.Database, round_: Round, tree: TeamTree, decision: Decision, k: int
) -> None:
    """Once a round is published, keep nothing that would tie a response to fewer than
    ``k`` people in a copy of the data folder. Releases never change, so what is hidden now
    is never shown: those answers have done their work.

    - The day a response was sent becomes the round's opening day (with the audit log's
      sign-in times, a day holding one response named its author).
    - A question asked of one team only (an action's follow-up, ``team_questions``) tells
      which team answered it: unless a group at or above that team shows the question, its
      answers go.
    - A round that fewer than ``k`` people answered (a new starter's check-in) is shown in
      no form: its responses go, but for comments awaiting the administrators' red-flag
      queue (duty of care, text alone: docs/PRIVACY.md), whose answers go.
    """
    db.execute(
        "UPDATE responses SET submitted_on = ? WHERE round_id = ?",
        [round_.opens_on.isoformat(), round_.id],
    )
    asked_of_one_team = db.execute(
        f"SELECT DISTINCT tq.question_id, tq.team_id, {MEASURE_KEY} FROM team_questions tq "
        "JOIN questions q ON q.id = tq.question_id "
        "JOIN answers a ON a.question_id = tq.question_id "
        "JOIN responses r ON r.id = a.response_id WHERE r.round_id = ?",
        [round_.id],
    ).fetchall()
    for question_id, team_id, key in asked_of_one_team:
        if not set(tree.ancestors(team_id)) & decision.shown.get(key, set()):
            db.execute(
                "DELETE FROM answers WHERE question_id = ? AND response_id IN "
                "(SELECT id FROM responses WHERE round_id = ?)",
                [question_id, round_.id],
            )
    answered = db.execute(
        "SELECT count(*) FROM invitations WHERE round_id = ? AND used = 1", [round_.id]
    ).fetchone()[0]
    if answered < k:
        db.execute(
            "DELETE FROM responses WHERE round_id = ? AND id NOT IN "
            "(SELECT response_id FROM red_flags WHERE reviewed = 0)",
            [round_.id],
        )
        db.execute(
            "DELETE FROM answers WHERE response_id IN "
            "(SELECT id FROM responses WHERE round_id = ?)",
            [round_.id],
        )


def _coarsen_responses(db: sqlite_utils.Database, round_id: int, owner: dict[int, int]) -> None:
    """Once published, a response keeps only what its release shows of it.

    Its team becomes the shown group its comments are listed under (the nearest shown group
    at or above it; NULL for the organisation or where none is), and its bands are blanked.
    At that level a response joins to the used invitations of at least ``k`` people, since
    the guard never shows a group, or a group less its shown subgroups, of 1 to k-1
    respondents. The invitations keep the team and bands for comparing later rounds. The
    per-team counters are recounted at the same level.
    """
    cases = " ".join("WHEN ? THEN ?" for _ in owner)
    team = f"CASE coalesce(team_id, 0) {cases} ELSE NULL END" if owner else "NULL"
    db.execute(
        f"UPDATE responses SET tenure_band = '', job_family = '', team_id = {team} "
        "WHERE round_id = ?",
        [*(v for team, group in sorted(owner.items()) for v in (team, group or None)), round_id],
    )
    rebuild_round_rollups(db, round_id)


def _merge(a: dict, b: dict) -> dict:
    """Two groups' per-key figures added (each value knows how to add itself)."""
    return {
        key: a[key] + b[key] if key in a and key in b else a.get(key, b.get(key))
        for key in {*a, *b}
    }


def _cells(tree: TeamTree, population: Population, decision: Decision, figures, invited):
    """Rows of ``release_cells``: every group (hidden ones with nothing but the fact), and
    the published bands of teams. Participation only where the figures are shown: "7 of 7
    answered" beside a hidden cell would say it was hidden for being near an earlier release."""
    people = population.group_people()
    measures = tree.roll_up(figures.measures, {}, _merge)
    comments = tree.roll_up(figures.comments, CommentCounts())
    themes = tree.roll_up(figures.themes, {}, _merge)
    moments = tree.roll_up(figures.moments, {}, _merge)
    invitations = tree.roll_up({t: n for t, (n, _) in invited.items()}, 0)
    content = decision.shown[RESPONSES]
    for group in tree.nodes:
        participation = (
            (invitations[group], len(people[group])) if group in content else (None, None)
        )
        blob = None
        if group in content:
            keys = {key for key, shown in decision.shown.items() if group in shown} - {RESPONSES}
            blob = marshal.dumps(
                {
                    "respondents": len(people[group]),
                    "measures": {key: tuple(measures[group][key]) for key in sorted(keys)},
                    "comments": tuple(comments[group]),
                    "themes": {t: tuple(c) for t, c in sorted(themes[group].items())},
                    "moments": {
                        d: astuple(m)
                        for d, m in sorted(moments[group].items())
                        if f"driver:{d}" in keys
                    },
                }
            )
        yield (group, "", "", *participation, blob)
    for team, dimension, band in sorted(decision.bands.get(RESPONSES, ())):
        keys = {
            key
            for key, cells in decision.bands.items()
            if key != RESPONSES and (team, dimension, band) in cells
        }
        counts = figures.band_measures.get((team, dimension, band), {})
        blob = marshal.dumps(
            {
                "respondents": len(population.bands[(team, dimension)][band]),
                "measures": {key: tuple(counts[key]) for key in sorted(keys)},
            }
        )
        yield (team, dimension, band, None, None, blob)


# --- what the guard compares against -------------------------------------------------------
def earlier_releases(db: sqlite_utils.Database, round_: Round) -> list[Published]:
    """The releases of rounds whose span comes within ``WINDOW_DAYS`` of ``round_``'s, as
    sets of people per released cell (from their invitations and the tree each was decided on)."""
    # Spans, not opening days: a long or back-dated round is compared with everything it
    # comes within the window of.
    low = (round_.opens_on - dt.timedelta(days=WINDOW_DAYS)).isoformat()
    high = (round_.closes_on + dt.timedelta(days=WINDOW_DAYS)).isoformat()
    rows = db.execute(
        "SELECT r.id, rel.tree FROM releases rel JOIN rounds r ON r.id = rel.round_id "
        "WHERE r.opens_on <= ? AND r.closes_on >= ? AND r.id <> ? ORDER BY r.opens_on, r.id",
        [high, low, round_.id],
    ).fetchall()
    return [_published(db, round_id, TeamTree(dict(json.loads(tree)))) for round_id, tree in rows]


def _published(db: sqlite_utils.Database, round_id: int, tree: TeamTree) -> Published:
    population = source.population(db, round_id, tree)
    people = population.group_people()
    answered: dict[str, dict[int, int]] = defaultdict(dict)  # key -> group -> answered
    bands: dict[str, list[Cell]] = defaultdict(list)
    by_team: dict[str, dict[int, list[Cell]]] = defaultdict(lambda: defaultdict(list))
    for group, dimension, band, blob in db.execute(
        "SELECT group_id, dimension, band, figures FROM release_cells "
        "WHERE round_id = ? AND figures IS NOT NULL",
        [round_id],
    ):
        figures = marshal.loads(blob)
        if dimension:
            who = population.bands.get((group, dimension), {}).get(band, frozenset())
            for key, cell in [
                (RESPONSES, Cell(who, len(who))),
                *((key, Cell(who, c[3])) for key, c in figures["measures"].items()),
            ]:
                bands[key].append(cell)
                by_team[key][group].append(cell)
            continue
        if group not in people:
            continue
        answered[RESPONSES][group] = len(people[group])
        for key, counts in figures["measures"].items():
            answered[key][group] = counts[3]
    published = Published(bands=dict(bands))
    shown = set(answered[RESPONSES])  # the groups whose content this release shows
    for key, per_group in answered.items():
        asked = people if key == RESPONSES else _asked_since_published(population, shown, key)
        atoms = residual_atoms(tree, set(per_group), asked, per_group)
        published.atoms[key] = AtomIndex(_split_by_bands(atoms, by_team[key]))
        published.cells[key] = [Cell(asked[g], n) for g, n in per_group.items()]
    for key, cells in bands.items():
        published.cells[key] = published.cells.get(key, []) + cells
    return published


def _asked_since_published(population: Population, shown: set[int], key: str) -> dict:
    """Who can have answered ``key`` in a published round, per group: a superset of the true
    answerers, as rule 3 needs. Publishing moved each response to the shown group its
    comments are listed under, so a team with answers is known only up to that group:
    every team listed under the same group counts as asked (``Population.key_people``
    would take the group's own members for the whole group's answerers)."""
    owner = owners(population.tree, shown)
    labels = {owner.get(team) for team, n in population.answered.get(key, {}).items() if n > 0}
    teams = {team: p for team, p in population.people.items() if owner.get(team) in labels}
    return population.tree.roll_up(teams, frozenset(), operator.or_)


def _split_by_bands(atoms: dict[int, Cell], bands: dict[int, list[Cell]]) -> list[Cell]:
    """Finer atoms: a team with released bands splits into those bands and the rest of the
    team, so sums of released bands and groups are unions of atoms too."""
    out = []
    for group, atom in atoms.items():
        cells = [b for b in bands.get(group, ()) if b.people <= atom.people]
        if not cells:
            out.append(atom)
            continue
        out.extend(cells)
        rest = atom.people.difference(*(b.people for b in cells))
        out.append(Cell(rest, atom.answered - sum(b.answered for b in cells)))
    return out


# --- reading -----------------------------------------------------------------------------------
@dataclass
class Released:
    """The cells of released rounds that a viewer may see (nothing of other groups)."""

    trees: dict[int, TeamTree] = field(default_factory=dict)  # round -> tree decided on
    thresholds: dict[int, int] = field(default_factory=dict)  # round -> k decided under
    content: dict[int, set[int]] = field(default_factory=dict)  # round -> all shown groups
    participation: dict[int, dict[int, tuple[int, int]]] = field(default_factory=dict)
    figures: dict[int, dict[int, dict]] = field(default_factory=dict)  # round -> group -> fig
    bands: dict[int, dict[tuple[int, str, str], dict]] = field(default_factory=dict)


@dataclass(frozen=True)
class DriverWeights:
    """A released key-driver importance: the group and round it was computed for."""

    round_id: int
    group: int
    respondents: int
    shares: dict[str, tuple[float, float, float]]  # driver -> (share %, low, high)


def driver_weights(
    db: sqlite_utils.Database, round_ids: list[int], groups: list[int]
) -> DriverWeights | None:
    """The latest released importance among ``round_ids`` for the first of ``groups`` (nearest
    first) that has one, placed by the tree its round was released on."""
    if not round_ids or not groups:
        return None
    marks, gmarks = ",".join("?" * len(round_ids)), ",".join("?" * len(groups))
    rows = db.execute(  # a release decided under a lower threshold than today's: hidden whole
        "SELECT w.round_id, w.group_id, w.driver, w.share, w.low, w.high, w.respondents "
        "FROM release_driver_weights w JOIN rounds r ON r.id = w.round_id "
        "JOIN releases rel ON rel.round_id = w.round_id "
        f"WHERE w.round_id IN ({marks}) AND w.group_id IN ({gmarks}) AND rel.threshold >= ? "
        "ORDER BY r.opens_on DESC, w.round_id DESC",
        [*round_ids, *groups, anonymity_threshold(db)],
    ).fetchall()
    if not rows:
        return None
    rank = {g: i for i, g in enumerate(groups)}
    round_id, group = min(
        {(r[0], r[1]) for r in rows if r[0] == rows[0][0]}, key=lambda t: rank[t[1]]
    )
    chosen = [r for r in rows if (r[0], r[1]) == (round_id, group)]
    return DriverWeights(round_id, group, chosen[0][6], {r[2]: (r[3], r[4], r[5]) for r in chosen})


def load(db: sqlite_utils.Database, round_ids: list[int], groups: Iterable[int]) -> Released:
    """Released cells of ``round_ids`` for ``groups`` only. ``content`` keeps which groups of
    the whole round are shown (no figures): comments of a hidden team belong to the nearest
    shown group above it, which the viewer needs to know to list them."""
    out = Released()
    if not round_ids:
        return out
    wanted = set(groups)
    marks = ",".join("?" * len(round_ids))
    trees: dict[str, TeamTree] = {}  # most rounds share a tree: build (and index) it once
    for round_id, tree, threshold in db.execute(
        f"SELECT round_id, tree, threshold FROM releases WHERE round_id IN ({marks})", round_ids
    ):
        if tree not in trees:
            trees[tree] = TeamTree(dict(json.loads(tree)))
        out.trees[round_id] = trees[tree]
        out.thresholds[round_id] = threshold
        out.content[round_id] = set()
        out.participation[round_id] = {}
        out.figures[round_id] = {}
        out.bands[round_id] = {}
    for round_id, group, dimension, band, invited, answered, blob in db.execute(
        f"SELECT round_id, group_id, dimension, band, invited, answered, figures "
        f"FROM release_cells WHERE round_id IN ({marks})",
        round_ids,
    ):
        if not dimension and blob is not None:
            out.content[round_id].add(group)
        if group not in wanted:
            continue
        if dimension:
            if blob is not None:
                out.bands[round_id][(group, dimension, band)] = marshal.loads(blob)
            continue
        if invited is not None:
            out.participation[round_id][group] = (invited, answered)
        if blob is not None:
            out.figures[round_id][group] = marshal.loads(blob)
    return out


def owners(tree: TeamTree, shown: set[int]) -> dict[int, int]:
    """Each team's nearest shown group at or above it: whose residual its comments join."""
    kids = tree.children()
    owner: dict[int, int] = {}
    stack = [(ROOT, ROOT if ROOT in shown else None)]
    while stack:
        node, above = stack.pop()
        current = node if node in shown else above
        if current is not None:
            owner[node] = current
        stack.extend((child, current) for child in kids.get(node, []))
    return owner
