"""Security headers a browser or proxy acts on: nosniff, no-store on personal data, HSTS over https."""
from __future__ import annotations

import pytest

from tests.integration.security.pages import logged_in_pages

CITIZEN = "9830012345"


@pytest.fixture
def case(api):
    citizen = api.login_citizen(CITIZEN)
    return api.lodge(citizen).get_json()["reg_no"], citizen


def _personal(response):
    assert response.status_code == 200, response.status_code
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in response.headers, "plain http: no HSTS"


def test_api_answers_with_personal_data_are_neither_sniffed_nor_stored(api, case):
    reg_no, citizen = case
    _personal(api.get(f"/grievances/{reg_no}", citizen))
    _personal(api.get("/grievances", citizen))
    _personal(api.get(f"/grievances/{reg_no}/history", api.login("auditor")))
    _personal(api.get("/worklist", api.login("nodal.food.pur")))


def test_officers_and_citizens_pages_are_not_stored(api, case):
    _reg_no, citizen = case
    officer_pages, _ = logged_in_pages(api, api.login("nodal.food.pur"))
    _personal(officer_pages.get("/worklist"))
    citizen_pages, _ = logged_in_pages(api, citizen)
    _personal(citizen_pages.get("/my-cases"))


def test_static_assets_stay_cacheable(api):
    style = api.client.get("/static/app.css")
    assert style.status_code == 200 and style.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" not in style.headers.get("Cache-Control", "")


@pytest.mark.parametrize("settings_overrides", [{"public_url": "https://grievance.wb.gov.in"}])
def test_hsts_when_the_portal_is_served_over_https(api):
    for response in (api.get("/worklist"), api.client.get("/"), api.client.get("/static/app.css")):
        assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
