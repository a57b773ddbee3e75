"""A Bangla Sahayata Kendra operator lodges for a citizen; the citizen later finds it under their mobile, and
after closure says they are not satisfied, which puts an appeal on the head of department's worklist."""
from __future__ import annotations

from tests.support.cases import task

CITIZEN = "9830012345"


def test_service_centre_lodging_then_feedback_and_appeal(page, people, api, shot):
    people.officer(page, "csc.operator")
    assert page.url.endswith("/lodge")
    page.get_by_label("Complainant's name").fill("Abdul Karim")
    page.get_by_label("Complainant's mobile number").fill("98300 12345")
    page.get_by_label("District").select_option("PUR")
    page.get_by_label("What is it about?").select_option("FOOD_RATION_CARD")
    page.get_by_label("Your grievance").fill("Family ration card shows two members who died years ago.")
    page.get_by_role("button", name="Lodge the grievance").click()
    reg_no = page.get_by_test_id("reg-no").inner_text()
    assert "+919830012345" in page.locator(".confirmation").inner_text()

    nodal, cmo = api.login("nodal.food.pur"), api.login("cmo.cell")
    atr = task(api, nodal, "Task_submit_atr", reg_no)
    api.complete(nodal, atr["task_id"], {"action_taken": "Names removed after field enquiry.", "outcome": "redressed"})
    verify = task(api, cmo, "Task_verify", reg_no)
    api.complete(cmo, verify["task_id"], {"call_result": "reached_satisfied", "decision": "close"})

    page.context.clear_cookies()
    people.citizen(page, CITIZEN)
    case = page.locator(".case", has_text=reg_no)
    assert "service centre" in case.inner_text() and "Closed" in case.inner_text()
    case.get_by_role("link", name="Are you satisfied? Tell us").click()
    page.get_by_role("button", name="Send").click()  # nothing chosen yet: the browser asks for an answer first
    assert page.get_by_label("Yes").evaluate("radio => radio.validity.valueMissing")
    assert page.get_by_role("status").count() == 0
    page.get_by_label("No, I want to appeal").check()
    page.get_by_label("Your rating").select_option("1")
    page.get_by_label("Comments").fill("One name is still on the card.")
    page.get_by_role("button", name="Send").click()
    assert "Your appeal is registered" in page.get_by_role("status").inner_text()
    shot(page, "appeal-registered")
    assert task(api, api.login("hod.food"), "Task_decide_appeal", reg_no)["role"] == "head_of_department"
