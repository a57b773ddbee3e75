"""GeoReport v2 makes `phone` optional: a partner may lodge with the complainant's e-mail only. The case is lodged,
routed and worked like any other; the complainant hears by e-mail (acknowledgement and progress) instead of SMS;
two e-mail-only cases are not taken for duplicates of each other; with neither phone nor e-mail the request is
refused in GeoReport's error format. People lodging in person or by phone still give a mobile."""
from __future__ import annotations

from core.db import transaction
from notifications.queries import list_messages


def _mails_to(app, address: str) -> list:
    with app.app_context(), transaction(readonly=True) as session:
        return list_messages(session, recipient=address, channel="email")


def test_a_partner_lodges_with_an_e_mail_only_and_the_complainant_hears_by_e_mail(app, api, open311, key):
    created = open311.lodge(key, phone=None, email="rina.das@example.in")
    reg_no = created["service_request_id"]
    mails = _mails_to(app, "rina.das@example.in")
    assert any(reg_no in mail.body for mail in mails), "the acknowledgement goes by e-mail"
    assert len(mails) >= 2, "and the forwarding notice too"
    assert {mail.subject for mail in mails} == {f"CM's grievance portal: {reg_no}"}, "a subject naming it"

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


def test_media_url_is_kept_and_shown_to_the_client_that_lodged_it_and_the_office(api, open311, key):
    photo = "https://app.wb.example/photos/transformer-1234.jpg"
    created = open311.lodge(key, media_url=photo)
    reg_no = created["service_request_id"]
    [mine] = open311.requests(service_request_id=reg_no, api_key=key)
    assert mine["media_url"] == photo
    [public] = open311.requests(service_request_id=reg_no)
    assert public["media_url"] is None, "like the description, the photo is for the client that lodged it"
    office = api.app.test_client()
    with office.session_transaction() as session:
        session["token"] = api.login("nodal.food.pur")
    page = office.get(f"/cases/{reg_no}").get_data(as_text=True)
    assert f'href="{photo}" rel="noopener noreferrer nofollow"' in page, "the office sees the partner's photo link"
    described = open311.error(open311.post({**_form(key), "media_url": "javascript:alert(1)"}), 400)
    assert any(text.startswith("media_url must be an http(s) URL") for text in described)


def _form(key: str) -> dict:
    from tests.integration.open311.conftest import lodging_form

    return lodging_form(api_key=key)


def test_unknown_paths_and_methods_answer_in_open311_format_and_discovery_names_the_address_used(open311):
    for path in ("/open311/v2/requests", "/open311/v2/nothing.json"):
        response = open311.client.get(path)
        assert response.status_code == 404 and response.content_type.startswith("application/json")
        [error] = response.get_json()
        assert error["code"] == 404 and "end in .json or '.xml'" in error["description"]
    wrong_method = open311.client.delete("/open311/v2/requests.xml")
    assert wrong_method.status_code == 405 and wrong_method.content_type.startswith("text/xml")
    assert b"<errors>" in wrong_method.data and b"<code>405</code>" in wrong_method.data
    discovery = open311.client.get("/open311/v2/discovery.json", base_url="https://grievance.wb.example")
    assert discovery.get_json()["endpoints"][0]["url"] == "https://grievance.wb.example/open311/v2"
