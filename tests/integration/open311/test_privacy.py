"""Requests are public, personal data is not: what a complainant said and where only reaches the client that
lodged it, and names, mobile numbers and e-mail addresses reach nobody through Open311."""
from __future__ import annotations

from accounts.models import Role
from accounts.service import create_user
from core.db import transaction
from tests.integration.open311.conftest import FORMATS, mint_key

DESCRIPTION = "My ration card application of March is still pending at the block office."
PERSONAL = ("9830012345", "sabina@example.in", "Sabina", "Khatun")
SAID_AND_WHERE = (DESCRIPTION, "Village Hura", "23.3322", "86.3616")


def bodies(open311, reg_no: str, **params) -> dict[str, str]:
    """Everything the list and the single request answer, in both formats, as raw text."""
    texts = {}
    for fmt in FORMATS:
        for path in ("requests", f"requests/{reg_no}"):
            response = open311.get(path, fmt, **params)
            assert response.status_code == 200, response.data
            texts[f"{path}.{fmt}"] = response.get_data(as_text=True)
    return texts


def test_anyone_may_follow_requests_but_sees_no_personal_data(open311, key):
    reg_no = open311.lodge(key)["service_request_id"]
    for where, text in bodies(open311, reg_no).items():
        assert reg_no in text, where
        for secret in PERSONAL + SAID_AND_WHERE:
            assert secret not in text, (where, secret)
    [request] = open311.requests()
    assert (request["description"], request["address"], request["lat"], request["long"]) == (None, None, None, None)


def test_the_lodging_client_sees_what_it_sent_but_never_the_complainants_identity(open311, key):
    reg_no = open311.lodge(key)["service_request_id"]
    for where, text in bodies(open311, reg_no, api_key=key).items():
        for said in SAID_AND_WHERE:
            assert said in text, (where, said)
        for secret in PERSONAL:
            assert secret not in text, (where, secret)
    [request] = open311.requests(api_key=key)
    assert (request["description"], request["address"]) == (DESCRIPTION, "Village Hura, Purulia")


def test_another_client_sees_nothing_personal_of_requests_it_did_not_lodge(app, api, open311, key):
    with app.app_context(), transaction() as session:
        create_user(session, username="open311.other", full_name="Another state app", role=Role.INTEGRATION,
                    mobile="9000000077")
    other_key = mint_key(app, "open311.other")
    reg_no = open311.lodge(key)["service_request_id"]
    portal_case = api.lodge(api.login_citizen("9830099999"), description="A portal grievance the integration "
                            "did not lodge about ration.").get_json()["reg_no"]
    for who in (other_key, key):
        for fmt in FORMATS:
            text = open311.get(f"requests/{portal_case}", fmt, api_key=who).get_data(as_text=True)
            assert portal_case in text and "portal grievance" not in text and "Village Hura" not in text
    assert {r["service_request_id"] for r in open311.requests(api_key=other_key)} == {reg_no, portal_case}
    for where, text in bodies(open311, reg_no, api_key=other_key).items():
        for secret in PERSONAL + SAID_AND_WHERE:
            assert secret not in text, (where, secret)
