"""Call-centre quality: the call kept with an operator's lodging; a quality lead samples, rates and sends a faulty
registration back; the operator corrects it (in the case's history; a case that another office now serves goes there:
test_rerouting.py); weekly scores per operator."""
from __future__ import annotations

import io
import json

import pytest

from accounts.models import Role
from accounts.service import create_user
from case_api.history import list_events
from case_api.queries import find_by_reg_no
from core.db import transaction
from tests.integration.security.pages import logged_in_pages
from tests.support.recordings import wav

CITIZEN = "9830012345"


@pytest.fixture
def second_operator(app) -> str:
    """Another call-centre operator's username."""
    with app.app_context(), transaction() as session:
        create_user(session, full_name="Call-centre operator 2", role=Role.CALL_CENTRE_OPERATOR,
                    username="operator2", password="Demo@12345", mobile="9000000099")
    return "operator2"


def keep_call(api, token, reg_no, reference="CC-20261102-0042", recording=None):
    data = {"call_reference": reference} if reference else {}
    if recording is not None:
        data["recording"] = (io.BytesIO(recording), "call.wav")
    return api.post(f"/quality/lodgings/{reg_no}/call", token, data=data, content_type="multipart/form-data")


def lodge(api, token, **overrides) -> str:
    response = api.lodge(token, mobile=CITIZEN, **overrides)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["reg_no"]


def history(app, reg_no):
    with app.app_context(), transaction(readonly=True) as session:
        return [(e.event_type, e.actor_role, json.loads(e.data))
                for e in list_events(session, find_by_reg_no(session, reg_no).id)]


def test_lead_rates_and_sends_back_and_the_operator_corrects(api, app):
    operator, lead = api.login("operator"), api.login("quality.lead")
    reg_no = lodge(api, operator, category="FOOD_RATION_CARD",
                   description="The ration dealer in Hura gives short weight every month.")
    kept = keep_call(api, operator, reg_no, recording=wav())
    assert kept.status_code == 201, kept.get_json()
    assert kept.get_json()["call_reference"] == "CC-20261102-0042"

    [sample] = api.get("/quality/sample", lead).get_json()
    assert sample["operator"] == "Call-centre operator 1" and [i["reg_no"] for i in sample["items"]] == [reg_no]
    lodging = api.get(f"/quality/lodgings/{reg_no}", lead).get_json()
    assert lodging["has_recording"] and lodging["mobile"] != "+919830012345"   # masked for the lead
    recording = api.get(f"/quality/lodgings/{reg_no}/call", lead)
    assert recording.status_code == 200 and recording.data == wav() and recording.mimetype == "audio/wav"

    no_remark = api.post(f"/quality/lodgings/{reg_no}/review", lead,
                         json={"category_ok": False, "district_ok": True, "text_ok": True, "send_back": True})
    assert no_remark.status_code == 422 and "remark" in no_remark.get_json()["errors"]
    rated = api.post(f"/quality/lodgings/{reg_no}/review", lead,
                     json={"category_ok": False, "district_ok": True, "text_ok": True, "send_back": True,
                           "remark": "Short weight is a dealer irregularity, not a ration card matter."})
    assert rated.status_code == 201 and rated.get_json()["review"]["status"] == "sent_back"
    assert api.get("/quality/sample", lead).get_json() == []                     # rated ones leave the sample

    [correction] = api.get("/quality/corrections", operator).get_json()
    assert correction["reg_no"] == reg_no and correction["review"]["category_ok"] is False
    unchanged = api.post(f"/quality/corrections/{correction['review']['id']}", operator,
                         json={"category": "FOOD_RATION_CARD", "district": "PUR",
                               "description": lodging["description"]})
    assert unchanged.status_code == 422
    corrected = api.post(f"/quality/corrections/{correction['review']['id']}", operator,
                         json={"category": "FOOD_PDS_DEALER", "district": "PUR",
                               "description": lodging["description"]})
    assert corrected.status_code == 200, corrected.get_json()
    assert corrected.get_json()["changed"] == ["category"] and corrected.get_json()["rerouted"] is False
    assert "also serves the corrected category" in corrected.get_json()["note"]   # ration cards and dealers: one office
    assert api.get("/quality/corrections", operator).get_json() == []
    [followed] = api.get("/quality/sent-back", lead).get_json()
    assert followed["reg_no"] == reg_no and followed["status"] == "corrected" and followed["corrected_at"]
    case = api.get(f"/grievances/{reg_no}", operator).get_json()
    assert case["category"] == "FOOD_PDS_DEALER" and case["office"] == "FOOD-PUR"   # still with its office

    events = history(app, reg_no)
    kinds = [(kind, role) for kind, role, _data in events]
    assert ("call_kept", "call_centre_operator") in kinds and ("lodging_reviewed", "quality_lead") in kinds
    kind, role, data = events[-1]
    assert (kind, role) == ("registration_corrected", "call_centre_operator")
    assert data["changes"] == {"category": {"from": "FOOD_RATION_CARD", "to": "FOOD_PDS_DEALER"}}
    assert data["rerouted"] is False

    client, _headers = logged_in_pages(api, api.login("auditor"))
    page = " ".join(client.get(f"/cases/{reg_no}").get_data(as_text=True).split())
    assert "The call was kept with the case (reference CC-20261102-0042). A recording is attached." in page
    assert "the registration was sent back to the operator for correction" in page
    assert "Category: wrong; district: right; text: right." in page
    assert "The operator corrected the registration: Category from Ration card" in page
    assert "FOOD_PDS_DEALER" not in page and "lodging reviewed" not in page.lower()


def test_who_may_rate_correct_and_hear_the_call(api, second_operator):
    operator, lead, second_operator = api.login("operator"), api.login("quality.lead"), api.login(second_operator)
    nodal, citizen = api.login("nodal.food.pur"), api.login_citizen(CITIZEN)
    reg_no = lodge(api, operator)
    assert keep_call(api, operator, reg_no, recording=wav()).status_code == 201
    assert keep_call(api, operator, reg_no).status_code == 409                       # one call per lodging
    assert keep_call(api, second_operator, reg_no).status_code == 404                # not theirs
    rating = {"category_ok": True, "district_ok": True, "text_ok": False, "remark": "Village left out.",
              "send_back": True}
    for token in (operator, nodal, citizen):
        assert api.post(f"/quality/lodgings/{reg_no}/review", token, json=rating).status_code == 403
        assert api.get("/quality/sample", token).status_code == 403
        assert api.get("/quality/scores", token).status_code == 403
    assert api.get(f"/quality/lodgings/{reg_no}/call", second_operator).status_code == 404
    assert api.get(f"/quality/lodgings/{reg_no}/call", nodal).status_code == 403
    assert api.get(f"/quality/lodgings/{reg_no}/call", operator).status_code == 200

    review_id = api.post(f"/quality/lodgings/{reg_no}/review", lead, json=rating).get_json()["review"]["id"]
    assert api.post(f"/quality/lodgings/{reg_no}/review", lead, json=rating).status_code == 409
    fix = {"category": "FOOD_RATION_CARD", "district": "PUR",
           "description": "My ration card application of March is still pending at the Hura block office."}
    assert api.get("/quality/corrections", second_operator).get_json() == []
    assert api.post(f"/quality/corrections/{review_id}", second_operator, json=fix).status_code == 404
    assert api.post(f"/quality/corrections/{review_id}", lead, json=fix).status_code == 403
    assert api.post(f"/quality/corrections/{review_id}", operator, json={**fix, "district": "XXX"}).status_code == 422
    assert api.post(f"/quality/corrections/{review_id}", operator, json=fix).status_code == 200
    assert api.post(f"/quality/corrections/{review_id}", operator, json=fix).status_code == 409

    portal_case = api.lodge(citizen, description="Lodged on the portal, not by the call centre.").get_json()
    assert api.post(f"/quality/lodgings/{portal_case['reg_no']}/review", lead, json=rating).status_code == 404


def test_a_recording_is_judged_by_its_content(api, app):
    operator = api.login("operator")
    reg_no = lodge(api, operator)
    refused = keep_call(api, operator, reg_no, recording=b"MZ\x90\x00 not audio at all")
    assert refused.status_code == 422 and "recording" in refused.get_json()["errors"]
    bad_reference = keep_call(api, operator, reg_no, reference="<script>")
    assert bad_reference.status_code == 422 and "call_reference" in bad_reference.get_json()["errors"]
    assert [kind for kind, _role, _data in history(app, reg_no)].count("call_kept") == 0
    assert keep_call(api, operator, reg_no, recording=wav()).status_code == 201


def test_the_sample_is_random_per_operator_within_the_period_and_stable(api, frozen_clock, second_operator):
    old = lodge(api, api.login("operator"), description="Lodged ten days ago, outside a seven-day sample.")
    frozen_clock.advance(days=10)
    operator, lead, second_operator = api.login("operator"), api.login("quality.lead"), api.login(second_operator)
    first = [lodge(api, operator, description=f"Ration grievance number {n} lodged by operator one.")
             for n in range(6)]
    second = [lodge(api, second_operator, description=f"Ration grievance number {n} lodged by operator two.")
              for n in range(2)]
    drawn = api.get("/quality/sample", lead, query_string={"days": 7, "per_operator": 3}).get_json()
    by_operator = {row["operator"]: row for row in drawn}
    mine = [i["reg_no"] for i in by_operator["Call-centre operator 1"]["items"]]
    assert len(mine) == 3 and set(mine) <= set(first) and by_operator["Call-centre operator 1"]["lodged"] == 6
    assert sorted(i["reg_no"] for i in by_operator["Call-centre operator 2"]["items"]) == sorted(second)
    again = api.get("/quality/sample", lead, query_string={"days": 7, "per_operator": 3}).get_json()
    assert again == drawn                                                            # reloading keeps the draw
    longer = api.get("/quality/sample", lead, query_string={"days": 30, "per_operator": 50}).get_json()
    assert old in [i["reg_no"] for row in longer for i in row["items"]]
    assert api.get("/quality/sample", lead, query_string={"days": 0}).status_code == 422


def test_scores_per_operator_per_week(api, frozen_clock):
    operator = api.login("operator")
    week_one = [lodge(api, operator, description=f"First week grievance {n} about ration cards.") for n in range(2)]
    frozen_clock.advance(days=7)  # the next Monday; logins last less than a week
    operator, lead = api.login("operator"), api.login("quality.lead")
    week_two = lodge(api, operator, description="Second week grievance about a ration card.")
    verdicts = {week_one[0]: (True, True, True), week_one[1]: (False, True, True), week_two: (False, False, True)}
    for reg_no, (category, district, text) in verdicts.items():
        response = api.post(f"/quality/lodgings/{reg_no}/review", lead, json={
            "category_ok": category, "district_ok": district, "text_ok": text, "remark": "Checked by ear."})
        assert response.status_code == 201, response.get_json()
    scores = api.get("/quality/scores", lead).get_json()
    assert scores["weeks"] == ["2026-11-02", "2026-11-09"]
    [row] = scores["operators"]
    assert [(w["week"], w["reviews"], w["score"]) for w in row["weeks"]] == [
        ("2026-11-02", 2, round((3 + 2) / 6, 3)), ("2026-11-09", 1, round(1 / 3, 3))]
