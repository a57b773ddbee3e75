"""Citizens lodge and track grievances by SMS through the operator's signed webhook; anything else gets the format."""
from __future__ import annotations

import hashlib
import hmac
import json
import uuid

import pytest

from core import clock

SECRET = "s3cret"
CITIZEN = "+919830012345"
GRIEVANCE = "GRV PUR FOOD_RATION_CARD My ration card application of March is still pending at the block office."


@pytest.fixture
def settings_overrides() -> dict:
    return {"sms_webhook_secret": SECRET}


def post_sms(api, text: str, *, sender: str = CITIZEN, message_id: str | None = None, secret: str = SECRET,
             age_seconds: int = 0, signature: str | None = None):
    """POST as the operator's gateway does: JSON body, X-Timestamp and an HMAC-SHA256 X-Signature."""
    body = json.dumps({"message_id": message_id or uuid.uuid4().hex, "from": sender, "text": text}).encode()
    timestamp = str(int(clock.now().timestamp()) - age_seconds)
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return api.post("/intake/sms", data=body, content_type="application/json",
                    headers={"X-Timestamp": timestamp, "X-Signature": signature or f"sha256={mac}"})


def grievance_count(api, auditor: str) -> int:
    return api.get("/grievances", auditor).get_json()["total"]


def test_an_sms_grievance_is_lodged_and_acknowledged_with_its_number(api):
    response = post_sms(api, GRIEVANCE)
    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    assert answer["outcome"] == "lodged"
    reg_no = answer["reg_no"]
    first_sms = api.sms_to(CITIZEN)[-1]
    assert first_sms.startswith(f"Your grievance is registered as {reg_no}.")
    assert api.get(f"/track/{reg_no}").status_code == 200
    case = api.get(f"/grievances/{reg_no}", api.login("auditor")).get_json()
    assert (case["channel"], case["district"], case["category"]) == ("sms", "PUR", "FOOD_RATION_CARD")
    assert case["description"] == GRIEVANCE.split(" ", 3)[3]
    [lodged, *_] = api.get(f"/grievances/{reg_no}/history", api.login("auditor")).get_json()["events"]
    assert (lodged["event_type"], lodged["actor_id"], lodged["actor_role"], lodged["actor_name"]) == (
        "grievance_lodged", None, "system", "sms intake"), "lodged by the channel, not by any user"


@pytest.mark.parametrize("text, district", [
    ("  grv   purulia   The tube-well in our para has been broken for two weeks  ", "PUR"),
    ("Grv North 24 Parganas street light broken near the primary school", "NPG"),
])
def test_district_names_any_case_and_no_category_go_to_the_cmo_cell(api, text, district):
    reg_no = post_sms(api, text).get_json()["reg_no"]
    case = api.get(f"/grievances/{reg_no}", api.login("auditor")).get_json()
    assert (case["district"], case["category"], case["channel"]) == (district, "OTHER", "sms")


def test_a_bengali_sms_is_acknowledged_in_bengali(api):
    reg_no = post_sms(api, "GRV পুরুলিয়া তিন মাস ধরে রেশন কার্ড পাইনি").get_json()["reg_no"]
    assert any(reg_no in text and "নথিভুক্ত" in text for text in api.sms_to(CITIZEN))


@pytest.mark.parametrize("text, told", [
    ("Hello sir please help", "We could not understand your message. Send: GRV <district> <your grievance>."),
    ("GRV XYZ our drinking water supply is broken", "Unknown district: XYZ. Send: GRV <district>"),
    ("GRV PUR help", "at least 10 characters"),
    ("GRV", "Your message names no district."),
])
def test_a_malformed_sms_gets_the_format_and_lodges_nothing(api, text, told):
    auditor = api.login("auditor")
    before = grievance_count(api, auditor)
    answer = post_sms(api, text).get_json()
    assert answer["outcome"] == "rejected" and answer["reg_no"] is None
    [help_sms] = api.sms_to(CITIZEN)
    assert told in help_sms and "Example: GRV PUR" in help_sms and help_sms == answer["reply"]
    assert grievance_count(api, auditor) == before


def test_status_sms_replies_with_the_public_status_only(api):
    reg_no = post_sms(api, GRIEVANCE).get_json()["reg_no"]
    asker = "+919830099999"
    answer = post_sms(api, f"status {reg_no.lower()}", sender=asker).get_json()
    assert (answer["outcome"], answer["reg_no"]) == ("status_reply", reg_no)
    [reply] = api.sms_to(asker)
    assert reply.startswith(f"Grievance {reg_no} is with ") and "Action is due by" in reply
    assert "9830012345" not in reply and "ration card" not in reply.lower()

    unknown = post_sms(api, "STATUS CMO/2026/999999", sender=asker).get_json()
    assert unknown["outcome"] == "rejected"
    assert api.sms_to(asker)[0].startswith("No grievance is registered as CMO/2026/999999.")


def test_a_redelivered_sms_is_answered_as_before_and_lodged_once(api):
    auditor = api.login("auditor")
    before = grievance_count(api, auditor)
    first = post_sms(api, GRIEVANCE, message_id="op-4711")
    again = post_sms(api, GRIEVANCE, message_id="op-4711")
    assert again.status_code == 200 and again.get_json() == first.get_json()
    assert grievance_count(api, auditor) == before + 1
    assert len([t for t in api.sms_to(CITIZEN) if t.startswith("Your grievance is registered")]) == 1

    post_sms(api, "hello", message_id="op-4712")
    post_sms(api, "hello", message_id="op-4712")
    assert len([t for t in api.sms_to(CITIZEN) if t.startswith("We could not understand")]) == 1


def assert_refused(api, response, status: int, code: str, says: str) -> None:
    assert response.status_code == status, response.get_json()
    assert response.content_type == "application/problem+json"
    problem = response.get_json()
    assert problem["code"] == code and says in problem["detail"]
    assert api.sms_to(CITIZEN) == []


@pytest.mark.parametrize("kwargs, code, says", [
    ({"secret": "guessed"}, "bad_signature", "X-Signature does not match"),
    ({"signature": "sha256=" + "0" * 64}, "bad_signature", "X-Signature does not match"),
    ({"age_seconds": 6 * 60}, "stale_request", "more than 5 minutes"),
    ({"age_seconds": -6 * 60}, "stale_request", "more than 5 minutes"),
])
def test_forged_or_replayed_requests_are_refused_and_nothing_is_stored(api, kwargs, code, says):
    auditor = api.login("auditor")
    before = grievance_count(api, auditor)
    assert_refused(api, post_sms(api, GRIEVANCE, **kwargs), 401, code, says)
    assert grievance_count(api, auditor) == before


def test_an_unsigned_request_is_refused(api):
    response = api.post("/intake/sms", json={"message_id": "1", "from": CITIZEN, "text": GRIEVANCE})
    assert_refused(api, response, 401, "signature_missing", "X-Timestamp and X-Signature")


@pytest.mark.parametrize("settings_overrides", [{}])
def test_without_a_configured_secret_the_webhook_is_off(api):
    assert_refused(api, post_sms(api, GRIEVANCE), 503, "sms_webhook_disabled", "SMS_WEBHOOK_SECRET")


@pytest.mark.parametrize("sender", ["+14155550100", "CMO-ALERT", "12345", "0331234567"])
def test_a_sender_that_is_no_indian_mobile_is_refused_and_nothing_stored(api, sender):
    auditor = api.login("auditor")
    before = grievance_count(api, auditor)
    response = post_sms(api, GRIEVANCE, sender=sender)
    assert response.status_code == 422 and response.content_type == "application/problem+json"
    assert "from" in response.get_json()["errors"]
    assert grievance_count(api, auditor) == before
    assert api.sms_to(sender) == []
