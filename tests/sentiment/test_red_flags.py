import pytest

from insights.red_flags import red_flag_queue as admin_queue
from org.access import AccessDenied, Viewer
from org.settings import anonymity_threshold
from sentiment import store
from sentiment.red_flags import detect_red_flags, mark_reviewed
from tests.sentiment.helpers import add_response, make_round, make_team

ADMIN = Viewer(None, "HR", "admin")


def red_flag_queue(db, include_reviewed=False):
    return admin_queue(db, ADMIN, include_reviewed)


@pytest.mark.parametrize(
    "text, category",
    [
        ("I have been harassed by someone on another team.", "harassment"),
        ("My lead keeps bullying the new starters.", "harassment"),
        ("He made sexual comments about my clothes.", "harassment"),
        ("I was passed over because I am pregnant.", "discrimination"),
        ("There are racist jokes in the break room.", "discrimination"),
        ("A caller threatened me on the phone.", "threats"),
        ("He said he would hurt someone if the claim was denied.", "threats"),
        ("I did not feel safe walking to my car.", "safety"),
        ("The fire exit has been blocked for weeks.", "safety"),
        ("Some days I think about ending it all and I want to die.", "self_harm"),
        ("I\u2019ve thought about suicide.", "self_harm"),
    ],
)
def test_each_category_is_detected(text, category):
    assert category in detect_red_flags(text)


@pytest.mark.parametrize(
    "text",
    [
        "Mandatory overtime is killing us.",
        "I feel safe to speak up in huddles.",
        "The backlog is a nightmare and I am exhausted.",
        "We had a fire drill on Tuesday.",
    ],
)
def test_ordinary_complaints_are_not_red_flags(text):
    assert detect_red_flags(text) == ()


def _team_with_responses(db, round_id, name, count, flagged_text):
    team = make_team(db, name)
    rid = add_response(db, round_id, team, flagged_text)
    for _ in range(count - 1):
        add_response(db, round_id, team)
    store.score_comment(db, rid)
    return rid


def test_leaders_never_see_the_queue(db):
    with pytest.raises(AccessDenied):
        admin_queue(db, Viewer(1, "A leader", "leader"))


def test_queue_names_the_team_only_when_a_release_shows_it(db):
    round_id = make_round(db, title="Pulse week 47")
    small = _team_with_responses(db, round_id, "Records", 3, "A caller threatened me.")
    large = _team_with_responses(db, round_id, "Call centre", 6, "I was harassed by a manager.")
    queue = {item.response_id: item for item in red_flag_queue(db)}
    assert set(queue) == {small, large}
    assert queue[small].group != "Records"  # three people: never named
    assert queue[small].text == "A caller threatened me."
    assert queue[small].round_title == "Pulse week 47"
    assert queue[small].categories == ("threats",)
    # Records (3) is hidden, so the organisation's residual would be 3: the guard hides the
    # smallest shown team instead and the flag belongs to the whole organisation.
    assert queue[large].group == "Whole organisation"


def test_threshold_comes_from_settings(db):
    db.execute("INSERT INTO settings (key, value) VALUES ('anonymity_threshold', '3')")
    assert anonymity_threshold(db) == 3
    round_id = make_round(db)
    rid = _team_with_responses(db, round_id, "Records", 3, "A caller threatened me.")
    assert red_flag_queue(db)[0].response_id == rid
    assert red_flag_queue(db)[0].group == "Records"


def test_team_count_is_per_round(db):
    early, late = make_round(db, "W46", "2026-W46"), make_round(db, "W47", "2026-W47")
    team = make_team(db, "Billing")
    for _ in range(6):
        add_response(db, early, team)
    rid = add_response(db, late, team, "I feel unsafe at the front desk.")
    store.score_comment(db, rid)
    assert red_flag_queue(db)[0].group is None  # only 1 response from Billing in W47


def test_flags_are_queued_whatever_the_group_size_and_reviewed_ones_leave(db):
    round_id = make_round(db)
    rid = _team_with_responses(db, round_id, "Tiny", 1, "I am being bullied.")
    assert [item.response_id for item in red_flag_queue(db)] == [rid]
    assert mark_reviewed(db, rid) == 1
    assert red_flag_queue(db) == []
    assert red_flag_queue(db, include_reviewed=True)[0].reviewed is True
    # rescoring keeps the review mark
    store.rescore_all(db, force=True)
    assert red_flag_queue(db) == []


def test_flag_disappears_when_text_no_longer_matches(db):
    round_id = make_round(db)
    rid = _team_with_responses(db, round_id, "Tiny", 1, "I am being bullied.")
    db.execute("UPDATE comments SET text = 'All fine.' WHERE response_id = ?", [rid])
    store.score_comment(db, rid)
    assert red_flag_queue(db, include_reviewed=True) == []
