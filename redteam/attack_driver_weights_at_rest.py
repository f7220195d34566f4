"""What a copy of the data folder holds of the key-driver computation after publication.

The weights read every response that answered every driver, with its team (before
coarsening), and resample them 200 times with a fixed seed (``dominance.BOOTSTRAP_SEED``) for
the intervals. The copy holder looks for (1) the computation's input left behind: files
beside the database, a non-empty WAL, tables other than the release's; (2) anything the
stored weights add to the published responses the copy already holds: recomputing each
department's weights from the responses published under it and its teams, and whether the
intervals (a fixed seed over rows in an order that is not stored) let them test which
responses belonged to which team.

Run: .venv/bin/python redteam/attack_driver_weights_at_rest.py
"""

from __future__ import annotations

import sqlite3

import common  # noqa: I001  (sets up sys.path)
import numpy as np

from insights import dominance, releases
from surveys.bank import DRIVERS

STRUCTURE = {
    "Revenue Cycle": {"Billing": 60, "Coding": 60, "Denials": 50},
    "Health Information": {"Medical Records": 14, "Release of Information": 4},
}


def main() -> None:
    db, path, ids, round_id, _ = common.quarterly_org(STRUCTURE)
    releases.publish_due(db, common.Q_LATER)
    copy = common.copy_of_data_folder(path)
    files = sorted(p.name for p in copy.parent.iterdir())
    wal = copy.parent / f"{copy.name}-wal"
    print(f"files in the copy: {files}; WAL bytes: {wal.stat().st_size if wal.exists() else 0}")
    conn = sqlite3.connect(copy)
    temp = conn.execute("SELECT count(*) FROM sqlite_temp_master").fetchone()[0]
    tables = {t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    print(
        f"temp tables: {temp}; tables named like the computation: "
        f"{sorted(t for t in tables if 'driver' in t or 'weight' in t)}"
    )
    dept = ids["Revenue Cycle"]
    under = [dept, *(ids[t] for t in STRUCTURE["Revenue Cycle"])]
    marks = ",".join("?" * len(under))
    per: dict[str, list] = {}
    for rid, construct, driver, value in conn.execute(
        "SELECT r.id, q.construct, q.driver, a.value FROM responses r JOIN answers a ON "
        "a.response_id = r.id JOIN questions q ON q.id = a.question_id WHERE r.round_id = ? "
        f"AND r.team_id IN ({marks}) AND q.construct IN ('driver', 'engagement')",
        [round_id, *under],
    ):
        row = per.setdefault(rid, [[None] * len(DRIVERS), []])
        if construct == "engagement":
            row[1].append(value)
        else:
            row[0][list(DRIVERS).index(driver)] = value
    complete = [r for r in per.values() if r[1] and None not in r[0]]
    x = np.array([r[0] for r in complete], float)
    y = np.array([sum(r[1]) / len(r[1]) for r in complete])
    mine = dominance.importance(x, y)
    stored = releases.driver_weights(db, [round_id], [dept])
    gap = max(abs(a - stored.shares[d][0]) for d, a in zip(DRIVERS, mine.shares, strict=True))
    low_gap = max(abs(a - stored.shares[d][1]) for d, a in zip(DRIVERS, mine.low, strict=True))
    print(
        f"Revenue Cycle recomputed from the copy: {len(complete)} responses "
        f"(stored {stored.respondents}), shares within {gap:.1e} of the release, "
        f"interval ends within {low_gap:.1e}"
    )
    verdict = "recovered" if temp or gap > 1e-9 or low_gap > 1e-9 else "held"
    print(
        f"{verdict}: nothing of the computation is left but the release; the shares and even "
        "the intervals come back exactly from the copy's published responses of the groups "
        "the release shows (rows are read in the order of their fresh random ids), so the "
        "fixed seed and the stored weights add nothing the copy does not hold"
        if verdict == "held"
        else f"{verdict}: the stored weights differ from what the copy's responses give"
    )


if __name__ == "__main__":
    main()
