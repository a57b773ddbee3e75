"""A worklist row carries its case (complainant, masked as the role must see it; category and district by name; age;
who holds it); officers search by registration number, mobile and name, filter by category and district, and read
any number of tasks in keyset pages whose statements do not grow with their rows."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event

import engine
from accounts.service import find_user
from core.clock import parse_iso
from core.db import transaction
from worklists import queries

PEOPLE = [("Sabina Khatun", "9830000001", "FOOD_RATION_CARD"), ("Rahim Sk", "9830000002", "FOOD_PDS_DEALER"),
          ("Sabita Mahato", "9830000003", "FOOD_RATION_CARD"), ("Arjun MAHATO", "9830000004", "FOOD_PDS_DEALER"),
          ("Mousumi Das", "9830000005", "FOOD_RATION_CARD")]


@pytest.fixture
def lodged(api, frozen_clock) -> list[str]:
    """Five cases lodged an hour apart in Purulia, so their ATRs fall due in that order."""
    operator, numbers = api.login("operator"), []
    for n, (name, mobile, category) in enumerate(PEOPLE):
        response = api.lodge(operator, complainant_name=name, mobile=mobile, category=category,
                             description=f"Distinct grievance number {n} about rations in Hura block.")
        assert response.status_code == 201, response.get_json()
        numbers.append(response.get_json()["reg_no"])
        frozen_clock.advance(hours=1)
    return numbers


def reg_nos(items) -> list[str]:
    return [i["reg_no"] for i in items]


def full_name(app, username: str) -> str:
    with app.app_context(), transaction(readonly=True) as session:
        return find_user(session, username).full_name


def test_a_row_shows_the_case_by_name_and_the_holder(app, api, lodged, frozen_clock):
    frozen_clock.advance(days=2)
    nodal = api.login("nodal.food.pur")
    first = api.worklist(nodal)[0]
    assert (first["complainant_name"], first["mobile"], first["age_days"]) == ("Sabina Khatun", "+919830000001", 2)
    assert (first["category_name"], first["category_name_bn"]) == ("Ration card not issued or not corrected",
                                                                   "রেশন কার্ড পাওয়া যায়নি বা সংশোধন হয়নি")
    assert (first["district_name"], first["district_name_bn"], first["office_name"]) == (
        "Purulia", "পুরুলিয়া", "Food & Supplies, Purulia District Office")
    assert (first["category"], first["district"], first["lodged_at"]) == (
        "FOOD_RATION_CARD", "PUR", (frozen_clock.now() - timedelta(days=2, hours=5)).isoformat())
    assert api.worklist(nodal)[-1]["age_days"] == 2, "lodged two days and one hour ago"
    frozen_clock.advance(days=-2)
    assert api.worklist(api.login("nodal.food.pur"))[-1]["age_days"] == 0, "lodged an hour ago: today"
    frozen_clock.advance(days=2)
    assert first["claimed_by_name"] is None
    api.post(f"/tasks/{first['task_id']}/claim", nodal)
    assert api.worklist(nodal)[0]["claimed_by_name"] == full_name(app, "nodal.food.pur")


def test_a_head_of_department_sees_the_complainants_mobile_masked(app, api, lodged, frozen_clock):
    frozen_clock.advance(days=8, minutes=1)  # every ATR overdue: the head of department reviews each escalation
    with app.app_context():
        engine.fire_due_timers(app.extensions["db"])
    rows = api.worklist(api.login("hod.food"))
    assert reg_nos(rows) == lodged
    assert [r["mobile"] for r in rows] == [f"+91******{m[-4:]}" for _, m, _ in PEOPLE]
    assert [r["complainant_name"] for r in rows] == [p[0] for p in PEOPLE]


def test_search_by_number_mobile_and_name(api, lodged):
    nodal = api.login("nodal.food.pur")
    assert reg_nos(api.worklist(nodal, reg_no=lodged[2].lower())) == [lodged[2]]
    assert api.worklist(nodal, reg_no="CMO/2026/999999") == []
    assert reg_nos(api.worklist(nodal, mobile="+91 98300 00004")) == [lodged[3]]
    assert reg_nos(api.worklist(nodal, mobile="09830000002")) == [lodged[1]]
    assert reg_nos(api.worklist(nodal, name="mahato")) == [lodged[2], lodged[3]], "any case, any part"
    assert reg_nos(api.worklist(nodal, name="sab")) == [lodged[0], lodged[2]]
    assert api.worklist(nodal, name="%%") == [], "wildcards are searched as text"
    assert reg_nos(api.worklist(nodal, name="mahato", mobile="9830000003")) == [lodged[2]]
    refused = api.get("/worklist", nodal, query_string={"mobile": "12345"})
    assert refused.status_code == 422
    assert refused.get_json()["detail"] == "mobile: must be a 10-digit Indian mobile number"


def test_category_and_district_filters(api, lodged):
    nodal = api.login("nodal.food.pur")
    assert reg_nos(api.worklist(nodal, category="FOOD_PDS_DEALER")) == [lodged[1], lodged[3]]
    assert reg_nos(api.worklist(nodal, district="PUR")) == lodged
    assert api.worklist(nodal, district="KOL") == []


@pytest.mark.parametrize("sort", ["due_at", "-due_at", "opened_at", "-opened_at"])
def test_keyset_pages_read_every_task_once_in_order(api, lodged, sort):
    nodal = api.login("nodal.food.pur")
    seen, cursor, pages = [], None, 0
    while True:
        query = {"page_size": 2, "sort": sort, **({"cursor": cursor} if cursor else {})}
        page = api.get("/worklist", nodal, query_string=query).get_json()
        seen += reg_nos(page["items"])
        pages += 1
        assert page["count"] == len(lodged) and page["count_is_exact"]
        if not (cursor := page["next_cursor"]):
            break
    assert pages == 3
    assert seen == (lodged if not sort.startswith("-") else lodged[::-1])


def test_a_cursor_of_another_order_or_a_forged_one_is_refused(api, lodged):
    nodal = api.login("nodal.food.pur")
    cursor = api.get("/worklist", nodal, query_string={"page_size": 2}).get_json()["next_cursor"]
    for query in ({"cursor": cursor, "sort": "opened_at"}, {"cursor": "not-a-cursor"}):
        refused = api.get("/worklist", nodal, query_string=query)
        assert refused.status_code == 422 and refused.get_json()["errors"].keys() == {"cursor"}, query


def test_the_count_stops_at_its_cap(api, lodged, monkeypatch):
    monkeypatch.setattr(queries, "COUNT_CAP", 3)
    page = api.get("/worklist", api.login("nodal.food.pur"), query_string={"page_size": 2}).get_json()
    assert (page["count"], page["count_is_exact"], len(page["items"])) == (3, False, 2)


def test_statements_per_page_do_not_grow_with_its_rows(app, api, lodged):
    nodal = api.login("nodal.food.pur")
    api.post(f"/tasks/{api.worklist(nodal)[0]['task_id']}/claim", nodal)  # a holder to name, too
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    db_engine = app.extensions["db"].engine
    event.listen(db_engine, "before_cursor_execute", listener)
    try:
        counts = {}
        for size in (1, 4):  # both with rows following, so both pages take the same path
            statements.clear()
            assert len(api.worklist(nodal, page_size=size)) == size
            counts[size] = len(statements)
    finally:
        event.remove(db_engine, "before_cursor_execute", listener)
    assert counts[1] == counts[4], counts


def test_sla_filter_keeps_working_with_search(api, lodged, frozen_clock):
    first = api.worklist(api.login("nodal.food.pur"))[0]
    frozen_clock.set(parse_iso(first["due_at"]) + timedelta(minutes=1))
    nodal = api.login("nodal.food.pur")
    assert reg_nos(api.worklist(nodal, sla="red", name="sabina")) == [lodged[0]]
    assert api.worklist(nodal, sla="red", name="mousumi") == []


def test_names_holding_wildcard_characters_are_found_by_them_as_text(api, lodged):
    odd = api.lodge(api.login("operator"), complainant_name="Ratan_Das 100% \\ Hura", mobile="9830000006",
                    description="Distinct grievance about rations, with an odd name.").get_json()["reg_no"]
    nodal = api.login("nodal.food.pur")
    for part in ("n_D", "100%", "% \\ H", " \\ "):
        assert reg_nos(api.worklist(nodal, name=part)) == [odd], part
    assert api.worklist(nodal, name="n%D") == [] and api.worklist(nodal, name="Rata__Das") == []
