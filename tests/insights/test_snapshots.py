"""Saved guard decisions: read back exactly as decided, re-decided when what they depend on
changes, and holding nothing about a hidden group."""

import datetime as dt
import marshal

import pytest

from accounts.privacy import erase_former_employee
from insights import panel as panel_module
from insights import snapshots, source
from insights.panel import build_panel, decide
from org.settings import anonymity_threshold, set_anonymity_threshold
from storage import write_transaction

ALL = (dt.date(2000, 1, 1), dt.date(2100, 1, 1))
FIELDS = ("shown", "why_hidden", "respondents", "invitations", "comments", "owner", "measures")


def all_rounds(db):
    return source.rounds_between(db, *ALL)


def decided_now(db, rounds):
    """The guard's decisions computed from the raw counters, ignoring anything saved."""
    tree, archived = source.load_tree(db)
    return decide(db, anonymity_threshold(db), tree, archived, rounds)


def same_panel(a, b) -> None:
    for name in FIELDS:
        left, right = getattr(a, name), getattr(b, name)
        if name == "measures":  # saved tuples against freshly summed Counts
            left = {
                r: {m: {g: tuple(c) for g, c in p.items()} for m, p in v.items()}
                for r, v in left.items()
            }
            right = {
                r: {m: {g: tuple(c) for g, c in p.items()} for m, p in v.items()}
                for r, v in right.items()
            }
        assert left == right, name


def count_decisions(monkeypatch) -> list[list[int]]:
    """Record the rounds each call of ``decide`` works on."""
    calls: list[list[int]] = []
    real = panel_module.decide

    def spy(db, k, tree, archived, rounds, lookback=panel_module.LOOKBACK_ROUNDS):
        calls.append([r.id for r in rounds])
        return real(db, k, tree, archived, rounds, lookback)

    monkeypatch.setattr(panel_module, "decide", spy)
    return calls


def test_saved_decisions_read_back_exactly_as_decided(demo_db):
    db = demo_db
    rounds = all_rounds(db)
    first = build_panel(db, rounds)  # decides and saves every round
    assert db.execute("SELECT count(*) FROM guard_rounds").fetchone()[0] == len(rounds)
    again = build_panel(db, rounds)  # reads them back
    same_panel(first, again)
    same_panel(decided_now(db, rounds), again)
    shown = sum(len(groups) for groups in again.shown.values())
    assert shown > 100  # the demo organisation really has figures to compare


def test_a_window_reads_saved_rounds_and_decides_nothing(demo_db, monkeypatch):
    rounds = all_rounds(demo_db)
    build_panel(demo_db, rounds)
    calls = count_decisions(monkeypatch)
    panel = build_panel(demo_db, rounds[-8:], measures=("burnout",))
    assert calls == []
    assert all(set(per) <= {"burnout"} for per in panel.measures.values())
    assert any(panel.measures[r.id] for r in rounds[-8:])


def test_a_new_response_re_decides_its_round_and_the_rounds_that_look_back_at_it(
    demo_db, monkeypatch
):
    rounds = all_rounds(demo_db)
    build_panel(demo_db, rounds)
    changed = rounds[10]
    with write_transaction(demo_db):
        demo_db.execute(
            "INSERT INTO responses (id, round_id, team_id, tenure_band, job_family, "
            "submitted_on) VALUES ('late', ?, NULL, '', '', ?)",
            [changed.id, changed.opens_on.isoformat()],
        )
    calls = count_decisions(monkeypatch)
    build_panel(demo_db, rounds)
    lookback = panel_module.LOOKBACK_ROUNDS
    assert calls == [[r.id for r in rounds[10 : 10 + lookback + 1]]]


@pytest.mark.parametrize(
    "change", ["threshold", "team moved", "comment rescored", "former employee erased"]
)
def test_what_the_guard_depends_on_makes_saved_rounds_stale(demo_db, monkeypatch, change):
    rounds = all_rounds(demo_db)
    before = build_panel(demo_db, rounds)
    with write_transaction(demo_db):
        if change == "threshold":
            set_anonymity_threshold(demo_db, 7)
        elif change == "team moved":
            team, parent = demo_db.execute(
                "SELECT id, parent_id FROM teams WHERE parent_id IS NOT NULL LIMIT 1"
            ).fetchone()
            demo_db.execute("UPDATE teams SET parent_id = NULL WHERE id = ?", [team])
        elif change == "comment rescored":
            demo_db.execute(
                "UPDATE comment_scores SET label = 'negative', compound = -0.9 "
                "WHERE response_id = (SELECT min(response_id) FROM comment_scores)"
            )
        else:  # who answered which rounds changes (rule 4 compares it between rounds)
            person = demo_db.execute(
                "SELECT employee_id FROM invitations WHERE used = 1 LIMIT 1"
            ).fetchone()[0]
            demo_db.execute(
                "UPDATE employees SET status = 'left', left_date = '2026-11-01' WHERE id = ?",
                [person],
            )
    if change == "former employee erased":
        erase_former_employee(demo_db, person, actor="test")
    calls = count_decisions(monkeypatch)
    after = build_panel(demo_db, rounds)
    assert calls, "nothing was re-decided"
    same_panel(decided_now(demo_db, rounds), after)
    if change == "threshold":
        assert after.k == 7 and calls == [[r.id for r in rounds]]
        assert sum(map(len, after.shown.values())) < sum(map(len, before.shown.values()))


def test_saved_rounds_hold_no_figure_of_a_hidden_group(demo_db):
    rounds = all_rounds(demo_db)
    panel = build_panel(demo_db, rounds)
    hidden_seen = 0
    for round_id, blob in demo_db.execute("SELECT round_id, decisions FROM guard_rounds"):
        saved = marshal.loads(blob)
        shown = set(saved["shown"])
        assert shown == panel.shown[round_id]
        assert not shown & set(saved["hidden"])
        hidden_seen += len(saved["hidden"])
        for per in saved["measures"].values():
            assert set(marshal.loads(per)) <= shown
    assert hidden_seen > 0  # Release of Information (4 people) is always hidden


def test_a_database_that_refuses_writes_still_gets_its_figures(demo_db, monkeypatch):
    rounds = all_rounds(demo_db)
    expected = decided_now(demo_db, rounds)

    def refuse(*args, **kwargs):
        raise snapshots.sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(snapshots, "write_transaction", refuse)
    panel = build_panel(demo_db, rounds)
    same_panel(expected, panel)
    assert demo_db.execute("SELECT count(*) FROM guard_rounds").fetchone()[0] == 0


def test_a_damaged_saved_round_is_decided_again(demo_db):
    rounds = all_rounds(demo_db)
    build_panel(demo_db, rounds)
    with write_transaction(demo_db):
        demo_db.execute(
            "UPDATE guard_rounds SET decisions = x'00' WHERE round_id = ?", [rounds[3].id]
        )
    same_panel(decided_now(demo_db, rounds), build_panel(demo_db, rounds))


def test_the_pages_cache_key_moves_with_a_rescore_or_a_renamed_team(demo_db):
    key = source.data_version(demo_db)
    with write_transaction(demo_db):
        demo_db.execute(
            "UPDATE comment_scores SET label = 'negative' "
            "WHERE response_id = (SELECT min(response_id) FROM comment_scores)"
        )
    rescored = source.data_version(demo_db)
    assert rescored != key
    with write_transaction(demo_db):
        demo_db.execute("UPDATE teams SET name = name || ' East' WHERE id = 1")
    assert source.data_version(demo_db) != rescored
    assert source.data_version(demo_db) == source.data_version(demo_db)


def test_an_edit_to_the_guard_makes_every_saved_round_stale(demo_db, monkeypatch):
    rounds = all_rounds(demo_db)
    build_panel(demo_db, rounds)
    monkeypatch.setattr(snapshots, "RULES_VERSION", "edited")
    calls = count_decisions(monkeypatch)
    build_panel(demo_db, rounds)
    assert calls == [[r.id for r in rounds]]
