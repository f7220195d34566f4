"""Property-based checks: whatever arrives, answer validation keeps only valid values, and the
roster importer either imports a plan it found clean or changes nothing."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.roster import RosterError, apply_import, plan_import
from surveys.answering import InvalidAnswers, Question, validate
from surveys.scales import SCALES

QUESTIONS = (
    Question("burnout", "b", "burnout", "burnout5", False),
    Question("enps", "n", "enps", "nps11", False),
    Question("eng_pride", "p", "engagement", "agree5", True),
    Question("comment", "c", "open", "text", False),
)
anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 15),
    st.floats(allow_nan=True),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=2),
)


@given(
    answers=st.dictionaries(
        st.one_of(st.sampled_from([q.id for q in QUESTIONS]), st.text(max_size=8)), anything
    ),
    comment=st.one_of(st.none(), st.text(max_size=1200), st.integers()),
)
def test_validation_keeps_only_values_on_the_scale(answers, comment):
    try:
        clean, text = validate(QUESTIONS, answers, comment)
    except InvalidAnswers as error:
        assert error.problems
        return
    scales = {q.id: q.scale for q in QUESTIONS}
    assert "eng_pride" in clean  # required
    for qid, value in clean.items():
        assert SCALES[scales[qid]].is_valid(value)
        assert answers[qid] == value
    assert text is None or (isinstance(text, str) and len(text) <= 1000)


cell = st.text(alphabet='AbcXyz 12-,@.\n"', max_size=12)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.tuples(cell, cell, cell, cell), max_size=6))
def test_importer_is_all_or_nothing(db, rows):
    db["teams"].insert({"id": 1, "name": "Billing"}, replace=True)
    header = "name,email,team,start_date\nAna Lopez,ana@example.org,Billing,2024-03-01\n"
    body = "".join(",".join(f'"{c}"' for c in row) + "\n" for row in rows)
    before = (db["employees"].count, db["teams"].count)
    plan = plan_import(db, None, header + body)
    if plan.errors:
        with pytest.raises(RosterError):
            apply_import(db, plan, actor="property-test")
        assert (db["employees"].count, db["teams"].count) == before
    else:
        apply_import(db, plan, actor="property-test")
        assert db["employees"].count == before[0] + len(plan.employees) >= 1
        db.execute("DELETE FROM employees")
