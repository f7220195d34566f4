from insights.red_flags import red_flag_queue
from org.access import Viewer
from sentiment.engine import lexicon_version
from sentiment.store import count_pending, score_pending


def test_demo_comments_get_sentence_scores_themes_and_red_flags(demo_db):
    comments = demo_db.execute("SELECT count(*) FROM comments").fetchone()[0]
    assert comments > 100
    score_pending(demo_db, batch_size=250)
    assert count_pending(demo_db) == 0
    scored = demo_db.execute(
        "SELECT count(*) FROM comment_scores WHERE lexicon_version = ?", [lexicon_version()]
    ).fetchone()[0]
    assert scored == comments
    without_sentences = demo_db.execute(
        "SELECT count(*) FROM comments c WHERE NOT EXISTS "
        "(SELECT 1 FROM comment_sentences s WHERE s.response_id = c.response_id)"
    ).fetchone()[0]
    assert without_sentences == 0
    themes = dict(
        demo_db.execute("SELECT theme, avg(compound) FROM comment_themes GROUP BY theme").fetchall()
    )
    assert len(themes) >= 8
    assert themes["wellbeing_burnout"] < 0 < themes["recognition"]
    assert {"harassment", "threats"} <= {
        c for item in red_flag_queue(demo_db, Viewer(None, "HR", "admin")) for c in item.categories
    }
