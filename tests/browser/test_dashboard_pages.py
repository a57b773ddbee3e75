"""Heads of department and the CMO cell read the colour-coded dashboard, open the grievances behind a count, and
read one case; nobody else gets the dashboard."""
from __future__ import annotations

import re

import pytest

from tests.integration.analytics.scenario import make_week


@pytest.fixture
def week(app, api, frozen_clock):
    return make_week(app, api, frozen_clock)


def cells(page, key: str) -> dict:
    row = page.locator(f"#counts tbody tr[data-key='{key}']")
    return {m: row.locator(f"td[data-measure='{m}']") for m in
            ("received", "pending", "overdue", "escalated", "redressed", "compliance")}


def text(locator) -> str:
    return " ".join(locator.inner_text().split())


def test_head_of_department_finds_the_overdue_case_from_the_district_table(page, phone, people, week, shot):
    people.officer(page, "hod.food")
    page.get_by_role("link", name="Dashboard").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Grievances at a glance Food & Supplies"
    assert page.locator("#counts caption").inner_text() == "Grievances by district"
    purulia, kolkata = cells(page, "PUR"), cells(page, "KOL")
    assert [text(purulia[m]) for m in purulia] == ["2", "1", "1 act now", "1", "1", "50.0% below target"]
    assert "alert-red" in purulia["overdue"].get_attribute("class")
    assert "alert-amber" in purulia["compliance"].get_attribute("class")
    assert [text(kolkata[m]) for m in kolkata] == ["1", "1", "0", "0", "0", "100.0%"]
    assert "alert" not in kolkata["overdue"].get_attribute("class")
    assert text(page.locator("#counts tfoot td[data-measure='received']")) == "3", "no other department's cases"
    assert page.evaluate("""() => {
        const canvas = document.getElementById('trend-chart');
        return Boolean(window.Chart && Chart.getChart(canvas)) && canvas.width > 0 && canvas.height > 0; }""")
    page.get_by_text("The figures as a table").click()
    newest = page.locator("#trend-table tbody tr")
    assert [text(newest.nth(i)) for i in (0, 1)] == ["Tue 10 Nov 2026 0 0", "Mon 9 Nov 2026 1 0"]
    shot(page, "1-district-table")

    purulia["overdue"].get_by_role("link", name="1").click()
    assert re.search(r"/dashboard/cases\?.*state=overdue", page.url) and "district=PUR" in page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Overdue grievances"
    rows = page.locator("#cases tbody tr")
    assert rows.count() == 1 and week.overdue in text(rows.first) and "overdue" in text(rows.first)
    shot(page, "2-overdue-list")

    page.get_by_role("link", name=week.overdue).click()
    assert page.get_by_test_id("mobile").inner_text() == "+91******0001", "a head of department sees it masked"
    assert "escalated to the head of the department" in page.locator(".timeline").inner_text()
    shot(page, "3-case")
    page.get_by_role("link", name="Back to the list").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Overdue grievances"

    people.officer(phone, "hod.food")
    phone.goto("/dashboard")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, "the table scrolls, not the page"
    shot(phone, "4-phone")


def test_the_cmo_cell_sees_every_department_and_picks_one(page, people, week, shot):
    people.officer(page, "cmo.cell")
    page.goto("/dashboard")
    assert page.locator("#counts caption").inner_text() == "Grievances by department"
    assert page.locator("#counts tbody tr").count() == 139  # every department of the state
    food, prd = cells(page, "FOOD"), cells(page, "PRD")
    assert [text(food[m]) for m in food] == ["3", "2", "1 act now", "1", "1", "66.7% below target"]
    assert [text(prd[m]) for m in prd] == ["2", "2", "0", "0", "0", "—"]
    assert text(page.locator("#counts tfoot td[data-measure='received']")) == "5"
    shot(page, "1-departments")

    page.get_by_label("Department", exact=True).select_option("PRD")
    page.get_by_role("button", name="Show").click()
    assert page.locator("#counts caption").inner_text() == "Grievances by district"
    assert text(cells(page, "BAN")["received"]) == "1"
    cells(page, "BAN")["pending"].get_by_role("link").click()
    page.get_by_role("link", name=week.prd_ban).click()
    assert page.get_by_test_id("mobile").inner_text() == "+919830000005", "the CMO cell makes the verification call"


def test_only_heads_of_department_secretaries_and_the_cmo_cell_get_the_dashboard(page, people, week, live_server):
    page.goto("/dashboard")
    assert "/login" in page.url, "anonymous visitors are asked to log in"
    people.officer(page, "nodal.food.pur")
    assert page.goto("/dashboard").status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "You may not see this page"
    assert page.goto("/dashboard/cases?state=overdue").status == 403
    assert page.get_by_role("link", name="Dashboard").count() == 0
