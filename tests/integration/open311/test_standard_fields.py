"""Every Open311 response keeps to the GeoReport v2 field lists, in JSON and in XML, and both formats say the same."""
from __future__ import annotations

import pytest

from core.db import transaction
from directory.queries import list_categories
from tests.integration.open311 import standard
from tests.integration.open311.conftest import FORMATS, lodging_form, token_of


def both(open311, path: str, root: str, status: int = 200, **params) -> dict:
    """The same endpoint in both formats; asserts they agree and returns the JSON body."""
    bodies = {}
    for fmt in FORMATS:
        response = open311.get(path, fmt, **params)
        assert response.status_code == status, (fmt, response.data)
        bodies[fmt] = standard.parse(response, fmt, root)
    assert standard.as_text(bodies["json"]) == bodies["xml"]
    return bodies["json"]


def test_discovery_names_this_endpoint_its_specification_and_formats(open311):
    body = both(open311, "discovery", "discovery")
    standard.check_discovery(body)
    [endpoint] = body["endpoints"]
    assert endpoint["specification"] == standard.SPEC
    assert endpoint["url"] == "http://localhost/open311/v2" and endpoint["type"] == "production"  # as asked
    assert "grievance@cmo.wb.gov.in" in body["contact"] and body["key_service"]


def test_every_grievance_category_is_a_service_grouped_by_its_department(app, open311):
    body = both(open311, "services", "services")
    standard.check_services(body)
    with app.app_context(), transaction(readonly=True) as session:
        codes = [c.code for c in list_categories(session)]
    assert [s["service_code"] for s in body] == codes
    ration = next(s for s in body if s["service_code"] == "FOOD_RATION_CARD")
    assert ration["service_name"] == "Ration card not issued or not corrected" and ration["group"] == "Food & Supplies"
    assert ration["metadata"] is True and ration["type"] == "realtime"
    assert "7 working days" in ration["description"], "the published service level"


def test_a_service_definition_asks_for_the_district_sub_division_block_and_emergency(open311):
    body = both(open311, "services/FOOD_RATION_CARD", "service_definition")
    standard.check_definition(body)
    attributes = {a["code"]: a for a in body["attributes"]}
    assert list(attributes) == ["district", "subdivision", "block", "is_emergency"]
    assert [a["order"] for a in body["attributes"]] == [1, 2, 3, 4]
    district = attributes["district"]
    assert (district["datatype"], district["required"], district["order"]) == ("singlevaluelist", True, 1)
    assert len(district["values"]) == 23 and {"key": "PUR", "name": "Purulia"} in district["values"]
    assert (attributes["subdivision"]["datatype"], attributes["subdivision"]["required"]) == ("string", False)
    assert (attributes["block"]["datatype"], attributes["block"]["required"]) == ("string", False)
    assert [v["key"] for v in attributes["is_emergency"]["values"]] == ["true", "false"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_lodging_and_reading_requests_keep_to_the_standard_in_each_format(app, open311, key, fmt):
    created = open311.lodge(key, fmt)
    assert created["service_request_id"].startswith("CMO/2026/") and "token" not in created, \
        "GeoReport answers a token only when the id is not known yet"
    assert created["account_id"] is None
    assert "Action Taken Report due by 2026-11-10 10:00 IST" in created["service_notice"]
    [listed] = open311.requests(fmt, api_key=key)
    assert listed["service_request_id"] == created["service_request_id"] and listed["status"] == "open"
    [one] = standard.parse(open311.get(f"requests/{created['service_request_id']}", fmt, api_key=key), fmt,
                           "service_requests")
    assert one == listed
    token = token_of(app, created["service_request_id"])
    tokens = standard.parse(open311.get(f"tokens/{token}", fmt), fmt, "service_requests")
    standard.check_tokens(tokens)
    assert tokens == [{"token": token, "service_request_id": created["service_request_id"]}]


def test_both_formats_describe_a_request_alike(open311, key):
    created = open311.lodge(key)
    path = f"requests/{created['service_request_id']}"
    for params in ({}, {"api_key": key}):
        [request] = both(open311, path, "service_requests", **params)
        standard.check_requests([request])
    assert request["lat"] == 23.3322 and request["long"] == 86.3616


@pytest.mark.parametrize("fmt", FORMATS)
def test_errors_use_the_standard_error_format_and_status(open311, key, fmt):
    assert "service_code NO_SUCH is not a known service" in open311.error(
        open311.get("services/NO_SUCH", fmt), 404, fmt)
    assert open311.error(open311.get("requests/CMO/2026/999999", fmt), 404, fmt)
    assert open311.error(open311.post(lodging_form(), fmt), 403, fmt)
    described = open311.error(open311.post(lodging_form(api_key=key, phone="12345", description="short"), fmt),
                              400, fmt)
    assert any(d.startswith("phone ") for d in described) and any(d.startswith("description ") for d in described)
    assert open311.error(open311.get("requests", fmt, start_date="yesterday"), 400, fmt)


def test_an_unknown_format_suffix_is_not_found(open311):
    for path in ("discovery.html", "services.csv", "requests.yaml", "services/FOOD_RATION_CARD.txt"):
        response = open311.client.get(f"/open311/v2/{path}")
        assert response.status_code == 404, path
        assert standard.check_errors(response.get_json(), 404)
