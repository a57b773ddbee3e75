"""Bad input gets a clear problem+json error naming what is wrong, and nothing is half-written."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from case_api.models import CaseEvent, Grievance
from core.db import transaction
from engine.models import ProcessInstance
from intake.models import RegistrationCounter


def counts(app) -> tuple:
    with app.app_context(), transaction(readonly=True) as session:
        return tuple(session.scalar(select(func.count()).select_from(model))
                     for model in (Grievance, CaseEvent, ProcessInstance, RegistrationCounter))


@pytest.fixture
def operator(api):
    return api.login("operator")


@pytest.mark.parametrize("override, field, message", [
    ({"mobile": "12345"}, "mobile", "10-digit"),
    ({"mobile": "5830012345"}, "mobile", "10-digit"),
    ({"description": "   "}, "description", "at least 10 characters"),
    ({"description": ""}, "description", "at least 10 characters"),
    ({"category": "NO_SUCH_THING"}, "category", "unknown category"),
    ({"district": "XYZ"}, "district", "unknown district"),
    ({"subdivision": "KOL-KMC"}, "subdivision", "not a sub-division of PUR"),
    ({"description": "x" * 9000}, "description", "Longer than maximum"),
    ({"complainant_name": None}, "complainant_name", "Field may not be null"),
    ({"is_emergency": "maybe"}, "is_emergency", "Not a valid boolean"),
])
def test_invalid_lodging_names_the_field_and_stores_nothing(app, api, operator, override, field, message):
    before = counts(app)
    response = api.lodge(operator, **{"mobile": "9830012345", **override})
    assert response.status_code == 422, response.get_json()
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert field in problem["errors"], problem
    assert message in str(problem["errors"][field]) and field in problem["detail"]
    assert counts(app) == before


def test_a_ten_megabyte_description_is_refused_before_it_is_read(app, api, operator):
    before = counts(app)
    response = api.lodge(operator, mobile="9830012345", description="x" * 10_000_000)
    assert response.status_code == 413
    assert response.get_json()["status"] == 413 and "large" in response.get_json()["detail"].lower()
    assert counts(app) == before


def test_malformed_json_is_a_400_problem(api, operator):
    response = api.post("/grievances", operator, data="{not json", content_type="application/json")
    assert response.status_code == 400 and response.mimetype == "application/problem+json"


def test_completing_a_task_twice_is_a_conflict(api, operator):
    api.lodge(operator, mobile="9830012345")
    nodal = api.login("nodal.food.pur")
    [atr] = api.worklist(nodal)
    form = {"action_taken": "Card issued to the complainant.", "outcome": "redressed"}
    assert api.complete(nodal, atr["task_id"], form).status_code == 200
    again = api.complete(nodal, atr["task_id"], form)
    assert again.status_code == 409 and again.get_json()["code"] == "task_not_open"


@pytest.mark.parametrize("form, field", [
    ({"outcome": "redressed"}, "action_taken"),
    ({"action_taken": "short", "outcome": "redressed"}, "action_taken"),
    ({"action_taken": "Card issued to the complainant.", "outcome": "done"}, "outcome"),
    ({"action_taken": "Card issued to the complainant.", "outcome": "redressed", "sneaky": 1}, "sneaky"),
])
def test_a_wrong_form_is_refused_and_the_task_stays_open(api, operator, form, field):
    api.lodge(operator, mobile="9830012345")
    nodal = api.login("nodal.food.pur")
    [atr] = api.worklist(nodal)
    response = api.complete(nodal, atr["task_id"], form)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["errors"]
    assert [i["task_id"] for i in api.worklist(nodal)] == [atr["task_id"]]


def test_send_back_without_reasons_is_refused(api, operator):
    api.lodge(operator, mobile="9830012345")
    nodal, cmo = api.login("nodal.food.pur"), api.login("cmo.cell")
    [atr] = api.worklist(nodal)
    api.complete(nodal, atr["task_id"], {"action_taken": "Card issued to the complainant.", "outcome": "redressed"})
    [verify] = api.worklist(cmo, task="Task_verify")
    response = api.complete(cmo, verify["task_id"], {"call_result": "reached_not_satisfied", "decision": "send_back"})
    assert response.status_code == 422 and "reasons" in response.get_json()["errors"]


@pytest.mark.parametrize("as_of", ["next tuesday", "2026-13-01T00:00:00", "2026-11-02T25:00"])
def test_timers_run_rejects_a_malformed_time(app, as_of):
    result = app.test_cli_runner().invoke(args=["timers", "run", "--as-of", as_of])
    assert result.exit_code == 2
    assert "is not an ISO-8601 time" in result.output


def test_unknown_task_and_grievance_are_404(api, operator):
    assert api.complete(operator, "8f14e45f-ea8a-4e0b-9c4b-000000000000", {}).status_code == 404
    assert api.get("/grievances/CMO/2026/999999", operator).status_code == 404
    assert api.get("/track/CMO/2026/999999").status_code == 404


def test_bad_query_parameters_name_the_parameter(api, operator):
    response = api.get("/worklist", operator, query_string={"sla": "purple"})
    assert response.status_code == 422 and "sla" in response.get_json()["errors"]
