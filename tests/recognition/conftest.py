import pytest

from org.access import viewer_for_employee
from tests.recognition.small_org import build_small_org


@pytest.fixture
def org(db):
    """The small organisation of ``small_org`` with its six nominations."""
    build_small_org(db)
    return db


@pytest.fixture
def bare_org(db):
    """The same organisation without any nominations."""
    build_small_org(db, nominations=False)
    return db


@pytest.fixture
def as_viewer(db):
    return lambda employee_id: viewer_for_employee(db, employee_id)
