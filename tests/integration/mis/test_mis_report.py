"""The MIS: pending grievances by age at the boundary days, each age count opening exactly the cases behind it,
a period's receipts and disposals, a district's view, who may see what, and the CSV and XLSX exports."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from tests.conftest import START
from tests.integration.security.pages import logged_in_pages
from tests.support.cases import close

NOW = START + timedelta(days=120)  # Tuesday 2 March 2027, 10:00 in India; every lodging below is at 10:00 too
AGES = (0, 7, 8, 15, 16, 30, 31, 60, 61, 100, 101)
EXPECTED = {"0-7": {0, 7}, "8-15": {8, 15}, "16-30": {16, 30}, "31-60": {31, 60}, "61-100": {61, 100},
            "over-100": {101}}
REG_NO = re.compile(r"CMO/\d{4}/\d{6}")


@dataclass
class Population:
    food: dict[int, str]  # age in days -> registration number, pending in Food & Supplies, Purulia
    closed: str           # Food, Purulia, lodged 101 days ago and closed the same day
    prd_ban: str          # Panchayats, Bankura, 50 days old


@pytest.fixture
def population(api, frozen_clock) -> Population:
    frozen_clock.set(NOW - timedelta(days=101))
    closed = _lodge(api, "9830099999", "My ration card application of last year was never answered.")
    close(api, closed)
    food = {}
    for age in sorted(AGES, reverse=True):
        frozen_clock.set(NOW - timedelta(days=age))
        food[age] = _lodge(api, f"98300{age:05d}", f"Ration card not issued, application number {age}42.")
        if age == 60:
            frozen_clock.set(NOW - timedelta(days=50))
            prd_ban = _lodge(api, "9830088888", "Banglar Bari house sanctioned but no instalment has come.",
                             district="BAN", category="PRD_HOUSING", address="Khatra")
    frozen_clock.set(NOW)
    return Population(food, closed, prd_ban)


def _lodge(api, mobile: str, description: str, **fields) -> str:
    """Lodged by the call centre (citizens' OTP logins are throttled per address)."""
    lodged = api.lodge(api.login("operator"), mobile=mobile, description=description, **fields)
    assert lodged.status_code == 201, lodged.get_json()
    return lodged.get_json()["reg_no"]


def _row(page: str, key: str) -> dict[str, int]:
    """{measure: figure} of the row `key` of the MIS table."""
    row = re.search(rf'<tr data-key="{key}"[^>]*>(.*?)</tr>', page, re.S).group(1)
    return {m: int(v) for m, v in re.findall(r'data-measure="([\w-]+)">\s*(?:<a [^>]*>)?\s*(\d+)', row)}


def _get(client, path: str, **args):
    response = client.get(path, query_string=args)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response


def test_pending_by_age_counts_boundary_days_and_opens_exactly_its_cases(api, population):
    cmo, _ = logged_in_pages(api, api.login("cmo.cell"))
    food = _row(_get(cmo, "/mis").get_data(as_text=True), "FOOD")
    assert {key: food[f"age-{key}"] for key in EXPECTED} == {key: len(ages) for key, ages in EXPECTED.items()}
    assert food["pending"] == len(AGES), "the case closed 101 days ago is not pending"
    for key, ages in EXPECTED.items():
        listed = _get(cmo, "/dashboard/cases", department="FOOD", age=key).get_data(as_text=True)
        assert set(REG_NO.findall(listed)) == {population.food[age] for age in ages}, key
        assert f"{len(ages)} grievance" in listed
    prd = _row(_get(cmo, "/mis").get_data(as_text=True), "PRD")
    assert prd["age-31-60"] == 1 and prd["pending"] == 1

    close(api, population.food[101])  # closing the oldest empties its bucket
    food = _row(_get(cmo, "/mis").get_data(as_text=True), "FOOD")
    assert food["age-over-100"] == 0 and food["pending"] == len(AGES) - 1


def test_a_period_counts_what_was_received_and_disposed_of_on_its_days(api, population):
    cmo, _ = logged_in_pages(api, api.login("cmo.cell"))
    today = date(2027, 3, 2)
    month = _row(_get(cmo, "/mis", **{"from": (today - timedelta(days=31)).isoformat(),
                                      "to": today.isoformat()}).get_data(as_text=True), "FOOD")
    assert month["received_in_period"] == 7, "ages 0 to 31 days: the first day of the period counts"
    assert month["disposed_in_period"] == 0
    long_ago = _row(_get(cmo, "/mis", **{"from": (today - timedelta(days=101)).isoformat(),
                                         "to": (today - timedelta(days=101)).isoformat()}).get_data(as_text=True),
                    "FOOD")
    assert (long_ago["received_in_period"], long_ago["disposed_in_period"]) == (2, 1)
    backwards = cmo.get("/mis", query_string={"from": today.isoformat(), "to": "2027-01-01"})
    assert backwards.status_code == 422 and "text/html" in backwards.content_type


def test_views_by_role_and_district(api, population):
    cmo, _ = logged_in_pages(api, api.login("cmo.cell"))
    bankura = _get(cmo, "/mis", district="BAN").get_data(as_text=True)
    assert _row(bankura, "PRD")["pending"] == 1 and _row(bankura, "FOOD")["pending"] == 0
    assert _row(bankura, "total")["pending"] == 1
    hod, _ = logged_in_pages(api, api.login("hod.food"))
    own = _get(hod, "/mis").get_data(as_text=True)
    assert _row(own, "PUR")["pending"] == len(AGES) and "data-key=\"BAN\"" in own, "their department by district"
    assert hod.get("/mis", query_string={"department": "PRD"}).status_code == 403
    nodal, _ = logged_in_pages(api, api.login("nodal.food.pur"))
    assert nodal.get("/mis").status_code in (302, 403)


def test_exports_hold_the_pages_figures_in_the_readers_language(api, population):
    cmo, _ = logged_in_pages(api, api.login("cmo.cell"))
    page = _row(_get(cmo, "/mis").get_data(as_text=True), "FOOD")
    exported = _get(cmo, "/mis/export.csv")
    assert exported.headers["Content-Disposition"].startswith("attachment;")
    lines = list(csv.reader(io.StringIO(exported.get_data().decode("utf-8-sig"))))
    food = next(line for line in lines if line[0] == "Food & Supplies")
    heading = lines[0]
    assert int(food[heading.index("Pending over 100 days")]) == page["age-over-100"] == 1
    assert int(food[heading.index("Pending")]) == page["pending"]
    assert lines[-1][0] == "Total" and len(lines) == 1 + 139 + 1

    book = load_workbook(io.BytesIO(_get(cmo, "/mis/export.xlsx", lang="bn").get_data()), read_only=True)
    rows = list(book.active.values)
    assert rows[0][0] == "দপ্তর" and len(rows) == 1 + 139 + 1
    food_bn = next(row for row in rows if row[0] == "খাদ্য ও সরবরাহ")
    assert food_bn[4] == page["pending"]


def test_one_department_in_one_district_is_shown_by_office(api, population):
    cmo, _ = logged_in_pages(api, api.login("cmo.cell"))
    page = _get(cmo, "/mis", department="FOOD", district="PUR").get_data(as_text=True)
    assert "By office" in page
    office = _row(page, "FOOD-PUR")
    assert {key: office[f"age-{key}"] for key in EXPECTED} == {key: len(ages) for key, ages in EXPECTED.items()}
    assert office["pending"] == len(AGES) and _row(page, "total")["pending"] == len(AGES)
    by_district = _row(_get(cmo, "/mis", department="FOOD").get_data(as_text=True), "PUR")
    assert by_district == {**office, **{k: v for k, v in by_district.items() if k == "compliance"}}, \
        "the office level adds up to the district's row"


def _links(page: str, key: str) -> dict[str, str]:
    """{measure: the address its figure opens} of the row `key`."""
    row = re.search(rf'<tr data-key="{key}"[^>]*>(.*?)</tr>', page, re.S).group(1)
    return {m: href.replace("&amp;", "&") for m, href in
            re.findall(r'data-measure="([\w-]+)">\s*<a href="([^"]+)"', row)}


def _cases_behind(client, href: str) -> tuple[int, set[str]]:
    """(the total the case list states, the registration numbers on all its pages)."""
    response = client.get(href)
    assert response.status_code == 200, href
    page = response.get_data(as_text=True)
    total = int(re.search(r'<p role="status">(\d+) grievances?</p>', page).group(1))
    return total, set(REG_NO.findall(page))


def test_an_offices_figures_open_exactly_its_cases(api, population):
    cmo, _ = logged_in_pages(api, api.login("cmo.cell"))
    page = _get(cmo, "/mis", department="FOOD", district="PUR").get_data(as_text=True)
    figures, links = _row(page, "FOOD-PUR"), _links(page, "FOOD-PUR")
    assert _cases_behind(cmo, links["pending"]) == (len(AGES), set(population.food.values()))
    for key, ages in EXPECTED.items():
        assert _cases_behind(cmo, links[f"age-{key}"]) == (figures[f"age-{key}"],
                                                          {population.food[age] for age in ages}), key
    overdue, listed = _cases_behind(cmo, links["overdue"])
    assert overdue == figures["overdue"] == len(listed) > 0


def test_an_offices_officers_hold_and_complete_and_each_figure_opens_its_cases(api, population):
    nodal = api.login("nodal.food.pur")
    items = {item["reg_no"]: item["task_id"] for item in api.worklist(nodal, page_size=100)}
    for age in (0, 101):  # takes up a new case and the oldest; reports, late, on the one of 30 days
        assert api.post(f"/tasks/{items[population.food[age]]}/claim", nodal).status_code == 200
    done = api.complete(nodal, items[population.food[30]], {"action_taken": "Card printed.", "outcome": "redressed"})
    assert done.status_code == 200, done.get_json()

    cmo, _ = logged_in_pages(api, api.login("cmo.cell"))
    mis = _get(cmo, "/mis", department="FOOD", district="PUR").get_data(as_text=True)
    officers_link = re.search(r'<a href="([^"]*/mis/officers[^"]*)"', mis).group(1).replace("&amp;", "&")
    page = cmo.get(officers_link).get_data(as_text=True)
    nodal_id = re.search(r'<tr data-key="(\d+)"', page).group(1)
    assert "Nodal officer, Food &amp; Supplies Purulia" in page
    assert _row(page, nodal_id) == {"held": 2, "held_overdue": 1, "completed": 1, "completed_late": 1}
    assert _row(page, "nobody")["held"] == len(AGES) - 3  # the rest wait to be taken up
    assert _row(page, "total") == {"held": len(AGES) - 1, "held_overdue": _row(page, "total")["held_overdue"],
                                   "completed": 1, "completed_late": 1}
    links = _links(page, nodal_id)
    assert _cases_behind(cmo, links["held"]) == (2, {population.food[0], population.food[101]})
    assert _cases_behind(cmo, links["held_overdue"]) == (1, {population.food[101]})

    exported = _get(cmo, "/mis/officers/export.csv", office="FOOD-PUR").data.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(exported)))
    assert lines[0][0] == "Officer" and ["Nodal officer, Food & Supplies Purulia", "2", "1", "1", "1"] in lines
    bengali = _get(cmo, "/mis/officers", office="FOOD-PUR", lang="bn").get_data(as_text=True)
    assert "এখন হাতে" in bengali


def test_officer_figures_are_for_the_offices_own_department(api, population):
    hod, _ = logged_in_pages(api, api.login("hod.food"))
    assert hod.get("/mis/officers", query_string={"office": "FOOD-PUR"}).status_code == 200
    assert hod.get("/mis/officers", query_string={"office": "PRD-BAN"}).status_code == 403
    assert hod.get("/dashboard/cases", query_string={"office": "PRD-BAN"}).status_code == 403
    assert hod.get("/mis/officers", query_string={"office": "NO-SUCH"}).status_code == 404
    assert hod.get("/mis/officers").status_code == 400
    nodal, _ = logged_in_pages(api, api.login("nodal.food.pur"))
    assert nodal.get("/mis/officers", query_string={"office": "FOOD-PUR"}).status_code == 403
