"""How long answering takes on the server: open a link, submit with a comment (scored), and
create a weekly round with its invitations, on the demo organisation or a larger one.

    .venv/bin/python -m bench.survey_submit [--employees 160] [--submissions 100]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from demo.generate import generate_demo
from storage import connect, migrate
from surveys import cadence, links
from surveys.answering import open_invitation, submit_with_token
from surveys.templates import ensure_builtin_templates

TODAY = dt.date(2026, 11, 25)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=160)
    parser.add_argument("--submissions", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = connect(Path(folder) / "bench.db")
        migrate(db)
        generate_demo(db, employees=args.employees, weeks=8, today=TODAY)
        ensure_builtin_templates(db)
        round_id = db.execute("SELECT max(id) FROM rounds").fetchone()[0]
        invitations = [
            r[0]
            for r in db.execute(
                "SELECT id FROM invitations WHERE round_id = ? AND used = 0 LIMIT ?",
                [round_id, args.submissions],
            )
        ]
        tokens = [links.reissue_token(db, i) for i in invitations]
        opened, stored = [], []
        for k, token in enumerate(tokens):
            start = time.perf_counter()
            open_invitation(db, token, TODAY)
            opened.append(time.perf_counter() - start)
            start = time.perf_counter()
            comment = "Phones dropped calls again, but the team was great." if k % 2 else None
            submit_with_token(db, token, {"enps": 8, "burnout": 2, "eng_stay": 4}, comment, TODAY)
            stored.append(time.perf_counter() - start)
        start = time.perf_counter()
        created = cadence.run_cadence(db, dt.date(2026, 11, 30))
        cadence_s = time.perf_counter() - start
        marks = ",".join("?" * len(created)) or "NULL"
        invited = db.execute(
            f"SELECT count(*) FROM invitations WHERE round_id IN ({marks})", created
        ).fetchone()[0]

        def ms(values: list[float], q: float) -> float:
            return 1000 * statistics.quantiles(values, n=100)[int(q) - 1]

        print(f"employees={args.employees} submissions={len(tokens)}")
        print(f"open link: median {ms(opened, 50):.2f} ms, p95 {ms(opened, 95):.2f} ms")
        print(
            f"submit (half with a scored comment): median {ms(stored, 50):.2f} ms, "
            f"p95 {ms(stored, 95):.2f} ms"
        )
        print(
            f"cadence creating {len(created)} round(s), {invited} invitations: "
            f"{1000 * cadence_s:.0f} ms"
        )
        db.close()


if __name__ == "__main__":
    main()
