"""A copy of the data folder taken while a quarterly full survey is being published.

Publication opens the sealed blobs, inserts every response with its team and bands (frozen at
invitation), decides the release and then coarsens each response to the shown group its
comments are listed under, blanking the bands: all in one transaction. A full survey (about
35 answers per response) makes that transaction larger than SQLite's page cache (2 MB), so
SQLite spills dirty pages into the WAL before the commit: pages of ``responses`` holding the
uncoarsened rows, under the fresh ids the published responses keep. A copy taken during
publication (a nightly backup overlapping ``make cadence``), read page by page, links those
published responses (answers, comment) to their real team, a hidden one included, and bands.

Run: .venv/bin/python redteam/attack_publication_wal_spill.py
"""

from __future__ import annotations

import common  # noqa: I001  (sets up sys.path)

from insights import releases, source

STRUCTURE = {
    "Revenue Cycle": {"Billing": 50, "Coding": 50, "Denials": 45},
    "Patient Access": {"Scheduling": 50, "Call Centre": 50, "Front Desk": 45},
    "Health Information": {"Medical Records": 14, "Release of Information": 4},
}


def main() -> None:
    db, path, ids, round_id, _ = common.quarterly_org(STRUCTURE)
    copies = []
    real_decide = releases.decide

    def decide_and_copy(*args, **kwargs):  # the backup runs now, mid-publication
        copies.append(common.copy_of_data_folder(path))
        return real_decide(*args, **kwargs)

    releases.decide = decide_and_copy
    round_ = source.closed_unpublished(db, common.Q_LATER)[0]
    try:
        releases.publish(db, round_, common.Q_LATER)
    finally:
        releases.decide = real_decide
    copies.append(common.copy_of_data_folder(path))  # and one just after the commit
    releases.publish_due(db, common.Q_LATER)  # checkpoint, mix: the copy below is clean
    later = common.copy_of_data_folder(path)

    names = {v: k for k, v in ids.items()}
    shown = {
        g
        for (g,) in db.execute(
            "SELECT group_id FROM release_cells WHERE round_id = ? AND dimension = '' "
            "AND figures IS NOT NULL",
            [round_id],
        )
    }
    published = dict(
        common.rows(
            later, f"SELECT id, coalesce(team_id, 0) FROM responses WHERE round_id = {round_id}"
        )
    )
    spilled: set[tuple] = set()
    for copy in copies:
        for _, page in common.wal_frames(copy)[1]:
            spilled |= {
                (rid, team or 0, band, family)
                for rid, round_no, team, band, family, _ in common.raw_response_rows(page)
                if round_no == round_id and band
            }
    linked = {rid: team for rid, team, _, _ in spilled if rid in published}
    hidden = {rid: team for rid, team in linked.items() if team not in shown}
    print(
        f"responses published: {len(published)}; WAL frames in the copies: "
        f"{[len(common.wal_frames(c)[1]) for c in copies]}"
    )
    print(
        f"uncoarsened rows read from the copies' WAL pages: {len(spilled)}, "
        f"{len(linked)} of them under an id the published table keeps"
    )
    print(
        f"  of which in a team the release hides: {len(hidden)} "
        f"({sorted({names.get(t, t) for t in hidden.values()})})"
    )
    for rid, team in list(linked.items())[:3]:
        answers = common.rows(later, f"SELECT count(*) FROM answers WHERE response_id = '{rid}'")
        print(
            f"  {rid[:8]}: real team {names.get(team, team)}, published under "
            f"{names.get(published[rid], 'the organisation')}, {answers.pop()[0]} answers"
        )
    print("recovered" if linked else "held: no uncoarsened response row in any WAL frame")


if __name__ == "__main__":
    main()
