"""Registration numbers are unique, sequential per year (IST), and the API documents itself."""
from __future__ import annotations

from datetime import UTC, datetime

from core.db import transaction
from intake.regno import next_reg_no


def test_numbers_follow_each_other_and_restart_with_the_indian_new_year(app):
    with app.app_context(), transaction() as session:
        first = next_reg_no(session, datetime(2026, 12, 31, 18, 0, tzinfo=UTC))
        second = next_reg_no(session, datetime(2026, 12, 31, 18, 20, tzinfo=UTC))
        # 18:31 UTC on 31 December is already 1 January in Kolkata.
        new_year = next_reg_no(session, datetime(2026, 12, 31, 18, 31, tzinfo=UTC))
    assert (first, second) == ("CMO/2026/000001", "CMO/2026/000002")
    assert new_year == "CMO/2027/000001"


def test_lodged_grievances_get_distinct_numbers(api):
    operator = api.login("operator")
    numbers = {api.lodge(operator, mobile="9830012345").get_json()["reg_no"] for _ in range(5)}
    assert len(numbers) == 5


def test_openapi_document_lists_the_endpoints(api):
    doc = api.get("/openapi.json").get_json()
    assert doc["info"]["title"] == "CM's Office grievance redressal API"
    for path in ("/api/v1/grievances", "/api/v1/worklist", "/api/v1/tasks/{task_id}/complete",
                 "/api/v1/grievances/{reg_no}/history", "/api/v1/auth/verify"):
        assert path in doc["paths"], path
    assert "post" in doc["paths"]["/api/v1/grievances"] and "get" in doc["paths"]["/api/v1/grievances"]
