"""Backups and long reads running while people submit make no submission fail."""

import threading

from accounts.backup import backup_database
from storage import connect
from storage.seal import stored_responses
from surveys.answering import round_questions, submit_with_token
from surveys.links import reissue_token
from surveys.scales import SCALES
from tests.conftest import DEMO_TODAY

SUBMISSIONS = 40


def open_links(db):
    round_id = db.execute("SELECT id FROM rounds ORDER BY opens_on DESC, id LIMIT 1").fetchone()[0]
    ids = [
        r[0]
        for r in db.execute(
            "SELECT id FROM invitations WHERE round_id = ? AND used = 0 LIMIT ?",
            [round_id, SUBMISSIONS],
        )
    ]
    answers = {
        q.id: min(SCALES[q.scale].values)
        for q in round_questions(db, round_id)
        if q.scale in SCALES
    }
    return [reissue_token(db, i) for i in ids], answers, round_id


def stored(db, round_id: int) -> int:
    return stored_responses(db, [round_id])


def test_backups_and_long_reads_do_not_fail_submissions(demo_db_path, tmp_path):
    db = connect(demo_db_path)
    tokens, answers, round_id = open_links(db)
    before = stored(db, round_id)
    stop = threading.Event()
    readers_done = {"backups": 0, "reads": 0}
    failures = []

    def keep_backing_up():
        while not stop.is_set():
            backup_database(demo_db_path, tmp_path / f"backup-{readers_done['backups']}.db")
            readers_done["backups"] += 1

    def keep_reading():
        reader = connect(demo_db_path)
        while not stop.is_set():
            reader.execute("BEGIN")
            reader.execute(
                "SELECT count(*), sum(a.value) FROM answers a "
                "JOIN responses r ON r.id = a.response_id"
            ).fetchone()
            reader.execute("COMMIT")
            readers_done["reads"] += 1
        reader.close()

    threads = [threading.Thread(target=keep_backing_up), threading.Thread(target=keep_reading)]
    for thread in threads:
        thread.start()
    try:
        for token in tokens:
            try:
                submit_with_token(db, token, answers, "Steady week.", today=DEMO_TODAY)
            except Exception as error:  # noqa: BLE001 - any failure is the finding
                failures.append(error)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
    assert failures == []
    after = stored(db, round_id)
    assert after - before == len(tokens) == SUBMISSIONS
    assert readers_done["backups"] >= 1 and readers_done["reads"] >= 1
    restored = connect(tmp_path / "backup-0.db")
    assert restored.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
