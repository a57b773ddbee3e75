"""Community development blocks: 341 under the state's sub-divisions. A grievance may name its block, which fixes
its sub-division and so the office it goes to; the lodging page offers the chosen district's blocks, by
sub-division, in the user's language."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from core.db import transaction
from directory.models import Area
from tests.integration.security.pages import logged_in_pages

FORM = {"complainant_name": "Ratan Das", "mobile": "9830012345", "district": "PUR", "category": "FOOD_RATION_CARD",
        "description": "My ration card application of March is still pending.", "address": "Hura"}


def test_every_block_lies_in_a_subdivision_of_its_district(app):
    with app.app_context(), transaction(readonly=True) as db:
        areas = {a.code: a for a in db.scalars(select(Area))}
    blocks = [a for a in areas.values() if a.kind == "block"]
    assert len(blocks) == 341
    for block in blocks:
        subdivision = areas[block.subdivision_code]
        assert (subdivision.kind, subdivision.district_code) == ("subdivision", block.district_code), block.code
        assert block.name and block.name_bn and block.name_bn != block.name
    per_district = {d: sum(b.district_code == d for b in blocks) for d in ("PUR", "SPG", "BAN", "KOL")}
    assert per_district == {"PUR": 20, "SPG": 29, "BAN": 22, "KOL": 0}


def test_the_code_list_gives_a_districts_blocks_by_subdivision(api):
    purulia = api.get("/blocks", query_string={"district": "pur"}).get_json()["items"]
    assert len(purulia) == 20 and {b["district"] for b in purulia} == {"PUR"}
    assert {b["subdivision"] for b in purulia} == {"PUR-SDR", "PUR-JHA", "PUR-MAN", "PUR-RAG"}
    sadar = api.get("/blocks", query_string={"subdivision": "PUR-SDR"}).get_json()["items"]
    assert [(b["code"], b["name"], b["name_bn"]) for b in sadar] == [
        ("PUR-01", "Balarampur", "বলরামপুর"), ("PUR-02", "Hura", "হুড়া"), ("PUR-03", "Purulia-I", "পুরুলিয়া-১"),
        ("PUR-04", "Purulia-II", "পুরুলিয়া-২")]
    assert api.get("/blocks", query_string={"district": "KOL"}).get_json()["items"] == []
    assert len(api.get("/blocks").get_json()["items"]) == 341


def test_a_grievance_naming_its_block_goes_to_that_blocks_subdivision_office(api):
    operator = api.login("operator")
    with_block = api.lodge(operator, mobile="9830000001", block="PUR-05")
    assert with_block.status_code == 201, with_block.get_json()
    case = with_block.get_json()
    assert (case["block"], case["subdivision"], case["office"]) == ("PUR-05", "PUR-JHA", "FOOD-PUR-JHA")
    auditor = api.login("auditor")
    shown = api.get(f"/grievances/{case['reg_no']}", auditor).get_json()
    assert (shown["block"], shown["subdivision"]) == ("PUR-05", "PUR-JHA")
    without = api.lodge(operator, mobile="9830000002").get_json()
    assert (without["block"], without["subdivision"], without["office"]) == (None, None, "FOOD-PUR")
    lodged = [lodging_record(api, auditor, c["reg_no"]) for c in (case, without)]
    assert [(d["district"], d.get("subdivision"), d.get("block")) for d in lodged] == [
        ("PUR", "PUR-JHA", "PUR-05"), ("PUR", None, None)], "the history records where the case was lodged"


def lodging_record(api, auditor, reg_no: str) -> dict:
    events = api.get(f"/grievances/{reg_no}/history", auditor).get_json()["events"]
    return next(e["data"] for e in events if e["event_type"] == "grievance_lodged")


@pytest.mark.parametrize("where, field, detail", [
    ({"block": "BAN-01"}, "block", "'BAN-01' is not a block of PUR"),
    ({"block": "PUR-05", "subdivision": "PUR-SDR"}, "block", "'PUR-05' is not a block of sub-division PUR-SDR"),
    ({"block": "PUR-SDR"}, "block", "'PUR-SDR' is not a block of PUR"),                # a sub-division is no block
    ({"subdivision": "PUR-05"}, "subdivision", "'PUR-05' is not a sub-division of PUR"),  # nor a block a sub-division
])
def test_a_block_outside_the_district_or_subdivision_given_is_refused(api, where, field, detail):
    operator = api.login("operator")
    refused = api.lodge(operator, **where)
    assert refused.status_code == 422 and refused.get_json()["errors"] == {field: [detail]}
    assert api.worklist(api.login("nodal.food.pur")) == [], "nothing lodged"


def test_the_lodging_page_offers_the_districts_blocks_in_the_users_language(api):
    client, headers = logged_in_pages(api, api.login("operator"))
    form = client.get("/lodge").get_data(as_text=True)
    assert 'id="block"' in form and '<optgroup label="Purulia: Jhalda">' in form and "Sagar</option>" in form
    bengali = client.get("/lodge/blocks?district=PUR&lang=bn").get_data(as_text=True)
    assert '<optgroup label="ঝালদা">' in bengali and "পুরুলিয়া-১</option>" in bengali
    assert bengali.count("<option") == 21 and "বিষ্ণুপুর" not in bengali, "Purulia's 20 blocks only"
    lodged = client.post("/lodge", data={**FORM, "block": "PUR-03"}, headers=headers)
    assert lodged.status_code == 302, lodged.get_data(as_text=True)
    reg_no = lodged.headers["Location"].split("/lodged/")[1]
    auditor, _ = logged_in_pages(api, api.login("auditor"))
    case = auditor.get(f"/cases/{reg_no}")
    page = case.get_data(as_text=True)
    assert case.status_code == 200 and "Purulia-I" in page and "Purulia Sadar" in page, page


def test_a_wrong_block_on_the_page_says_so_in_the_users_language(api):
    client, headers = logged_in_pages(api, api.login("operator"))
    refused = client.post("/lodge?lang=bn", data={**FORM, "block": "BAN-01"}, headers=headers)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "এই ব্লকটি বেছে নেওয়া জেলায় নেই" in page
    assert '<optgroup label="পুরুলিয়া সদর">' in page, "the form offers the chosen district's blocks again"
