"""Several processes race to submit the same and different links: exactly one response per
link, none lost."""

import datetime as dt
import multiprocessing
import sys
import types

from storage import connect
from surveys import links, rounds
from surveys.answering import LinkProblem, submit_with_token
from tests.surveys.helpers import counts, small_org

WEDNESDAY = dt.date(2026, 11, 25)
PROCESSES = 6


def _race(path, tokens, barrier, results):
    db = connect(path)
    barrier.wait()  # start together
    outcome = []
    for token in tokens:
        try:
            submit_with_token(db, token, {"enps": 7, "burnout": 2}, "Busy week 🙂", WEDNESDAY)
            outcome.append((token, "stored"))
        except LinkProblem as problem:
            outcome.append((token, problem.kind))
    db.close()
    results.put(outcome)


def test_racing_processes_store_exactly_one_response_per_link(db, isolated_database, monkeypatch):
    # AppTests earlier in the run leave a page script as __main__; new processes would
    # re-run it. A bare __main__ makes them import only this module.
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    ids = small_org(db)
    round_id = rounds.create_round(
        db, ids["Weekly pulse"], dt.date(2026, 11, 23), dt.date(2026, 11, 27), actor="t"
    )
    invitations = [
        r[0] for r in db.execute("SELECT id FROM invitations WHERE round_id = ?", [round_id])
    ]
    tokens = [links.reissue_token(db, i) for i in invitations]
    assert len(tokens) == 4
    shared, *own = tokens  # everyone fights for `shared`; pairs fight for the others
    plans = [[shared, own[k % 3]] if k % 2 else [own[k % 3], shared] for k in range(PROCESSES)]

    # Fresh processes, forked from one that imported this module once (six imports of the
    # app cost 3 s of CPU); each opens its own connection after the fork.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    barrier = context.Barrier(PROCESSES)
    results = context.Queue()
    workers = [
        context.Process(target=_race, args=(str(isolated_database), plan, barrier, results))
        for plan in plans
    ]
    for worker in workers:
        worker.start()
    outcomes = [item for _ in workers for item in results.get(timeout=120)]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0

    stored = [token for token, kind in outcomes if kind == "stored"]
    assert sorted(stored) == sorted(tokens)  # each link exactly once, none lost
    assert all(kind in ("stored", "used") for _, kind in outcomes)
    assert len(outcomes) == 2 * PROCESSES
    assert counts(db) == (4, 8, 4, 4)
