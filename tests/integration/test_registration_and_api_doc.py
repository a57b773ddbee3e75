"""Registration numbers are unique, sequential per year (IST), and the API documents itself."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from core.db import get_db, transaction
from intake.regno import next_numbers
from tests.fixtures.databases import backend


def test_numbers_follow_each_other_and_restart_with_the_indian_new_year(app):
    with app.app_context(), transaction() as session:
        first = next_numbers(session, datetime(2026, 12, 31, 18, 0, tzinfo=UTC)).reg_no
        second = next_numbers(session, datetime(2026, 12, 31, 18, 20, tzinfo=UTC)).reg_no
        # 18:31 UTC on 31 December is already 1 January in Kolkata.
        new_year = next_numbers(session, datetime(2026, 12, 31, 18, 31, tzinfo=UTC)).reg_no
    assert (first, second) == ("CMO/2026/000001", "CMO/2026/000002")
    assert new_year == "CMO/2027/000001"


def test_lodged_grievances_get_distinct_numbers(api):
    operator = api.login("operator")
    numbers = {api.lodge(operator, mobile="9830012345").get_json()["reg_no"] for _ in range(5)}
    assert len(numbers) == 5


LATE_2026 = datetime(2026, 12, 31, 18, 0, tzinfo=UTC)


@pytest.mark.skipif(backend() != "postgresql", reason="SQLite has one writer at a time: lodgings queue anyway")
def test_a_lodging_does_not_wait_for_another_lodgings_number_to_commit(app):
    with app.app_context(), transaction() as first:
        taken = next_numbers(first, LATE_2026).reg_no
        with get_db().transaction() as second:
            # Were the first lodging's number held by its open transaction, this would wait and then fail.
            second.execute(text("SET LOCAL lock_timeout = '2s'"))
            assert next_numbers(second, LATE_2026).reg_no == "CMO/2026/000002"
    assert taken == "CMO/2026/000001"


def test_a_number_taken_by_a_lodging_that_failed(app):
    """PostgreSQL: the number is not given again (unique, rising; a gap). SQLite: the next lodging takes it."""
    with pytest.raises(RuntimeError), app.app_context(), transaction() as session:
        assert next_numbers(session, LATE_2026).reg_no == "CMO/2026/000001"
        raise RuntimeError("the lodging failed after taking its number")
    with app.app_context(), transaction() as session:
        after = next_numbers(session, LATE_2026).reg_no
    assert after == ("CMO/2026/000002" if backend() == "postgresql" else "CMO/2026/000001")


def test_input_refused_takes_no_number(api):
    operator = api.login("operator")
    refused = api.lodge(operator, mobile="9830012345", attachments=["no-such-upload"])
    assert refused.status_code == 422, refused.get_json()
    assert "attachments" in refused.get_json()["errors"]
    assert api.lodge(operator, mobile="9830012345").get_json()["reg_no"].endswith("/000001")


def test_openapi_document_lists_the_endpoints(api):
    doc = api.get("/openapi.json").get_json()
    assert doc["info"]["title"] == "CM's Office grievance redressal API"
    for path in ("/api/v1/grievances", "/api/v1/worklist", "/api/v1/tasks/{task_id}/complete",
                 "/api/v1/grievances/{reg_no}/history", "/api/v1/auth/verify"):
        assert path in doc["paths"], path
    assert "post" in doc["paths"]["/api/v1/grievances"] and "get" in doc["paths"]["/api/v1/grievances"]
