"""A call-centre operator lodges for a caller, is offered to lodge another, and finds the caller's grievances by
mobile number; the pages pass axe-core."""
from __future__ import annotations

import io

from pypdf import PdfReader

from tests.browser.test_accessibility import violations

CALLER = "9830012345"


def test_operator_finds_a_callers_cases_by_mobile(page, people, api, shot):
    earlier = api.lodge(api.login("operator"), mobile=CALLER).get_json()["reg_no"]
    people.officer(page, "operator")
    page.get_by_label("Complainant's name").fill("Sabina Khatun")
    page.get_by_label("Complainant's mobile number").fill("98300 12345")
    page.get_by_label("District").select_option("PUR")
    page.get_by_label("What is it about?").select_option("FOOD_DUARE_RATION")
    page.get_by_label("Your grievance").fill("Duare Ration vehicle has not come to Hura since October.")
    page.get_by_role("button", name="Lodge the grievance").click()
    assert "The caller's grievance is registered" in page.locator(".confirmation").inner_text()
    reg_no = page.get_by_test_id("reg-no").inner_text()
    assert violations(page) == []
    shot(page, "lodged")

    page.get_by_role("link", name="Find a caller").click()
    page.get_by_label("Caller's mobile number").fill("98300 12345")
    page.get_by_role("button", name="Find").click()
    rows = page.get_by_test_id("caller-cases")
    assert [reg_no, earlier] == [r.get_attribute("data-case") for r in rows.locator("tbody tr").all()]
    assert "Duare Ration vehicle" in rows.inner_text()
    assert violations(page) == []
    shot(page, "caller_cases")
    page.get_by_role("link", name="Lodge a grievance for this caller").click()
    page.get_by_label("Complainant's name").wait_for()


def test_acknowledgement_pdf_opens_from_the_confirmation(page, people, api):
    reg_no = api.lodge(api.login("operator"), mobile=CALLER).get_json()["reg_no"]
    people.officer(page, "operator")
    page.goto(f"/lodged/{reg_no}")
    link = page.get_by_role("link", name="Printable acknowledgement (PDF)")
    answer = page.request.get(link.get_attribute("href"))  # the browser's own session and cookies
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    assert reg_no in PdfReader(io.BytesIO(answer.body())).pages[0].extract_text()
