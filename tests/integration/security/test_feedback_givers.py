"""Feedback is the complainant's: an operator may record it only on the complainant's explicit behalf, and the
history says who gave it. Before, an operator could give it unasked and the complainant was then refused."""
from __future__ import annotations

from tests.support.cases import close

CITIZEN = "9830012345"


def _operator_case_closed(api) -> tuple[str, str]:
    operator = api.login("operator")
    lodged = api.lodge(operator, mobile=CITIZEN)
    assert lodged.status_code == 201, lodged.get_json()
    reg_no = lodged.get_json()["reg_no"]
    close(api, reg_no)
    return operator, reg_no


def _feedback_events(api, reg_no) -> list[dict]:
    events = api.get(f"/grievances/{reg_no}/history", api.login("auditor")).get_json()["events"]
    return [e["data"] for e in events if e["event_type"] == "feedback_received"]


def test_an_operator_cannot_give_the_complainants_feedback_unasked_and_the_complainant_still_can(api):
    operator, reg_no = _operator_case_closed(api)
    refused = api.post(f"/grievances/{reg_no}/feedback", operator, json={"is_satisfied": True, "rating": 5})
    assert refused.status_code == 403 and "on_behalf_of_complainant" in refused.get_json()["detail"]
    citizen = api.login_citizen(CITIZEN)
    given = api.post(f"/grievances/{reg_no}/feedback", citizen, json={"is_satisfied": True, "rating": 4})
    assert given.status_code == 201, given.get_json()
    assert _feedback_events(api, reg_no) == [{"is_satisfied": True, "rating": 4, "comment": "",
                                              "given_by": "complainant"}]


def test_an_operator_records_feedback_on_the_complainants_behalf_and_the_history_says_so(api):
    operator, reg_no = _operator_case_closed(api)
    given = api.post(f"/grievances/{reg_no}/feedback", operator, json={
        "is_satisfied": True, "rating": 5, "comment": "Said by phone.", "on_behalf_of_complainant": True})
    assert given.status_code == 201, given.get_json()
    assert _feedback_events(api, reg_no)[0]["given_by"] == "operator_on_behalf_of_complainant"


def test_roles_that_are_not_the_complainant_nor_an_operator_may_not_give_feedback(api):
    _operator, reg_no = _operator_case_closed(api)
    for name in ("nodal.food.pur", "auditor", "hod.food"):
        refused = api.post(f"/grievances/{reg_no}/feedback", api.login(name), json={
            "is_satisfied": False, "rating": 1, "on_behalf_of_complainant": True})
        assert refused.status_code == 403, name
