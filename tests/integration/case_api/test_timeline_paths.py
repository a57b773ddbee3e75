"""The case page tells every path a case can take in words: a question to the complainant and the answer, a
field check, a return for re-routing to another department, and an appeal decided to its end."""
from __future__ import annotations

from datetime import timedelta

from accounts.models import Role
from accounts.service import create_user
from core.db import transaction
from directory.queries import find_department
from tests.conftest import START
from tests.integration.security.pages import logged_in_pages
from tests.support import cases

CITIZEN = "9830012345"
ATR = {"action_taken": "Ration card printed and handed over.", "outcome": "redressed"}


def _complete(api, user: str, task_name: str, reg_no: str, data: dict) -> None:
    token = api.login(user)
    done = api.complete(token, cases.task(api, token, task_name, reg_no)["task_id"], data)
    assert done.status_code == 200, done.get_json()


def _page(api, reg_no: str, reader: str = "auditor") -> str:
    client, _headers = logged_in_pages(api, api.login(reader))
    return " ".join(client.get(f"/cases/{reg_no}").get_data(as_text=True).split())


def _lodge(api) -> str:
    lodged = api.lodge(api.login_citizen(CITIZEN))
    assert lodged.status_code == 201, lodged.get_json()
    return lodged.get_json()["reg_no"]


def test_question_answer_and_field_check_read_in_words(api, frozen_clock):
    reg_no = _lodge(api)
    _complete(api, "nodal.food.pur", "Task_submit_atr", reg_no,
              {"action_taken": "Checked the shop register.", "outcome": "needs_clarification",
               "clarification_question": "Which ration shop do you use?"})
    frozen_clock.set(START + timedelta(days=1))
    assert api.post(f"/grievances/{reg_no}/clarification", api.login_citizen(CITIZEN),
                    json={"text": "Shop no. 14, Hura market."}).status_code == 204
    _complete(api, "nodal.food.pur", "Task_submit_atr", reg_no, ATR)
    _complete(api, "cmo.cell", "Task_verify", reg_no, {"call_result": "not_reachable", "decision": "field_validation"})
    _complete(api, "cmo.cell", "Task_field_validation", reg_no, {"field_result": "confirmed", "decision": "close"})

    page = _page(api, reg_no)
    assert "The office asked the complainant a question; its deadline waits for the answer." in page
    assert "Which ration shop do you use?" in page
    assert "The complainant answered." in page and "Shop no. 14, Hura market." in page
    assert "The office's deadline runs again." in page
    assert "Field check: action confirmed in the field. Decision: close the grievance." in page
    assert "the office reported it redressed; action confirmed in the field." in page
    assert "Task_field_validation" not in page.split("technical detail")[0]


def test_return_for_rerouting_and_an_appeal_to_its_end(app, api, frozen_clock):
    with app.app_context(), transaction() as session:
        create_user(session, username="hod.prd", full_name="Secretary, Panchayats", role=Role.HEAD_OF_DEPARTMENT,
                    password="Demo@12345", mobile="9000000098", department_id=find_department(session, "PRD").id)
    reg_no = _lodge(api)
    _complete(api, "nodal.food.pur", "Task_submit_atr", reg_no,
              {"action_taken": "This is a wages matter, not ours.", "outcome": "not_pertaining"})
    _complete(api, "cmo.cell", "Task_review_category", reg_no,
              {"category": "PRD_MGNREGA_WAGES", "department": "PRD", "priority": "urgent"})
    _complete(api, "nodal.prd.pur", "Task_submit_atr", reg_no, ATR)
    _complete(api, "cmo.cell", "Task_verify", reg_no, {"call_result": "reached_satisfied", "decision": "close"})
    citizen = api.login_citizen(CITIZEN)
    assert api.post(f"/grievances/{reg_no}/feedback", citizen,
                    json={"is_satisfied": False, "rating": 1, "comment": "Wages still unpaid."}).status_code == 201
    _complete(api, "hod.prd", "Task_decide_appeal", reg_no,
              {"decision": "close", "reasons": "Wages credited on 5 Nov."})

    page = _page(api, reg_no)
    assert ("The office says the grievance does not pertain to it; returned to the CM's grievance cell to route it "
            "again.") in page
    assert "Category set to MGNREGA" in page and "priority urgent" in page
    assert page.count("Forwarded to") == 2 and "Panchayat" in page.split("Forwarded to")[2][:120]
    assert "Feedback: not satisfied, rated 1 of 5." in page and "Appeal opened" in page
    assert "Appeal decided: close the grievance." in page and "Wages credited on 5 Nov." in page
    assert page.count("Grievance closed.") == 2
