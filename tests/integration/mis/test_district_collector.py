"""A district collector's own login: every department's figures and cases in their district, nothing of any other
district, contact details masked; an administrator posts the collector to a district."""
from __future__ import annotations

import re

import pytest

from tests.integration.mis.test_mis_report import _lodge, _row
from tests.integration.security.pages import logged_in_pages

REG_NO = re.compile(r"CMO/\d{4}/\d{6}")


@pytest.fixture
def cases(api) -> dict[str, str]:
    """Two grievances in Purulia (Food, Panchayats), one of Food in Kolkata."""
    return {"food_pur": _lodge(api, "9830000101", "Ration card not issued since March."),
            "prd_pur": _lodge(api, "9830000102", "MGNREGA wages for June are unpaid.", category="PRD_MGNREGA_WAGES"),
            "food_kol": _lodge(api, "9830000103", "The ration dealer gives short weight.", district="KOL",
                               category="FOOD_PDS_DEALER", address="Park Circus")}


def test_a_collector_sees_every_department_of_their_district_and_no_other(api, cases):
    collector, _ = logged_in_pages(api, api.login("collector.pur"))
    landing = collector.get("/dashboard")
    assert landing.status_code == 200
    page = landing.get_data(as_text=True)
    assert "Purulia" in page
    assert _row(page, "FOOD")["received"] == 1 and _row(page, "PRD")["received"] == 1, "Kolkata's case not counted"

    mis = collector.get("/mis").get_data(as_text=True)
    assert _row(mis, "FOOD")["pending"] == 1 and _row(mis, "PRD")["pending"] == 1
    assert '<option value="PUR"' in mis and '<option value="KOL"' not in mis, "only their district is offered"
    offices = collector.get("/mis", query_string={"department": "FOOD"}).get_data(as_text=True)
    assert 'data-key="FOOD-PUR"' in offices and 'data-key="FOOD-KOL"' not in offices
    assert collector.get("/mis", query_string={"district": "KOL"}).status_code == 403
    assert collector.get("/mis/officers", query_string={"office": "FOOD-PUR"}).status_code == 200
    assert collector.get("/mis/officers", query_string={"office": "FOOD-KOL"}).status_code == 403

    listed = set(REG_NO.findall(collector.get("/dashboard/cases", query_string={"state": "pending"})
                                .get_data(as_text=True)))
    assert listed == {cases["food_pur"], cases["prd_pur"]}
    assert collector.get("/dashboard/cases", query_string={"district": "KOL"}).status_code == 403
    opened = collector.get(f"/dashboard/cases/{cases['food_pur']}").get_data(as_text=True)
    assert cases["food_pur"] in opened and "9830000101" not in opened, "the mobile is masked"
    assert collector.get(f"/dashboard/cases/{cases['food_kol']}").status_code == 404
    token = api.login("collector.pur")
    own = api.get(f"/grievances/{cases['food_pur']}", token)
    assert (own.status_code, own.get_json()["mobile"]) == (200, "+91******0101"), "the API too, masked"
    assert api.get(f"/grievances/{cases['food_kol']}", token).status_code == 404

    for other in ("/map", "/trends", "/office-index", "/worklist"):
        assert collector.get(other).status_code == 403, other


def test_an_administrator_posts_a_collector_to_a_district(api):
    admin, headers = logged_in_pages(api, api.login("admin"))
    form = {"username": "collector.ban", "full_name": "District Magistrate, Bankura",
            "role": "district_collector", "mobile": "9000000043", "password": "Collector@2026"}
    refused = admin.post("/admin/users", data=form, headers=headers)
    assert refused.status_code == 422 and "a district collector needs a district" in refused.get_data(as_text=True)
    bengali = admin.post("/admin/users?lang=bn", data=form, headers=headers)
    assert bengali.status_code == 422 and "জেলাশাসকের একটি জেলা লাগবে" in bengali.get_data(as_text=True)
    assert admin.post("/admin/users", data=form | {"district": "XYZ"}, headers=headers).status_code == 422
    created = admin.post("/admin/users", data=form | {"district": "BAN"}, headers=headers, follow_redirects=True)
    assert created.status_code == 200
    assert re.search(r'<tr data-user="collector.ban">.*?<td>BAN</td>', created.get_data(as_text=True), re.S)


def test_a_collectors_search_finds_their_districts_cases_and_no_other(api, cases):
    token = api.login("collector.pur")
    found = api.get("/grievances", token)
    assert found.status_code == 200, found.get_json()
    assert {g["reg_no"] for g in found.get_json()["items"]} == {cases["food_pur"], cases["prd_pur"]}
    assert api.get("/grievances?mobile=9830000103", token).get_json()["items"] == [], "Kolkata's complainant"
