import datetime as dt

import pytest

from demo import comment_bank
from insights.comments import comments_view
from insights.red_flags import red_flag_queue
from org.access import Viewer
from sentiment.analysis import analyse
from sentiment.engine import lexicon_version
from sentiment.store import count_pending, score_pending
from tests.insights.fixtures import leader_of, team_id

ALL = (dt.date(2000, 1, 1), dt.date(2100, 1, 1))


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


@pytest.mark.parametrize(
    "team, calm",
    [
        ("Call Centre", "The new portal logs us out every hour."),
        ("Scheduling", "Getting time off approved takes weeks."),
        ("Front Desk", "We find out about policy changes from patients."),
        ("Billing", "We were promised a raise last year and it never happened."),
        ("Medical Records", "New starters get two days of training before they take calls."),
    ],
)
def test_a_leader_sees_calm_complaints_among_the_negative_comments(scored_demo, team, calm):
    """Issue 19, done when: through ``comments_view`` (what the Comments page shows), the team's
    own leader filtering on "negative" reads the calm complaint that VADER alone calls neutral.
    The privacy guard still decides what is shown (groups of at least k responses)."""
    assert any(calm in group for group in comment_bank.NEGATIVE.values())
    assert analyse(calm).vader_compound > -0.05  # VADER alone does not hear it
    leader = leader_of(scored_demo, team)
    group = team_id(scored_demo, team)
    negative = comments_view(scored_demo, leader, group, *ALL, sentiments=("negative",))
    listed = negative[negative["comment"] == calm]
    assert len(listed) >= 1
    assert set(listed["sentiment"]) == {"negative"} and (listed["score"] <= -0.05).all()
    assert (
        comments_view(scored_demo, leader, group, *ALL, sentiments=("neutral",))["comment"]
        .ne(calm)
        .all()
    )
