"""Logging in, and who may see and do what: roles, office scope, masking of personal data."""
from __future__ import annotations

from datetime import timedelta

import pytest

from accounts.models import Role
from accounts.service import create_user
from core.db import transaction
from directory.queries import get_office
from tests.conftest import START

CITIZEN = "9830012345"


def test_officer_login_needs_password_then_the_sms_otp(api):
    assert api.post("/auth/login", json={"username": "cmo.cell", "password": "wrong"}).status_code == 401
    assert api.post("/auth/login", json={"username": "nobody", "password": "x"}).status_code == 401
    started = api.post("/auth/login", json={"username": "cmo.cell", "password": "Demo@12345"}).get_json()
    assert started["sent_to"] == "+91******0002"
    wrong = api.post("/auth/verify", json={"challenge_id": started["challenge_id"], "code": "000000"})
    assert wrong.status_code == 401 and wrong.get_json()["code"] == "otp_wrong"
    code = api.last_otp("+919000000002")
    ok = api.post("/auth/verify", json={"challenge_id": started["challenge_id"], "code": code})
    assert ok.status_code == 200 and ok.get_json()["role"] == "cmo_cell"
    reused = api.post("/auth/verify", json={"challenge_id": started["challenge_id"], "code": code})
    assert reused.status_code == 401, "an OTP works once"


def test_an_otp_expires_after_ten_minutes(api, frozen_clock):
    started = api.post("/auth/otp", json={"mobile": CITIZEN}).get_json()
    code = api.last_otp("+91" + CITIZEN)
    frozen_clock.advance(minutes=10, seconds=1)
    late = api.post("/auth/verify", json={"challenge_id": started["challenge_id"], "code": code})
    assert late.status_code == 401 and late.get_json()["code"] == "otp_expired"


def test_otp_guessing_and_flooding_are_limited(api):
    started = api.post("/auth/otp", json={"mobile": CITIZEN}).get_json()
    for _ in range(5):
        api.post("/auth/verify", json={"challenge_id": started["challenge_id"], "code": "111111"})
    locked = api.post("/auth/verify", json={"challenge_id": started["challenge_id"],
                                            "code": api.last_otp("+91" + CITIZEN)})
    assert locked.status_code == 429
    api.post("/auth/otp", json={"mobile": CITIZEN})
    api.post("/auth/otp", json={"mobile": CITIZEN})
    assert api.post("/auth/otp", json={"mobile": CITIZEN}).status_code == 429


def test_otp_codes_are_not_kept_readable_after_delivery(app, api):
    from notifications.queries import list_messages
    from notifications.service import REDACTED, dispatch_pending

    api.post("/auth/otp", json={"mobile": CITIZEN})
    with app.app_context():
        assert dispatch_pending(app.extensions["db"], senders={"sms": lambda message: None}) >= 1
        with transaction(readonly=True) as session:
            [sms] = list_messages(session, recipient="+91" + CITIZEN)
            assert sms.status == "sent" and sms.body == REDACTED


def test_no_token_is_401_and_the_wrong_role_is_403(api):
    assert api.get("/worklist").status_code == 401
    assert api.get("/worklist", "not-a-token").status_code == 401
    citizen = api.login_citizen(CITIZEN)
    assert api.get("/grievances/CMO/2026/000001/history", citizen).status_code == 403
    nodal = api.login("nodal.food.pur")
    assert api.lodge(nodal, mobile=CITIZEN).status_code == 403


def test_logout_revokes_the_token(api):
    token = api.login("auditor")
    assert api.post("/auth/logout", token).status_code == 204
    assert api.get("/grievances", token).status_code == 401


def test_integration_token_from_the_cli_works(app, api):
    result = app.test_cli_runner().invoke(args=["accounts", "token", "operator"])
    assert result.exit_code == 0
    token = result.output.strip()
    response = api.lodge(token, mobile=CITIZEN)
    assert response.status_code == 201 and response.get_json()["channel"] == "call_centre"
    assert app.test_cli_runner().invoke(args=["accounts", "token", "ghost"]).exit_code != 0


@pytest.fixture
def case(api):
    citizen = api.login_citizen(CITIZEN)
    return api.lodge(citizen).get_json()["reg_no"], citizen


def _make_nodal_officer(app, username, office_code):
    with app.app_context(), transaction() as session:
        create_user(session, username=username, full_name=username, role=Role.NODAL_OFFICER, password="Demo@12345",
                    mobile="9000000099", office_ids=(get_office(session, office_code).id,))


def test_an_officer_of_another_office_can_neither_see_nor_act(app, api, case):
    reg_no, _citizen = case
    other = api.login("nodal.food.kol")
    assert api.get(f"/grievances/{reg_no}", other).status_code == 404
    assert api.worklist(other) == []
    nodal = api.login("nodal.food.pur")
    [atr] = api.worklist(nodal)
    assert api.complete(other, atr["task_id"], {"action_taken": "Not mine but trying.",
                                                "outcome": "redressed"}).status_code == 404
    assert api.post(f"/tasks/{atr['task_id']}/claim", other).status_code == 404


def test_claims_keep_colleagues_apart(app, api, case):
    _make_nodal_officer(app, "nodal.food.pur.2", "FOOD-PUR")
    first, second = api.login("nodal.food.pur"), api.login("nodal.food.pur.2")
    [atr] = api.worklist(first)
    assert api.post(f"/tasks/{atr['task_id']}/claim", first).status_code == 200
    assert api.post(f"/tasks/{atr['task_id']}/claim", second).status_code == 409
    assert api.worklist(second, claimed="unclaimed") == []
    refused = api.complete(second, atr["task_id"], {"action_taken": "Done by a colleague.", "outcome": "redressed"})
    assert refused.status_code == 409 and refused.get_json()["code"] == "task_claimed"
    assert api.post(f"/tasks/{atr['task_id']}/release", first).status_code == 200
    assert api.post(f"/tasks/{atr['task_id']}/claim", second).status_code == 200


def test_contact_details_are_masked_for_roles_that_do_not_need_them(api, case):
    reg_no, citizen = case
    seen = {}
    for who in ("nodal.food.pur", "cmo.cell", "hod.food", "auditor"):
        seen[who] = api.get(f"/grievances/{reg_no}", api.login(who)).get_json()
    seen["citizen"] = api.get(f"/grievances/{reg_no}", citizen).get_json()
    for who in ("nodal.food.pur", "cmo.cell", "citizen"):
        assert seen[who]["mobile"] == "+919830012345" and seen[who]["address"] == "Village Hura, Purulia"
    for who in ("hod.food", "auditor"):
        assert seen[who]["mobile"] == "+91******2345" and seen[who]["address"] == "V***"
    public = api.get(f"/track/{reg_no}").get_json()
    assert "mobile" not in public and "complainant_name" not in public and "address" not in public


def test_citizens_track_their_own_cases_by_mobile_and_officers_search_by_name_and_date(api, case, frozen_clock):
    reg_no, citizen = case
    other_citizen = api.login_citizen("9830099999")
    api.lodge(other_citizen, complainant_name="Someone Else")
    mine = api.get("/grievances", citizen).get_json()
    assert [g["reg_no"] for g in mine["items"]] == [reg_no]
    cmo = api.login("cmo.cell")
    found = api.get("/grievances", cmo, query_string={"name": "sabina", "lodged_on": "2026-11-02"}).get_json()
    assert [g["reg_no"] for g in found["items"]] == [reg_no]
    assert api.get("/grievances", cmo, query_string={"name": "sabina", "lodged_on": "2026-11-03"}).get_json()[
        "total"] == 0
    by_mobile = api.get("/grievances", cmo, query_string={"mobile": "98300 12345"}).get_json()
    assert by_mobile["total"] == 1


def test_roles_without_cases_see_none_and_operators_only_what_they_lodged(app, api, case):
    reg_no, _citizen = case
    by_operator = api.lodge(api.login("operator"), mobile="9830099999").get_json()["reg_no"]
    with app.app_context(), transaction() as session:
        create_user(session, username="nodal.new", full_name="Not yet posted", role=Role.NODAL_OFFICER,
                    password="Demo@12345", mobile="9000000096")
    for who, expected in (("process.owner", []), ("nodal.new", []), ("operator", [by_operator]),
                          ("csc.operator", []), ("nodal.food.pur", sorted([reg_no, by_operator]))):
        token = api.login(who)
        assert sorted(g["reg_no"] for g in api.get("/grievances", token).get_json()["items"]) == expected, who
    assert api.get(f"/grievances/{reg_no}", api.login("operator")).status_code == 404
    assert api.worklist(api.login("nodal.new")) == []


def test_a_citizen_cannot_lodge_under_someone_elses_mobile(api):
    citizen = api.login_citizen(CITIZEN)
    response = api.lodge(citizen, mobile="9830099999")
    assert response.status_code == 422 and "mobile" in response.get_json()["errors"]


def test_session_tokens_expire(api, frozen_clock):
    token = api.login("auditor")
    frozen_clock.advance(timedelta(hours=12, seconds=1))
    assert api.get("/grievances", token).status_code == 401


def _make_department_head(app, username, role, department_code, mobile):
    from directory.queries import find_department

    with app.app_context(), transaction() as session:
        create_user(session, username=username, full_name=username, role=role, password="Demo@12345",
                    mobile=mobile, department_id=find_department(session, department_code).id)


def test_heads_and_secretaries_see_and_act_on_their_own_departments_escalations_only(app, api, case, frozen_clock):
    """The food case climbs to the food head of department and then the food secretary; their counterparts in
    the power department neither see those reviews in their worklist nor claim or complete them."""
    import engine

    reg_no, _citizen = case
    _make_department_head(app, "hod.power", Role.HEAD_OF_DEPARTMENT, "POWER", "9000000098")
    _make_department_head(app, "secretary.power", Role.SECRETARY, "POWER", "9000000097")
    for days in (8, 14):  # the ATR deadline lapses (head of department), then three working days more (secretary)
        frozen_clock.set(START + timedelta(days=days, minutes=1))
        with app.app_context():
            engine.fire_due_timers(app.extensions["db"])
    for own, other, task_name in (("hod.food", "hod.power", "Task_escalation_review"),
                                  ("secretary.food", "secretary.power", "Task_secretary_review")):
        [review] = [i for i in api.worklist(api.login(own)) if i["task"] == task_name]
        assert review["reg_no"] == reg_no
        outsider = api.login(other)
        assert api.worklist(outsider) == [] and api.worklist(outsider, sla="red") == []
        assert api.get(f"/tasks/{review['task_id']}", outsider).status_code == 404
        assert api.post(f"/tasks/{review['task_id']}/claim", outsider).status_code == 404
        refused = api.complete(outsider, review["task_id"], {"directive": "Not my department's case."})
        assert refused.status_code == 404
        assert api.get(f"/grievances/{reg_no}", outsider).status_code == 404
        assert api.get("/grievances", outsider).get_json()["total"] == 0
        assert api.get("/grievances", api.login(own)).get_json()["total"] == 1
