"""GeoReport v2 makes `phone` optional: a partner may lodge with the complainant's e-mail only. The case is lodged,
routed and worked like any other; the complainant hears by e-mail (acknowledgement and progress) instead of SMS;
two e-mail-only cases are not taken for duplicates of each other; with neither phone nor e-mail the request is
refused in GeoReport's error format. People lodging in person or by phone still give a mobile."""
from __future__ import annotations

from core.db import transaction
from notifications.queries import list_messages


def _mails_to(app, address: str) -> list[str]:
    with app.app_context(), transaction(readonly=True) as session:
        return [m.body for m in list_messages(session, recipient=address, channel="email")]


def test_a_partner_lodges_with_an_e_mail_only_and_the_complainant_hears_by_e_mail(app, api, open311, key):
    created = open311.lodge(key, phone=None, email="rina.das@example.in")
    reg_no = created["service_request_id"]
    mails = _mails_to(app, "rina.das@example.in")
    assert any(reg_no in body for body in mails), "the acknowledgement goes by e-mail"
    assert len(mails) >= 2, "and the forwarding notice too"

    cmo = api.login("cmo.cell")
    case = api.get(f"/grievances/{reg_no}", cmo).get_json()
    assert case["mobile"] is None and case["email"] == "rina.das@example.in" and case["status"] == "forwarded"
    [request] = open311.requests(service_request_id=reg_no)
    assert request["status"] == "open"

    second = open311.lodge(key, phone=None, email="someone.else@example.in")
    other = api.get(f"/grievances/{second['service_request_id']}", cmo).get_json()
    assert other["duplicate_of"] is None, "a missing mobile is no reason to call two cases duplicates"

    office = api.login("nodal.food.pur")
    rows = api.worklist(office)
    assert any(row["reg_no"] == reg_no and row["mobile"] is None for row in rows)
    pages = api.app.test_client()
    with pages.session_transaction() as session:
        session["token"] = office
    assert pages.get(f"/cases/{reg_no}").status_code == 200


def test_neither_phone_nor_e_mail_is_refused_and_operators_still_give_a_mobile(api, open311, key):
    described = open311.error(open311.post({"api_key": key, "service_code": "FOOD_RATION_CARD",
                                            "attribute[district]": "PUR", "address_string": "Hura, Purulia",
                                            "description": "My ration card application is still pending."}), 400)
    assert any(text.startswith("phone is required when no email is given") for text in described)
    by_operator = api.lodge(api.login("operator"), email="rina.das@example.in")
    assert by_operator.status_code == 422 and "mobile" in by_operator.get_json()["errors"]
