"""A corrected registration reaches the office that serves it: the case goes there (the old office's task is
withdrawn, a new ATR deadline starts) while the old office's report is awaited; after that report it stays, and the
history says why. Replay follows the re-routed case on its recorded path."""
from __future__ import annotations

from case_api.service import REROUTE_MESSAGE
from tests.integration.call_quality.test_call_quality import history, lodge
from tests.integration.processes.edits import grievance_bpmn
from tests.integration.security.pages import logged_in_pages

WRONG_DISTRICT = "Registered in Purulia; the complainant lives in Kolkata."


def send_back_then_correct(api, reg_no: str, **correction):
    operator, lead = api.login("operator"), api.login("quality.lead")
    rated = api.post(f"/quality/lodgings/{reg_no}/review", lead,
                     json={"category_ok": True, "district_ok": False, "text_ok": True, "send_back": True,
                           "remark": WRONG_DISTRICT})
    assert rated.status_code == 201, rated.get_json()
    [review] = [c for c in api.get("/quality/corrections", operator).get_json() if c["reg_no"] == reg_no]
    body = {"category": "FOOD_RATION_CARD", "district": "PUR",
            "description": "My ration card application of March is still pending at the block office.",
            **correction}
    corrected = api.post(f"/quality/corrections/{review['review']['id']}", operator, json=body)
    assert corrected.status_code == 200, corrected.get_json()
    return corrected.get_json()


def open_tasks(api, user: str, reg_no: str) -> list[str]:
    return [item["task"] for item in api.worklist(api.login(user)) if item["reg_no"] == reg_no]


def test_a_corrected_district_sends_the_case_to_the_office_there(api, app):
    reg_no = lodge(api, api.login("operator"))
    assert open_tasks(api, "nodal.food.pur", reg_no) == ["Task_submit_atr"]

    outcome = send_back_then_correct(api, reg_no, district="KOL")
    assert (outcome["changed"], outcome["rerouted"], outcome["note"]) == (["district"], True, None)
    assert open_tasks(api, "nodal.food.pur", reg_no) == [], "the Purulia office's task is withdrawn"
    assert open_tasks(api, "nodal.food.kol", reg_no) == ["Task_submit_atr"]
    case = api.get(f"/grievances/{reg_no}", api.login("operator")).get_json()
    assert (case["office"], case["district"], case["status"]) == ("FOOD-KOL", "KOL", "forwarded")

    events = [(kind, data) for kind, _role, data in history(app, reg_no)]
    kinds = [kind for kind, _data in events]
    corrected = kinds.index("registration_corrected")
    assert kinds[corrected + 1] == REROUTE_MESSAGE and events[corrected][1]["rerouted"] is True
    assert events[corrected + 1][1]["district"] == "KOL"
    assert [data["office"] for kind, data in events if kind == "case_forwarded"] == ["FOOD-PUR", "FOOD-KOL"]

    kolkata = api.login("nodal.food.kol")
    [task] = [item for item in api.worklist(kolkata) if item["reg_no"] == reg_no]
    done = api.complete(kolkata, task["task_id"], {"action_taken": "Card issued at the Kolkata office.",
                                                   "outcome": "redressed"})
    assert done.status_code == 200, done.get_json()
    assert open_tasks(api, "cmo.cell", reg_no) == ["Task_verify"]

    client, _headers = logged_in_pages(api, api.login("auditor"))
    page = " ".join(client.get(f"/cases/{reg_no}").get_data(as_text=True).split())
    assert "The case went to the office that serves the corrected category and district." in page
    bengali = " ".join(client.get(f"/cases/{reg_no}?lang=bn").get_data(as_text=True).split())
    assert "অভিযোগটি সেই অফিসে গেছে যা সংশোধিত বিষয় ও জেলা দেখে।" in bengali

    report = api.post("/processes/grievance/replay", api.login("process.owner"),
                      json={"files": {"grievance.bpmn": grievance_bpmn()}}).get_json()
    [replayed] = [case for case in report["cases"] if case["reg_no"] == reg_no]
    assert replayed["outcome"] == "same", replayed


def test_after_the_office_reported_the_case_stays_and_the_history_says_why(api, app):
    reg_no = lodge(api, api.login("operator"))
    nodal = api.login("nodal.food.pur")
    [task] = [item for item in api.worklist(nodal) if item["reg_no"] == reg_no]
    assert api.complete(nodal, task["task_id"], {"action_taken": "Card printed.", "outcome": "redressed"}) \
        .status_code == 200

    outcome = send_back_then_correct(api, reg_no, district="KOL")
    assert outcome["rerouted"] is False and "already reported" in outcome["note"]
    case = api.get(f"/grievances/{reg_no}", api.login("operator")).get_json()
    assert (case["office"], case["district"]) == ("FOOD-PUR", "KOL")
    assert open_tasks(api, "cmo.cell", reg_no) == ["Task_verify"]
    kinds = [kind for kind, _role, _data in history(app, reg_no)]
    assert REROUTE_MESSAGE not in kinds and kinds.count("registration_corrected") == 1


def test_while_the_complainant_is_asked_the_case_is_not_moved_and_the_note_says_so(api):
    reg_no = lodge(api, api.login("operator"))
    nodal = api.login("nodal.food.pur")
    [task] = [item for item in api.worklist(nodal) if item["reg_no"] == reg_no]
    asked = api.complete(nodal, task["task_id"], {"action_taken": "Checked the register.",
                                                  "outcome": "needs_clarification",
                                                  "clarification_question": "Which ration shop do you use?"})
    assert asked.status_code == 200, asked.get_json()

    outcome = send_back_then_correct(api, reg_no, district="KOL")
    assert outcome["rerouted"] is False and "cannot take the correction at this step" in outcome["note"]
    case = api.get(f"/grievances/{reg_no}", api.login("operator")).get_json()
    assert (case["office"], case["status"]) == ("FOOD-PUR", "awaiting_clarification")
