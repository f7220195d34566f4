import json
import os
import subprocess
import sys
from pathlib import Path

from sentiment.engine import lexicon_version
from storage import connect, migrate
from tests.sentiment.helpers import add_response, make_round

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def run(args, stdin="", env_extra=None):
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run(
        [sys.executable, "-m", "sentiment", *args],
        input=stdin.encode("utf-8"),
        capture_output=True,
        cwd=PROJECT_ROOT,
        env=env,
        timeout=120,
    )


def test_stdin_lines_become_json_lines(tmp_path):
    lines = [
        "I love my team but we are so understaffed and burned out",
        "",
        "My mentor is fantastic. The EHR is a disaster.",
        "🙂",
        "<b>Great</b> **team**",
        "El sistema no funciona y estamos cansados todos los días",
    ]
    out = run([], "\n".join(lines) + "\n", {"HOME": str(tmp_path)})
    assert out.returncode == 0, out.stderr.decode()
    results = [json.loads(line) for line in out.stdout.decode("utf-8").splitlines()]
    assert len(results) == len(lines)
    assert [r["label"] for r in results] == [
        "negative",
        "neutral",
        "mixed",
        "positive",
        "positive",
        "neutral",
    ]
    for result in results:
        assert -1 <= result["compound"] <= 1
        assert {"sentences", "themes", "red_flags", "scored"} <= set(result)
    assert results[0]["themes"]["wellbeing_burnout"] < 0
    assert results[1]["scored"] is False and results[5]["reason"] == "not English"
    assert results[2]["sentences"][1]["text"] == "The EHR is a disaster."


def test_invalid_utf8_input_does_not_crash():
    out = subprocess.run(
        [sys.executable, "-m", "sentiment"],
        input=b"bad \xff\xfe bytes but the team is great\n",
        capture_output=True,
        cwd=PROJECT_ROOT,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr.decode()
    assert json.loads(out.stdout)["label"] == "positive"


def test_rescore_command_scores_in_batches_with_progress_and_resumes(tmp_path):
    path = tmp_path / "cli.db"
    db = connect(path)
    migrate(db)
    round_id = make_round(db)
    for n in range(5):
        add_response(db, round_id, None, f"Comment {n}: we are short staffed.")
    db.execute(
        "INSERT INTO comment_scores (response_id, compound, label, scored, lexicon_version) "
        "SELECT response_id, 0.5, 'positive', 1, 'old' FROM comments LIMIT 2"
    )
    db.close()
    out = run(["rescore", "--db", str(path), "--batch-size", "2"])
    assert out.returncode == 0, out.stderr.decode()
    err = out.stderr.decode()
    assert "5 text(s) to score" in err and "5/5 (100%" in err and "Done: 5 scored." in err
    assert "2/5" in err  # a progress line per batch
    db = connect(path)
    rows = db.execute("SELECT DISTINCT label, lexicon_version FROM comment_scores").fetchall()
    assert rows == [("negative", lexicon_version())]
    db.close()
    again = run(["rescore", "--db", str(path)])
    assert "0 text(s) to score" in again.stderr.decode()


def test_rescore_rejects_bad_arguments_and_bad_paths(tmp_path):
    bad_size = run(["rescore", "--batch-size", "0", "--db", str(tmp_path / "x.db")])
    assert bad_size.returncode == 2 and b"at least 1" in bad_size.stderr
    missing = run(["rescore", "--db", str(tmp_path / "no" / "such.db")])
    assert missing.returncode == 2
    assert b"does not exist" in missing.stderr and b"Traceback" not in missing.stderr
