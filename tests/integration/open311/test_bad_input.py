"""Refusals in the specification's error format (JSON and XML) that say what is wrong, with nothing half-lodged."""
from __future__ import annotations

import pytest

from tests.integration.open311.conftest import FORMATS, counts, lodging_form

NO_KEY = object()


@pytest.mark.parametrize("overrides, status, says", [
    ({"api_key": NO_KEY}, 403, "api_key is required"),
    ({"api_key": "not-a-key"}, 403, "api_key is not valid"),
    ({"service_code": "NO_SUCH_SERVICE"}, 400, "service_code NO_SUCH_SERVICE is not a known service"),
    ({"service_code": None}, 400, "service_code is required"),
    ({"lat": None, "long": None, "address_string": None}, 400, "location is required"),
    ({"long": None, "address_string": None}, 400, "long is required when lat is given"),
    ({"attribute[district]": None}, 400, "attribute[district] is required"),
    ({"attribute[district]": "XYZ"}, 400, "attribute[district]: unknown district 'XYZ'"),
    ({"attribute[subdivision]": "KOL-KMC"}, 400, "attribute[subdivision]: 'KOL-KMC' is not a sub-division of PUR"),
    ({"attribute[block]": "BAN-01"}, 400, "attribute[block]: 'BAN-01' is not a block of PUR"),
    ({"attribute[is_emergency]": "maybe"}, 400, "attribute[is_emergency] must be true or false"),
    ({"phone": None, "email": None}, 400, "phone is required when no email is given"),
    ({"phone": "12345"}, 400, "phone must be the complainant's 10-digit Indian mobile number"),
    ({"phone": "5830012345"}, 400, "phone must be the complainant's 10-digit Indian mobile number"),
    ({"description": "too short"}, 400, "description must describe the grievance in at least 10 characters"),
    ({"description": None}, 400, "description is required"),
    ({"description": "x" * 4001}, 400, "description must be at most 4,000 characters"),
    ({"description": "See <script>alert(1)</script> at the ration shop"}, 400, "description must be plain text"),
    ({"lat": "123"}, 400, "lat must be between -90 and 90"),
    ({"lat": "north"}, 400, "lat must be a decimal number"),
    ({"long": "200"}, 400, "long must be between -180 and 180"),
    ({"email": "not-mail"}, 400, "email must be an e-mail address"),
])
def test_a_bad_request_is_refused_in_both_formats_and_lodges_nothing(app, open311, key, overrides, status, says):
    form = lodging_form(**{"api_key": key, **overrides})
    if overrides.get("api_key") is NO_KEY:
        del form["api_key"]
    before = counts(app)
    for fmt in FORMATS:
        descriptions = open311.error(open311.post(form, fmt), status, fmt)
        assert any(says in text for text in descriptions), descriptions
    assert counts(app) == before, "nothing half-lodged"


def test_only_a_registered_integration_may_lodge(app, api, open311):
    before = counts(app)
    tokens = {"citizen": api.login_citizen("9830012345"), "operator": api.login("operator"),
              "cmo.cell": api.login("cmo.cell")}
    for who, token in tokens.items():
        descriptions = open311.error(open311.post(lodging_form(api_key=token)), 403)
        assert descriptions == ["api_key does not belong to a registered Open311 client"], who
        assert open311.error(open311.get("requests", api_key=token), 403), who
    assert counts(app) == before


def test_a_revoked_key_is_refused(app, open311, key):
    from accounts.service import revoke_token
    from core.db import transaction

    with app.app_context(), transaction() as session:
        revoke_token(session, token=key)
    assert open311.error(open311.post(lodging_form(api_key=key)), 403) == [
        "api_key is not valid: it is unknown, expired or revoked"]


def test_malformed_json_is_a_400_in_the_standard_format(app, open311):
    before = counts(app)
    response = open311.client.post("/open311/v2/requests.xml", data="{not json", content_type="application/json")
    assert "not JSON" in open311.error(response, 400, "xml")[0]
    assert counts(app) == before


@pytest.mark.parametrize("path, params, status, says", [
    ("services/NO_SUCH", {}, 404, "service_code NO_SUCH is not a known service"),
    ("requests/CMO/2026/999999", {}, 404, "service_request_id CMO/2026/999999 is not a known service request"),
    ("requests", {"start_date": "last tuesday"}, 400, "start_date must be an ISO 8601 date and time"),
    ("requests", {"end_date": "2026-13-01"}, 400, "end_date must be an ISO 8601 date and time"),
    ("requests", {"start_date": "2026-11-02", "end_date": "2026-11-01"}, 400, "end_date must not be before"),
    ("requests", {"start_date": "2026-01-01", "end_date": "2026-11-01"}, 400, "may not be more than 90 days"),
    ("requests", {"status": "pending"}, 400, "status must be open or closed"),
    ("requests", {"api_key": "not-a-key"}, 403, "api_key is not valid"),
])
def test_bad_reads_say_what_is_wrong(open311, path, params, status, says):
    for fmt in FORMATS:
        descriptions = open311.error(open311.get(path, fmt, **params), status, fmt)
        assert any(says in text for text in descriptions), descriptions
