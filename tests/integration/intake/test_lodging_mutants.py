"""What lodging records, as those who read it later see it: the auditor's history says who lodged what, through
which channel, with which files, and which earlier case it likely repeats; the case starts unescalated and never
sent back, in the language the complainant chose for their SMS."""
from __future__ import annotations

import hashlib
import io

from tests.support.cases import close
from tests.support.files import pdf, png

CITIZEN = "9830012345"


def history(api, reg_no) -> list[dict]:
    response = api.get(f"/grievances/{reg_no}/history", api.login("auditor"))
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["chain"]["ok"] is True
    return response.get_json()["events"]


def upload(api, token, content: bytes, name: str) -> str:
    response = api.post("/attachments", token, data={"file": (io.BytesIO(content), name)},
                        content_type="multipart/form-data")
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def test_the_lodging_step_records_channel_category_district_emergency_and_files(api):
    citizen = api.login_citizen(CITIZEN)
    files = [upload(api, citizen, png(), "ration card.png"), upload(api, citizen, pdf(), "letter.pdf")]
    lodged = api.lodge(citizen, attachments=files, is_emergency=True)
    assert lodged.status_code == 201, lodged.get_json()
    events = history(api, lodged.get_json()["reg_no"])
    [event] = [e for e in events if e["event_type"] == "grievance_lodged"]
    [started] = [e for e in events if e["event_type"] == "process_started"]
    assert event["actor_role"] == started["actor_role"] == "citizen", "the citizen lodged and so started the case"
    assert event["actor_id"] == started["actor_id"] is not None
    checksums = sorted(event["data"]["attachments"])
    assert checksums == sorted([hashlib.sha256(png()).hexdigest(), hashlib.sha256(pdf()).hexdigest()])
    assert event["data"] == {"channel": "portal", "category": "FOOD_RATION_CARD", "district": "PUR",
                             "is_emergency": True, "attachments": event["data"]["attachments"]}


def test_a_likely_repeat_is_recorded_with_who_lodged_it_and_how_alike_it_is(api):
    citizen = api.login_citizen(CITIZEN)
    first = api.lodge(citizen, description="My ration card application of March is still pending at the block "
                                           "office in Hura.").get_json()["reg_no"]
    second = api.lodge(citizen, description="My ration card application from March is still pending at the "
                                            "block office of Hura, please help.")
    assert second.status_code == 201, second.get_json()
    reg_no = second.get_json()["reg_no"]
    assert api.get(f"/grievances/{reg_no}", citizen).get_json()["duplicate_of"] == first
    [event] = [e for e in history(api, reg_no) if e["event_type"] == "duplicate_suspected"]
    assert event["actor_role"] == "citizen" and event["actor_id"] is not None
    similarity = event["data"]["similarity"]
    assert event["data"] == {"of": first, "similarity": similarity}
    assert 0.75 <= similarity < 1, "a near repeat, not an identical text"
    assert similarity == round(similarity, 2) and similarity != round(similarity, 1), \
        "shown to two decimal places"


def test_a_new_case_is_unescalated_never_sent_back_and_keeps_the_chosen_language(api):
    citizen = api.login_citizen(CITIZEN)
    lodged = api.lodge(citizen, language="bn")
    assert lodged.status_code == 201, lodged.get_json()
    reg_no = lodged.get_json()["reg_no"]
    shown = api.get(f"/grievances/{reg_no}", citizen).get_json()
    assert (shown["is_escalated"], shown["send_back_count"], shown["language"]) == (False, 0, "bn")
    close(api, reg_no)
    newest = api.sms_to("+91" + CITIZEN)[0]
    assert reg_no in newest and any("\u0980" <= ch <= "\u09ff" for ch in newest), newest


def test_a_text_exactly_three_quarters_alike_is_a_likely_repeat(api):
    """The threshold is inclusive: 24 of 40 characters repeated (2 x 24 / 64 = 0.75) links the new case."""
    citizen = api.login_citizen(CITIZEN)
    first = api.lodge(citizen, description="Street light at our lane is dark tonight").get_json()["reg_no"]
    again = api.lodge(citizen, description="Street light at our lane").get_json()["reg_no"]
    assert api.get(f"/grievances/{again}", citizen).get_json()["duplicate_of"] == first
    [event] = [e for e in history(api, again) if e["event_type"] == "duplicate_suspected"]
    assert event["data"] == {"of": first, "similarity": 0.75}
