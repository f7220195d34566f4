"""A rescore killed with SIGKILL at random points leaves a sound database, never half a
comment's analysis, and resumes to completion."""

import random
import signal
import subprocess
import sys

from sentiment.engine import lexicon_version
from storage import connect
from tests.conftest import PROJECT_ROOT

KILLS = 10


def start_rescore(path, force):
    command = [sys.executable, "-m", "sentiment", "rescore", "--batch-size", "5", "--db", str(path)]
    return subprocess.Popen(
        command + (["--force"] if force else []),
        cwd=PROJECT_ROOT,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )


def assert_consistent(path):
    db = connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        half_done = db.execute(
            "SELECT count(*) FROM comment_scores s WHERE s.scored = 1 AND NOT EXISTS "
            "(SELECT 1 FROM comment_sentences c WHERE c.response_id = s.response_id)"
        ).fetchone()[0]
        assert half_done == 0
        orphans = db.execute(
            "SELECT count(*) FROM comment_sentences c WHERE NOT EXISTS "
            "(SELECT 1 FROM comment_scores s WHERE s.response_id = c.response_id)"
        ).fetchone()[0]
        assert orphans == 0
        return db.execute(
            "SELECT count(*) FROM comment_scores WHERE lexicon_version = ?", [lexicon_version()]
        ).fetchone()[0]
    finally:
        db.close()


def test_rescore_killed_at_random_points_resumes_cleanly(demo_db_path):
    rng = random.Random(2026)
    comments = connect(demo_db_path)["comments"].count
    killed_mid_work = 0
    for attempt in range(KILLS):
        process = start_rescore(demo_db_path, force=attempt == 0)
        progress_lines = rng.randint(1, 40)
        for _ in range(progress_lines):
            if not process.stderr.readline():
                break
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed_mid_work += 1
        process.wait(timeout=60)
        process.stderr.close()
        assert_consistent(demo_db_path)
    assert killed_mid_work >= 5, "the kills must land while work is in progress"
    final = start_rescore(demo_db_path, force=False)
    _, errors = final.communicate(timeout=300)
    assert final.returncode == 0, errors
    assert assert_consistent(demo_db_path) == comments
