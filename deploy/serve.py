"""``python -m deploy.serve --server.port 8501``: one production Streamlit server for Vitals.

What it does beyond ``streamlit run app.py`` (docs/DEPLOY.md, measured in docs/PERFORMANCE.md
"Capacity of the real server"):

- Loads the sentiment engine and the modules every page imports before the first visitor,
  so no submission holds the write lock while the engine loads.
- Turns off Streamlit's full collection after every script run (``runner.postScriptGC``)
  and freezes the start-up heap (``gc.freeze``); Python's own generational collector still
  runs, and memory stays flat over a soak of 2,000 sessions.
- Turns off the source-file watcher: a server's code changes only by a deploy, which
  restarts it.

Served this way a respondent costs 25-40 ms of server CPU; through ``streamlit run app.py``
700-850 ms, most of it in the collection after every run and the watcher, whose costs grow
with the number of open sessions (PERFORMANCE.md, "Where the untuned server's time goes").
``VITALS_PRELOAD=0`` and ``VITALS_GC_FREEZE=0`` skip the loading and the freeze, only to
measure what they save.

Any further ``--option value`` pairs go to Streamlit unchanged (a later flag wins).
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_FLAGS = (
    "--server.headless=true",
    "--server.fileWatcherType=none",
    "--server.runOnSave=false",
    "--runner.postScriptGC=false",
    "--global.developmentMode=false",
    "--browser.gatherUsageStats=false",
)


def preload() -> float:
    """Import what the pages need and load the sentiment engine; returns its seconds."""
    import altair  # noqa: F401
    import pandas  # noqa: F401

    import actions.plans  # noqa: F401
    import insights.views  # noqa: F401
    import surveys.answering  # noqa: F401
    from sentiment.warmup import warm_up

    return warm_up()


def main(argv: list[str] | None = None) -> None:
    from streamlit.web import cli

    if os.environ.get("VITALS_PRELOAD", "1") != "0":  # 0: only to measure what it saves
        seconds = preload()
        print(f"Vitals: sentiment engine loaded in {seconds:.2f} s", flush=True)
    gc.collect()
    if os.environ.get("VITALS_GC_FREEZE", "1") != "0":  # 0: only to measure what it saves
        gc.freeze()  # start-up objects leave the collector's view: every collection is cheaper
    args = ["run", str(ROOT / "app.py"), *PRODUCTION_FLAGS, *(argv or sys.argv[1:])]
    cli.main(args=args, prog_name="streamlit")


if __name__ == "__main__":
    main()
