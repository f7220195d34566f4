"""``python -m deploy.serve --server.port 8501``: one production Streamlit server for Vitals.

What it does beyond ``streamlit run app.py`` (docs/DEPLOY.md, measured in docs/PERFORMANCE.md
"Capacity of the real server"):

- Loads the sentiment engine and the modules every page imports before the first visitor,
  so no submission holds the write lock while the engine loads.
- Freezes the start-up heap (``gc.freeze``) and turns off Streamlit's full collection after
  every script run (``runner.postScriptGC``): it took about 40 % of a busy server's time.
  Python's own generational collector still runs; the long soak shows memory stays flat.
- Turns off the source-file watcher (about 20 % of a busy server's time): a server's code
  changes only by a deploy, which restarts it.

Any further ``--option value`` pairs go to Streamlit unchanged (a later flag wins).
"""

from __future__ import annotations

import gc
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

    seconds = preload()
    print(f"Vitals: sentiment engine loaded in {seconds:.2f} s", flush=True)
    gc.collect()
    gc.freeze()  # start-up objects leave the collector's view: later collections are cheaper
    args = ["run", str(ROOT / "app.py"), *PRODUCTION_FLAGS, *(argv or sys.argv[1:])]
    cli.main(args=args, prog_name="streamlit")


if __name__ == "__main__":
    main()
