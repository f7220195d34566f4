"""The workload CSV importer: clean files land whole, bad files land not at all, with row-level
messages (unknown team or metric, duplicates, negative or absurd values, FTE 0 with volume,
future weeks, wrong encoding)."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workload import store
from workload.catalogue import metrics

TODAY = dt.date(2026, 11, 25)  # a Wednesday


@pytest.fixture
def teams(db):
    db["teams"].insert_all(
        [
            {"id": 1, "name": "Billing", "parent_id": None, "archived": 0},
            {"id": 2, "name": "Call Centre", "parent_id": None, "archived": 0},
            {"id": 3, "name": "Old Team", "parent_id": None, "archived": 1},
        ]
    )
    return db


def csv_of(*rows: str) -> str:
    return "team,week,metric,value\n" + "\n".join(rows) + "\n"


def stored(db) -> list[tuple]:
    return db.execute(
        "SELECT team_id, week, metric, value FROM workload_figures ORDER BY 1, 2, 3"
    ).fetchall()


def test_a_clean_file_lands_whole_and_weeks_become_mondays(teams):
    plan = store.plan_import(
        teams,
        csv_of(
            "Billing,2026-11-18,fte,18.5",  # a Wednesday: its Monday is the 16th
            "billing,2026-W47,claims_submitted,2100",
            "Call Centre,2026-11-16,calls_offered,5400",
        ),
        TODAY,
    )
    assert plan.ok, plan.errors
    assert store.apply_import(teams, plan, "admin") == {"added": 3, "replaced": 0}
    assert stored(teams) == [
        (1, "2026-11-16", "claims_submitted", 2100.0),
        (1, "2026-11-16", "fte", 18.5),
        (2, "2026-11-16", "calls_offered", 5400.0),
    ]
    again = store.plan_import(teams, csv_of("Billing,2026-11-16,fte,17"), TODAY)
    assert store.apply_import(teams, again, "admin") == {"added": 0, "replaced": 1}
    assert ("workload_imported",) in teams.execute("SELECT action FROM audit_log").fetchall()


BAD_CASES = [
    ("Nowhere,2026-11-16,fte,3", "team", "unknown team 'Nowhere'"),
    ("Old Team,2026-11-16,fte,3", "team", "team 'Old Team' is archived"),
    ("Billing,2026-11-16,claims_submited,3", "metric", "did you mean 'claims_submitted'"),
    ("Billing,2026-11-16,fte,-2", "value", "-2 is negative"),
    ("Billing,2026-11-16,fte,lots", "value", "'lots' is not a number"),
    ("Billing,2026-11-16,fte,nan", "value", "'nan' is not a number"),
    ("Billing,2026-11-16,fte,5000", "value", "not a plausible fte on staff"),
    ("Billing,2026-11-16,claim_denial_rate,140", "value", "at most 100 %"),
    ("Billing,2026-11-30,fte,3", "week", "the week of 2026-11-30 is in the future"),
    ("Billing,16/11/2026,fte,3", "week", "is not a week"),
    ("Billing,1999-06-07,fte,3", "week", "before 2000"),
    (",2026-11-16,fte,3", "team", "team is empty"),
]


@pytest.mark.parametrize("row,column,message", BAD_CASES)
def test_a_bad_row_is_named_and_nothing_lands(teams, row, column, message):
    plan = store.plan_import(teams, csv_of("Billing,2026-11-09,fte,18", row), TODAY)
    assert not plan.ok
    assert [(e.line, e.column) for e in plan.errors] == [(3, column)]
    assert message in plan.errors[0].message
    with pytest.raises(store.WorkloadError):
        store.apply_import(teams, plan, "admin")
    assert stored(teams) == []


def test_a_duplicate_row_names_the_line_it_repeats(teams):
    plan = store.plan_import(
        teams, csv_of("Billing,2026-11-16,fte,18", "BILLING,2026-11-18,FTE,17"), TODAY
    )
    assert [(e.line, e.message) for e in plan.errors] == [
        (3, "Billing, week of 2026-11-16, fte repeats line 2")
    ]


def test_fte_zero_with_work_volume_is_refused_even_against_stored_figures(teams):
    plan = store.plan_import(
        teams, csv_of("Billing,2026-11-16,fte,0", "Billing,2026-11-16,claims_submitted,900"), TODAY
    )
    assert [(e.line, e.message) for e in plan.errors] == [
        (2, "FTE is 0 in the week of 2026-11-16 but claims_submitted is 900")
    ]
    store.apply_import(
        teams, store.plan_import(teams, csv_of("Billing,2026-11-16,fte,0"), TODAY), "a"
    )
    later = store.plan_import(teams, csv_of("Billing,2026-11-16,claims_submitted,900"), TODAY)
    assert [e.line for e in later.errors] == [2]
    # No work in a week without staff is fine.
    assert store.plan_import(teams, csv_of("Billing,2026-11-16,claims_submitted,0"), TODAY).ok


def test_more_calls_abandoned_than_offered_is_refused(teams):
    plan = store.plan_import(
        teams,
        csv_of(
            "Call Centre,2026-11-16,calls_offered,100", "Call Centre,2026-11-16,calls_abandoned,120"
        ),
        TODAY,
    )
    assert [e.line for e in plan.errors] == [3]
    assert "more calls abandoned (120) than offered (100)" in plan.errors[0].message


@pytest.mark.parametrize(
    "data",
    [
        csv_of("Billing,2026-11-16,fte,18").encode("utf-16"),
        "team,week,metric,value\nBilling,2026-11-16,fte,18\nCaf\u00e9,2026-11-16,fte,1\n".encode(
            "cp1252"
        ),
        b"PK\x03\x04\x14\x00\x06\x00binary spreadsheet",
    ],
    ids=["utf-16", "windows-1252", "xlsx"],
)
def test_a_file_in_another_encoding_is_refused_whole(teams, data):
    plan = store.plan_import(teams, data, TODAY)
    assert [(e.line, e.message) for e in plan.errors] == [
        (0, "the file is not UTF-8 text: save it as 'CSV UTF-8' and try again")
    ]


def test_missing_columns_and_empty_files(teams):
    plan = store.plan_import(teams, "team,week,value\nBilling,2026-11-16,3\n", TODAY)
    assert [(e.line, e.column) for e in plan.errors] == [(1, "metric")]
    assert store.plan_import(teams, "team,week,metric,value\n\n", TODAY).errors[0].message == (
        "the file has no figures"
    )
    assert store.plan_import(
        teams, b"\xef\xbb\xbf" + csv_of("Billing,2026-11-16,fte,3").encode(), TODAY
    ).ok


def test_set_value_uses_the_same_checks_and_delete_removes(teams):
    store.set_value(teams, "Billing", dt.date(2026, 11, 17), "fte", 18, "admin", TODAY)
    assert stored(teams) == [(1, "2026-11-16", "fte", 18.0)]
    with pytest.raises(store.WorkloadError, match="negative"):
        store.set_value(teams, "Billing", dt.date(2026, 11, 17), "fte", -1, "admin", TODAY)
    with pytest.raises(store.WorkloadError, match="future"):
        store.set_value(teams, "Billing", dt.date(2026, 12, 7), "fte", 3, "admin", TODAY)
    store.delete_value(teams, 1, dt.date(2026, 11, 16), "fte", "admin")
    assert stored(teams) == []
    with pytest.raises(store.WorkloadError):
        store.delete_value(teams, 1, dt.date(2026, 11, 16), "fte", "admin")


def test_export_round_trips_through_the_importer(teams):
    store.apply_import(
        teams,
        store.plan_import(
            teams,
            csv_of("Billing,2026-11-16,fte,18.5", "Call Centre,2026-11-09,calls_offered,5400"),
            TODAY,
        ),
        "admin",
    )
    exported = store.export_csv(teams, "admin")
    plan = store.plan_import(teams, exported, TODAY)
    assert plan.ok and len(plan.rows) == 2


# --- random malformed rows ---------------------------------------------------------------
cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
malformed = st.one_of(
    st.tuples(st.just("Nowhere"), st.just("2026-11-16"), st.just("fte"), st.just("1")),
    st.tuples(
        st.just("Billing"),
        cells.filter(lambda w: store.parse_week(w) is None),
        st.just("fte"),
        st.just("1"),
    ),
    st.tuples(
        st.just("Billing"),
        st.just("2026-11-16"),
        cells.filter(lambda m: m.strip().lower() not in metrics()),
        st.just("1"),
    ),
    st.tuples(
        st.just("Billing"),
        st.just("2026-11-16"),
        st.just("vacancies"),
        st.one_of(
            st.floats(max_value=-1e-9, allow_nan=False).map(repr),
            st.floats(min_value=1001).map(repr),
            cells.filter(lambda v: store._number(v.strip()) is None),
        ),
    ),
)


@settings(
    max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(bad=malformed, position=st.integers(min_value=0, max_value=3))
def test_any_malformed_row_refuses_the_whole_file(teams, bad, position):
    rows = [f"Billing,2026-10-{5 + 7 * i:02d},fte,18" for i in range(3)]
    line = ",".join('"' + c.replace('"', '""') + '"' for c in bad)
    rows.insert(position, line)
    plan = store.plan_import(teams, csv_of(*rows), TODAY)
    assert plan.errors and not plan.ok
    assert all(e.line >= 1 for e in plan.errors)
    with pytest.raises(store.WorkloadError):
        store.apply_import(teams, plan, "admin")
    assert stored(teams) == []
