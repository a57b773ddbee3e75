"""The OpenAPI document is the truth: schemathesis generates requests for every operation of /api/v1/openapi.json
and checks each answer against it (no 5xx; the status, the media type and the body as documented), sent as an
anonymous caller and as several roles logged in the way people log in (password + SMS OTP, mobile OTP).

Bounded: a fixed number of examples per operation with a fixed seed, so the run takes the same path each time
(about a minute or two per backend)."""
from __future__ import annotations

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app import create_app
from core import clock
from tests.conftest import START, _settings
from tests.support.api import Api

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]
OFFICERS = ("operator", "nodal.food.pur", "hod.food", "auditor", "process.owner", "admin", "cmo.cell")
CITIZEN_MOBILE = "9830012345"
ROLES = ("anonymous", "citizen", *OFFICERS)
EXAMPLES = 12


@pytest.fixture(scope="module")
def contract_app(database_server, template_db):
    url = database_server.clone(template_db, "api_contract")
    with clock.frozen(START):
        application = create_app(_settings(url).with_(sms_webhook_secret="contract-test-secret"))
        yield application
    application.extensions["db"].dispose()
    database_server.drop(url)


@pytest.fixture(scope="module")
def tokens(contract_app) -> dict[str, str]:
    api = Api(contract_app)
    found = {name: api.login(name) for name in OFFICERS}
    found["citizen"] = api.login_citizen(CITIZEN_MOBILE)
    # A case the roles can see, so generated registration numbers are not all unknown.
    api.lodge(found["operator"], mobile=CITIZEN_MOBILE)
    return found


@pytest.fixture(scope="module")
def api_schema(contract_app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", contract_app)


def test_every_operation_answers_as_documented(api_schema, tokens, contract_app):
    """Every operation, each with its own bounded run; all failures are reported together."""
    failures, operations = {}, 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1
        try:
            _run_operation(operation, tokens, contract_app)
        except (Exception, BaseExceptionGroup) as error:  # gathered: report every operation that breaks it
            failures[f"{operation.method.upper()} {operation.path}"] = str(error)[:3000]
    assert operations >= 38
    assert not failures, "\n\n".join(f"{name}:\n{error}" for name, error in failures.items())


def _run_operation(operation, tokens, app) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(), role=st.sampled_from(ROLES))
    def run(case, role):
        headers = {}
        if role != "anonymous":
            token = tokens[role]
            if case.path == "/api/v1/auth/logout":  # logging out would end the role's session for the next cases
                token = _fresh_token(app, role)
            headers["Authorization"] = f"Bearer {token}"
        with clock.frozen(START):
            case.call_and_validate(headers=headers, checks=CHECKS)

    run()


def _fresh_token(app, role: str) -> str:
    from accounts import service
    from core.db import transaction

    username = "operator" if role == "citizen" else role
    with app.app_context(), transaction() as session:
        return service.issue_token(session, user=service.find_user(session, username), kind="integration", ttl=None)


def test_the_document_names_the_error_schema_roles_and_code_lists(api):
    doc = api.get("/openapi.json").get_json()
    error = doc["components"]["schemas"]["Error"]["properties"]
    assert (error["code"]["type"], error["status"]["type"]) == ("string", "integer")
    assert {"type", "title", "detail", "instance", "request_id"} <= set(error)
    assert doc["components"]["securitySchemes"]["bearer"] == {
        "type": "http", "scheme": "bearer", "description": doc["components"]["securitySchemes"]["bearer"][
            "description"]}
    history = doc["paths"]["/api/v1/grievances/{reg_no}/history"]["get"]
    assert history["x-roles"] == ["admin", "auditor", "cmo_cell"] and history["security"] == [{"bearer": []}]
    assert {"401", "403", "404"} <= set(history["responses"])
    assert "application/problem+json" in history["responses"]["404"]["content"]
    assert doc["paths"]["/api/v1/track/{reg_no}"]["get"]["security"] == []
    login = doc["paths"]["/api/v1/auth/login"]["post"]["responses"]
    assert "429" in login and "default" not in login
    lodge = doc["components"]["schemas"]["LodgeIn"]["properties"]
    assert lodge["district"]["x-code-list"] == "/api/v1/districts" and "PUR" in lodge["district"]["enum"]
    assert "FOOD_RATION_CARD" in lodge["category"]["enum"]


def test_the_code_lists_give_the_codes_lodging_takes(api):
    districts = {d["code"]: d for d in api.get("/districts").get_json()["items"]}
    assert districts["PUR"]["name"] == "Purulia" and districts["PUR"]["name_bn"]
    subdivisions = api.get("/subdivisions", query_string={"district": "PUR"}).get_json()["items"]
    assert subdivisions and {s["district"] for s in subdivisions} == {"PUR"}
    categories = {c["code"]: c for c in api.get("/categories").get_json()["items"]}
    assert categories["FOOD_RATION_CARD"]["department"] == "FOOD"
    assert "FOOD" in {d["code"] for d in api.get("/departments").get_json()["items"]}
    offices = api.get("/offices", query_string={"department": "FOOD", "district": "PUR"}).get_json()["items"]
    assert offices and all(re.match(r"FOOD-", o["code"]) for o in offices)
    operator = api.login("operator")
    sub = subdivisions[0]["code"]
    lodged = api.lodge(operator, mobile=CITIZEN_MOBILE, district="PUR", subdivision=sub, category="FOOD_RATION_CARD")
    assert lodged.status_code == 201, lodged.get_json()


def test_errors_are_problem_json_as_documented(api):
    response = api.get("/grievances/CMO/2026/999999", token=api.login("cmo.cell"))
    assert response.status_code == 404 and response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["code"] == "grievance_not_found" and body["status"] == 404 and body["request_id"]
