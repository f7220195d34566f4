"""The measure counters always equal what the raw rows say."""

import pytest

from storage import write_transaction
from storage.rollups import STAY_QUESTIONS, rebuild_rollups, rollup_snapshot
from surveys.scales import BURNOUT_OPTIONS, DETRACTOR, FAVOURABLE_AGREE, PROMOTER


def rebuilt(db):
    with write_transaction(db):
        rebuild_rollups(db)
    return rollup_snapshot(db)


def test_counters_maintained_during_the_demo_load_equal_a_rebuild(demo_db):
    incremental = rollup_snapshot(demo_db)
    assert incremental[1], "the demo must produce counters"
    assert rebuilt(demo_db) == incremental


def test_submitting_and_deleting_keeps_counters_exact(demo_db):
    round_id, team_id = demo_db.execute(
        "SELECT round_id, team_id FROM responses LIMIT 1"
    ).fetchone()
    with write_transaction(demo_db):
        demo_db.execute(
            "INSERT INTO responses VALUES "
            "('r-test', ?, ?, '1-3 years', 'Front line', '2026-11-25')",
            [round_id, team_id],
        )
        demo_db.conn.executemany(
            "INSERT INTO answers VALUES ('r-test', ?, ?)",
            [("eng_stay", 5), ("enps", 6), ("burnout", 3), ("workload_manageable", 1)],
        )
    after_insert = rollup_snapshot(demo_db)
    assert rebuilt(demo_db) == after_insert
    with write_transaction(demo_db):
        demo_db.execute("DELETE FROM answers WHERE response_id = 'r-test' AND question_id = 'enps'")
        demo_db.execute("DELETE FROM responses WHERE id = 'r-test'")
    assert rebuilt(demo_db) == rollup_snapshot(demo_db)


def test_categories_of_a_hand_made_response(db):
    db.executescript(
        """
        INSERT INTO questions (id, text, construct, driver, scale) VALUES
          ('eng_stay', 's', 'engagement', NULL, 'agree5'),
          ('enps', 'n', 'enps', NULL, 'nps11'),
          ('burnout', 'b', 'burnout', NULL, 'burnout5'),
          ('workload_manageable', 'w', 'driver', 'workload', 'agree5');
        INSERT INTO teams (id, name) VALUES (1, 'Billing');
        INSERT INTO templates (id, name, kind) VALUES (1, 'Pulse', 'pulse');
        INSERT INTO rounds (id, template_id, title, period, opens_on, closes_on)
          VALUES (1, 1, 'r', '2026-W48', '2026-11-23', '2026-11-27');
        INSERT INTO responses VALUES ('a', 1, 1, '', '', '2026-11-23');
        INSERT INTO responses VALUES ('b', 1, 1, '', '', '2026-11-24');
        INSERT INTO answers VALUES ('a', 'eng_stay', 4), ('a', 'enps', 9), ('a', 'burnout', 2),
          ('a', 'workload_manageable', 2), ('b', 'eng_stay', 3), ('b', 'enps', 6),
          ('b', 'burnout', 3), ('b', 'workload_manageable', 5);
        """
    )
    counters = {
        row[2]: row[3:] for row in db.execute("SELECT * FROM measure_counts ORDER BY measure")
    }
    # measure: (high, low, total, value_sum)
    assert counters == {
        "burnout": (1, 1, 2, 5),
        "driver:workload": (1, 1, 2, 7),
        "engagement": (1, 0, 2, 7),
        "enps": (1, 1, 2, 15),
        "stay": (1, 0, 2, 7),
    }
    assert db.execute("SELECT sum(n) FROM response_counts").fetchone()[0] == 2


@pytest.mark.parametrize(
    "scale_values, sql_high",
    [(FAVOURABLE_AGREE, range(4, 6)), (PROMOTER, range(9, 11)), (BURNOUT_OPTIONS, range(3, 6))],
)
def test_sql_cut_offs_restate_the_survey_scales(scale_values, sql_high):
    assert list(scale_values) == list(sql_high)


def test_detractors_are_zero_to_six():
    assert list(DETRACTOR) == list(range(0, 7))
    assert STAY_QUESTIONS == ("eng_stay", "eng_two_years")
