"""The CMO cell reads the MIS: pending by age opens the cases behind a count, the table downloads as a
spreadsheet that opens, the trends read, and the pages pass axe-core in English and Bengali and fits a phone."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.browser.test_accessibility import violations
from tests.integration.analytics.scenario import make_week


@pytest.fixture
def week(app, api, frozen_clock):
    return make_week(app, api, frozen_clock)


def figure(page, key: str, measure: str) -> str:
    return " ".join(page.locator(f"#mis tbody tr[data-key='{key}'] [data-measure='{measure}']").inner_text().split())


def test_the_cmo_cell_opens_old_cases_from_the_mis_and_downloads_it(page, phone, people, week, shot):
    people.officer(page, "cmo.cell")
    page.get_by_role("link", name="MIS", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "MIS report"
    assert [figure(page, "FOOD", m) for m in ("pending", "age-0-7", "age-8-15")] == ["2", "1", "1"]
    assert figure(page, "PRD", "age-0-7") == "2" and figure(page, "total", "pending") == "4"
    assert violations(page) == []
    shot(page, "mis")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as Excel (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as saved:
        rows = list(load_workbook(io.BytesIO(saved.read()), read_only=True).active.values)
    food = next(row for row in rows if row[0] == "Food & Supplies")
    assert food[rows[0].index("Pending 8–15 days")] == 1
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    with open(download.value.path(), encoding="utf-8-sig") as saved:
        lines = list(csv.reader(saved))
    assert lines[-1][0] == "Total" and download.value.suggested_filename.endswith(".csv")

    page.locator("#mis tbody tr[data-key='FOOD'] [data-measure='age-8-15'] a").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Pending for 8–15 days"
    page.get_by_role("link", name=week.overdue).wait_for()

    page.goto("/mis?department=FOOD&district=PUR")
    page.locator("#mis tbody tr[data-key='FOOD-PUR'] th a").click()  # the office's officers
    assert page.get_by_role("heading", level=1).inner_text() == "Officers of Food & Supplies, Purulia District Office"
    assert violations(page) == []
    page.goto(page.url + "&lang=bn")
    assert violations(page) == []
    shot(page, "officers-bn")

    for path in ("/trends", "/trends?group=category&unit=month", "/trends?lang=bn", "/office-index",
                 "/atr-quality", "/office-index?lang=bn", "/atr-quality?lang=bn", "/themes", "/themes?lang=bn"):
        page.goto(path)
        assert page.locator("table.dash").first.is_visible() and violations(page) == [], path
    page.goto("/mis?lang=bn")
    assert page.get_by_role("heading", level=1).inner_text() == "এমআইএস প্রতিবেদন"
    assert violations(page) == []
    people.officer(phone, "hod.food")
    phone.goto("/mis")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, "the table scrolls, not the page"
    assert figure(phone, "PUR", "age-8-15") == "1"
    shot(phone, "mis-phone")
