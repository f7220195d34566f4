"""Load the sentiment engine before the first comment arrives.

The engine loads lazily (lexicon, attention model, theme and red-flag patterns). Loaded by the
first submission with a comment, that happens inside the submitting transaction and held the
database's write lock for 220-260 ms in a fresh server process. A server calls ``warm_up()``
once at start-up (``deploy/serve.py``), so no submission pays for it.
"""

from __future__ import annotations

import time

SAMPLE = "Warm-up: the team is great, but the phone system is slow and the rota is stressful."


def warm_up() -> float:
    """Load everything scoring a comment needs; returns the seconds it took."""
    started = time.perf_counter()
    from sentiment.analysis import analyse
    from sentiment.engine import lexicon_version
    from sentiment.store import score_comment  # noqa: F401 - imported for its dependencies

    analyse(SAMPLE)
    lexicon_version()
    return time.perf_counter() - started
