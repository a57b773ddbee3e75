"""The police work by police districts, not civil ones: their dashboard has a row per police district (28, the
commissionerates apart from the district around them), each adding up the offices of that unit, opening exactly
its cases; the rows add up to the department's figures (the offices' summary rows are checked against a direct
count through every kind of change in tests/integration/case_counts)."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from accounts.models import Role
from accounts.service import create_user
from core.db import transaction
from directory.models import Department
from tests.integration.mis.test_mis_report import _row
from tests.integration.security.pages import logged_in_pages

PLACES = [("9830100011", "NPG", "NPG-BKP"), ("9830100012", "NPG", "NPG-BAR"), ("9830100013", "NPG", None),
          ("9830100014", "KOL", "KOL-KMC")]


def _lodge(api, operator, mobile: str, district: str, subdivision: str | None, category: str = "POLICE_INACTION"):
    body = {"category": category, "district": district, "mobile": mobile,
            "description": f"The police station has not registered my complaint ({mobile})."}
    if subdivision:
        body["subdivision"] = subdivision
    lodged = api.lodge(operator, **body)
    assert lodged.status_code == 201, lodged.get_json()
    return lodged.get_json()["reg_no"]


def _head_of_police(app) -> None:
    with app.app_context(), transaction() as db:
        police = db.scalar(select(Department.id).where(Department.code == "POLICE"))
        create_user(db, username="hod.police", full_name="Director General", role=Role.HEAD_OF_DEPARTMENT,
                    password="Demo@12345", mobile="9000000093", department_id=police)


def _numbers(page: str) -> set[str]:
    return set(re.findall(r"CMO/\d{4}/\d{6}", page))


def test_the_police_dashboard_counts_by_police_district(app, api, frozen_clock):
    operator = api.login("operator")
    barrackpore, barasat, north, kolkata = (_lodge(api, operator, *place) for place in PLACES)
    _lodge(api, operator, "9830100015", "NPG", "NPG-BKP", category="FOOD_RATION_CARD")  # not the police's
    _head_of_police(app)
    hod, _ = logged_in_pages(api, api.login("hod.police"))

    page = hod.get("/dashboard").get_data(as_text=True)
    assert "Grievances by police district" in page and "Police district" in page
    assert len(re.findall(r'<tr data-key="[A-Z]+-P[CD]"', page)) == 28, "every police district, even with none"
    assert _row(page, "BKP-PC")["received"] == 1, "Barrackpore's sub-division is the commissionerate's"
    assert _row(page, "NPG-PD")["received"] == 2, "the rest of North 24 Parganas is the police district's"
    assert _row(page, "KOL-PC")["received"] == 1 and _row(page, "BID-PC")["received"] == 0
    assert "Purulia Police District" in page and "Bankura" not in page.split("Police district")[0]
    assert hod.get("/dashboard", query_string={"department": "FOOD"}).status_code == 403

    frozen_clock.advance(timedelta(days=30))
    hod, _ = logged_in_pages(api, api.login("hod.police"))  # a new day's session
    page = hod.get("/dashboard").get_data(as_text=True)
    assert _row(page, "NPG-PD")["overdue"] == 2 and _row(page, "BKP-PC")["overdue"] == 1
    overdue = hod.get("/dashboard/cases", query_string={"department": "POLICE", "police_district": "NPG-PD",
                                                        "state": "overdue"}).get_data(as_text=True)
    assert "2 grievances" in overdue and "North 24 Parganas Police District" in overdue
    assert _numbers(overdue) == {barasat, north}
    listed = hod.get("/dashboard/cases", query_string={"department": "POLICE", "police_district": "KOL-PC"})
    assert _numbers(listed.get_data(as_text=True)) == {kolkata}
    assert barrackpore not in overdue

    cmo, _ = logged_in_pages(api, api.login("cmo.cell"))
    state = cmo.get("/dashboard", query_string={"department": "POLICE"}).get_data(as_text=True)
    assert _row(state, "BKP-PC") == _row(page, "BKP-PC")
    total = re.search(r"<tfoot>(.*?)</tfoot>", state, re.S).group(1)
    assert re.search(r'data-measure="received">\s*<a [^>]*>4</a>', total), "the rows add up to the department's"
    assert re.search(r'data-measure="overdue">\s*<a [^>]*>4</a>', total)
    assert _row(cmo.get("/dashboard").get_data(as_text=True), "POLICE")["received"] == 4
    unknown = cmo.get("/dashboard/cases", query_string={"department": "POLICE", "police_district": "XYZ-PD"})
    assert unknown.status_code == 404
