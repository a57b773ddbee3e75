"""A system lodging through Open311 lodges a real grievance: numbered, routed, acknowledged by SMS, trackable."""
from __future__ import annotations

from core.clock import parse_iso
from tests.integration.open311 import standard
from tests.integration.open311.conftest import counts, token_of


def test_a_request_lodged_through_open311_is_a_grievance_the_citizen_can_track(app, api, open311, key):
    before = counts(app)
    created = open311.lodge(key)
    reg_no = created["service_request_id"]
    assert counts(app)[0] == before[0] + 1 and counts(app)[2] == before[2] + 1

    public = api.get(f"/track/{reg_no}")
    assert public.status_code == 200 and public.get_json()["status"] == "forwarded"
    [request] = open311.requests(service_request_id=reg_no)
    assert request["status"] == "open" and request["service_code"] == "FOOD_RATION_CARD"
    assert parse_iso(request["expected_datetime"]) == parse_iso(public.get_json()["sla_due_at"])
    assert request["status_notes"].startswith("forwarded to Food & Supplies, Purulia District Office")
    assert request["agency_responsible"] == "Food & Supplies, Purulia District Office"

    kept = token_of(app, reg_no)
    token = open311.get(f"tokens/{kept}")
    assert token.status_code == 200 and token.get_json() == [{"token": kept, "service_request_id": reg_no}]
    assert any(reg_no in text for text in api.sms_to("+919830012345")), "the complainant is acknowledged by SMS"

    seen_by_cmo = api.get(f"/grievances/{reg_no}", api.login("cmo.cell")).get_json()
    assert seen_by_cmo["channel"] == "api"
    assert (seen_by_cmo["complainant_name"], seen_by_cmo["mobile"], seen_by_cmo["email"]) == (
        "Sabina Khatun", "+919830012345", "sabina@example.in")
    assert seen_by_cmo["address"] == "Village Hura, Purulia" and seen_by_cmo["office"] == "FOOD-PUR"
    history = api.get(f"/grievances/{reg_no}/history", api.login("auditor")).get_json()
    lodged = next(e for e in history["events"] if e["event_type"] == "grievance_lodged")
    assert (lodged["actor_role"], lodged["data"]["channel"]) == ("integration", "api")


def test_a_json_body_with_nested_answers_and_no_name_lodges_an_emergency(api, open311, key):
    response = open311.post({}, json={
        "api_key": key, "service_code": "POWER_OUTAGE", "lat": 22.5726, "long": 88.3639, "phone": "+91 98300 55555",
        "attribute": {"district": "KOL", "is_emergency": "true"},
        "description": "No power in the whole lane for two days; a dialysis patient needs it."})
    assert response.status_code == 201, response.get_json()
    [created] = response.get_json()
    standard.check_post_response([created])
    case = api.get(f"/grievances/{created['service_request_id']}", api.login("cmo.cell")).get_json()
    assert (case["complainant_name"], case["is_emergency"], case["priority"]) == ("Open311 complainant", True,
                                                                                  "emergency")
    assert case["mobile"] == "+919830055555" and case["district"] == "KOL"
    [request] = open311.requests(service_request_id=created["service_request_id"], api_key=key)
    assert (request["lat"], request["long"]) == (22.5726, 88.3639)
    assert "24 hours" in request["service_notice"], "an emergency's service level"


def test_an_address_id_alone_is_a_location_and_a_sub_division_routes_closer(api, open311, key):
    created = open311.lodge(key, lat=None, long=None, address_string=None, address_id="WB-PUR-1234",
                            **{"attribute[subdivision]": "PUR-SDR"})
    case = api.get(f"/grievances/{created['service_request_id']}", api.login("cmo.cell")).get_json()
    assert case["subdivision"] == "PUR-SDR" and case["office"] == "FOOD-PUR-SDR"
    assert "WB-PUR-1234" in case["address"]


def test_a_block_routes_to_its_sub_division(api, open311, key):
    created = open311.lodge(key, **{"attribute[block]": "pur-10"})   # Barabazar, as a client might write it
    case = api.get(f"/grievances/{created['service_request_id']}", api.login("cmo.cell")).get_json()
    assert (case["block"], case["subdivision"], case["office"]) == ("PUR-10", "PUR-MAN", "FOOD-PUR-MAN")


def test_an_unknown_token_or_request_is_not_found(open311):
    assert "token nope is not known" in open311.error(open311.get("tokens/nope"), 404)
    assert open311.error(open311.get("requests/CMO/2026/424242", "xml"), 404, "xml") == [
        "service_request_id CMO/2026/424242 is not a known service request"]
    assert open311.error(open311.get("requests/not-ours"), 404)
