import pytest

from sentiment import store
from sentiment.engine import lexicon_version
from sentiment.masking import NAME_MASK
from storage import write_transaction
from tests.sentiment.helpers import add_response, make_round, make_team


@pytest.fixture
def round_id(db):
    return make_round(db)


def test_score_comment_stores_overall_sentences_themes_and_version(db, round_id):
    team = make_team(db, "Billing")
    text = "My mentor is wonderful. The EHR crashes every day."
    rid = add_response(db, round_id, team, text)
    result = store.score_comment(db, rid)
    row = db.execute(
        "SELECT compound, label, scored, lexicon_version FROM comment_scores WHERE response_id = ?",
        [rid],
    ).fetchone()
    assert row == (result.compound, "mixed", 1, lexicon_version())
    sentences = db.execute(
        "SELECT idx, text_start, text_end, compound, themes FROM comment_sentences "
        "WHERE response_id = ? ORDER BY idx",
        [rid],
    ).fetchall()
    assert [text[a:b] for _, a, b, _, _ in sentences] == [
        "My mentor is wonderful.",
        "The EHR crashes every day.",
    ]
    assert sentences[0][3] > 0 > sentences[1][3]
    assert sentences[1][4] == "tools_technology"
    themes = dict(
        db.execute("SELECT theme, compound FROM comment_themes WHERE response_id = ?", [rid])
    )
    assert themes["tools_technology"] < 0 < themes["mentorship_support"]
    # the comment itself is never changed
    assert (
        db.execute("SELECT text FROM comments WHERE response_id = ?", [rid]).fetchone()[0] == text
    )


def test_score_comment_inside_the_submission_transaction_rolls_back_with_it(db, round_id):
    with pytest.raises(RuntimeError), write_transaction(db):
        rid = add_response(db, round_id, None, "I am burned out.")
        store.score_comment(db, rid, "I am burned out.")
        raise RuntimeError("submission failed later")
    assert db.execute("SELECT count(*) FROM comment_scores").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM responses").fetchone()[0] == 0


def test_unknown_comment_is_a_clear_error(db):
    with pytest.raises(KeyError, match="No comment"):
        store.score_comment(db, "missing")


def test_bad_input_is_stored_verbatim_as_not_scored(db, round_id):
    rid = add_response(db, round_id, None, "   ")
    store.score_comment(db, rid)
    assert db.execute(
        "SELECT label, scored, reason FROM comment_scores WHERE response_id = ?", [rid]
    ).fetchone() == ("neutral", 0, "empty")
    assert (
        db.execute("SELECT text FROM comments WHERE response_id = ?", [rid]).fetchone()[0] == "   "
    )


def test_score_pending_is_resumable_after_an_interruption(db, round_id):
    ids = [
        add_response(db, round_id, None, f"Comment {n}: the backlog is awful.") for n in range(7)
    ]
    seen = []
    done = store.score_pending(
        db, batch_size=3, max_batches=1, progress=lambda d, t: seen.append((d, t))
    )
    assert done == 3 and seen == [(3, 7)]
    assert store.count_pending(db) == 4
    assert store.score_pending(db, batch_size=3) == 4
    assert store.count_pending(db) == 0
    assert db.execute("SELECT count(*) FROM comment_scores").fetchone()[0] == len(ids)
    assert store.score_pending(db) == 0  # nothing left: a no-op


def test_rows_from_an_older_lexicon_are_rescored(db, round_id):
    rid = add_response(db, round_id, None, "We are understaffed.")
    store.score_comment(db, rid)
    db.execute(
        "UPDATE comment_scores SET lexicon_version = 'old', label = 'positive' "
        "WHERE response_id = ?",
        [rid],
    )
    assert store.count_pending(db) == 1
    assert store.rescore_all(db) == 1
    assert db.execute("SELECT label, lexicon_version FROM comment_scores").fetchone() == (
        "negative",
        lexicon_version(),
    )


def test_forced_rescore_redoes_everything_and_resumes_as_an_ordinary_run(db, round_id):
    for n in range(5):
        store.score_comment(db, add_response(db, round_id, None, f"Text {n} is great."))
    assert store.rescore_all(db, batch_size=2, force=True, max_batches=1) == 2
    assert store.count_pending(db) == 3  # the rest stays marked stale
    assert store.rescore_all(db, batch_size=2) == 3
    assert store.count_pending(db) == 0


def test_batch_size_must_be_positive(db):
    with pytest.raises(ValueError):
        store.score_pending(db, batch_size=0)


def test_deleting_a_response_removes_its_scores(db, round_id):
    rid = add_response(db, round_id, None, "The EHR is down. I feel harassed by a caller.")
    store.score_comment(db, rid)
    db.execute("DELETE FROM responses WHERE id = ?", [rid])
    for table in ("comment_scores", "comment_sentences", "comment_themes", "red_flags"):
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_score_tables_hold_no_timestamps_and_no_rowid(db):
    for table in ("comment_scores", "comment_sentences", "comment_themes", "red_flags"):
        columns = {c.name for c in db[table].columns}
        assert not {"created_at", "scored_at", "at", "submitted_at"} & columns
        sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
        assert "WITHOUT ROWID" in sql


def test_nominations_are_scored_by_score_pending(db):
    team = make_team(db, "Front desk")
    a = db.execute(
        "INSERT INTO employees (name, email, team_id, start_date) "
        "VALUES ('A B', 'a@x.org', ?, '2024-01-01')",
        [team],
    ).lastrowid
    b = db.execute(
        "INSERT INTO employees (name, email, team_id, start_date) "
        "VALUES ('C D', 'c@x.org', ?, '2024-01-01')",
        [team],
    ).lastrowid
    nid = db.execute(
        "INSERT INTO nominations (nominator_id, nominee_id, message, created_at) "
        "VALUES (?, ?, 'Thank you for covering my calls, you were amazing.', '2026-11-18')",
        [a, b],
    ).lastrowid
    assert store.score_pending(db) == 1
    assert (
        db.execute(
            "SELECT label, themes FROM nomination_scores WHERE nomination_id = ?", [nid]
        ).fetchone()[0]
        == "positive"
    )


def test_comment_view_masks_names_for_leaders(db, round_id):
    team = make_team(db, "Referrals")
    db.execute(
        "INSERT INTO employees (name, email, team_id, start_date) "
        "VALUES ('Maria Lopez', 'maria@x.org', ?, '2024-01-01')",
        [team],
    )
    rid = add_response(
        db, round_id, team, "Maria Lopez is a great mentor, call her on 555-123-4567."
    )
    store.score_comment(db, rid)
    (view,) = store.comment_view(db, [rid])
    assert "Maria" not in view["text"] and "555" not in view["text"]
    assert view["text"].startswith(NAME_MASK)
    assert view["label"] == "positive" and view["themes"]["mentorship_support"] > 0
    assert store.comment_view(db, []) == []
