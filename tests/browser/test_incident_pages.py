"""A process owner finds a case whose process failed on the Incidents page, in English or Bengali, and retries
it after moving it to a fixed version; an administrator lands there after logging in."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.test_accessibility import violations
from tests.integration.incidents.faults import deploy, migrate, with_script
from tests.integration.processes.edits import grievance_bpmn

CITIZEN = "9830012345"


def test_a_process_owner_retries_an_incident_in_the_browser(page, people, api, shot):
    owner = api.login("process.owner")
    broken = deploy(api, owner, with_script("Task_register", "status = lodged_status_typo"), "a typo in the status")
    reg_no = api.lodge(api.login("operator"), mobile=CITIZEN).get_json()["reg_no"]

    people.officer(page, "process.owner")
    page.get_by_role("link", name="Incidents").click()
    row = page.locator("tr", has_text=reg_no)
    expect(row).to_contain_text("Register grievance")
    expect(row).to_contain_text("Starting the case")
    expect(page.get_by_test_id("incident-count")).to_have_text("1 incident(s).")
    assert violations(page) == []
    shot(page, "incidents")

    row.get_by_role("button", name=f"Retry case {reg_no}").click()  # still broken: fails again, and says so
    expect(page.get_by_test_id("retry-outcome")).to_contain_text("failed again (attempt 2)")
    migrate(api, owner, broken, deploy(api, owner, grievance_bpmn(), "typo fixed"))
    page.locator("tr", has_text=reg_no).get_by_role("button", name=f"Retry case {reg_no}").click()
    expect(page.get_by_test_id("retry-outcome")).to_contain_text(f"The case {reg_no} runs on")
    expect(page.get_by_test_id("incident-count")).to_have_text("0 incident(s).")

    page.goto("/incidents?lang=bn&status=all")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Incidents")
    assert violations(page) == []
    shot(page, "incidents_bn")


def test_an_administrator_reaches_the_incidents_and_an_officer_may_not_see_them(page, people):
    people.officer(page, "admin")
    expect(page.get_by_role("heading", level=1)).to_have_text("Administration")  # where administrators land
    page.get_by_role("link", name="Incidents").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Incidents")
    page.context.clear_cookies()
    people.officer(page, "nodal.food.pur")
    assert page.goto("/incidents").status == 403
