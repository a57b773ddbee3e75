"""A process owner reads an older version read-only, compares two versions on the diagram (the added task marked
and listed by name), restores the older one as the newest, and sees where cases wait on the diagram; the pages
pass axe-core in English and Bengali."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.test_accessibility import violations
from tests.integration.processes.edits import REVIEW, REVIEW_TITLE, add_review_after_atr, grievance_bpmn
from tests.integration.processes.test_waiting import cases  # noqa: F401 (fixture)


def test_compare_then_restore_the_older_version(page, people, api, shot):
    owner = api.login("process.owner")
    deployed = api.post("/processes/grievance/deploy", owner, json={
        "files": {"grievance.bpmn": add_review_after_atr(grievance_bpmn())}, "note": "Check ATRs before verification"})
    assert deployed.status_code == 201
    people.officer(page, "process.owner")
    page.goto("/processes")
    page.get_by_role("link", name="Changes from version 1").click()
    changes = page.get_by_test_id("changes")
    expect(changes).to_have_attribute("data-ready", "true")
    expect(changes.locator("li.change-added")).to_contain_text([f"Added: {REVIEW_TITLE}"])
    expect(page.locator(f'[data-testid="diagram-2"] g.djs-element.diff-added[data-element-id="{REVIEW}"]')) \
        .to_have_count(1)
    expect(page.locator('[data-testid="diagram-1"] g.djs-element.diff-added')).to_have_count(0)
    assert "Task_" not in changes.inner_text(), "people's words, not element ids"
    assert violations(page) == []
    shot(page, "compare")

    page.goto("/processes/grievance/versions/1")
    expect(page.get_by_test_id("version-diagram")).to_have_attribute("data-ready", "true")
    assert page.locator(".djs-palette").count() == 0, "read-only: no modelling tools"
    assert violations(page) == []
    form = page.get_by_test_id("restore-form")
    form.get_by_role("button", name="Restore as version 3").click()  # no note: the browser asks for one first
    assert form.get_by_label("Why this version comes back").evaluate("input => !input.validity.valid")
    form.get_by_label("Why this version comes back").fill("The extra check slowed every case down")
    form.get_by_role("button", name="Restore as version 3").click()
    page.wait_for_url("**/processes")
    expect(page.get_by_role("status").first).to_contain_text("Version 1 is restored as version 3.")
    rows = page.locator("section[data-process=grievance] table.versions tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("Restores version 1: The extra check slowed every case down")

    page.goto("/processes/grievance/compare?a=1&b=3&lang=bn")
    expect(page.get_by_test_id("changes")).to_have_attribute("data-ready", "true")
    assert violations(page) == []
    shot(page, "compare_bn")


def test_the_diagram_shows_where_cases_wait(page, people, cases, shot):  # noqa: F811
    people.officer(page, "process.owner")
    page.goto("/processes/grievance/versions/1")
    page.get_by_label("Lodged from").fill("2026-11-01")
    page.get_by_role("button", name="Show where cases wait").click()
    diagram = page.get_by_test_id("version-diagram")
    expect(diagram).to_have_attribute("data-waits", "shown")
    expect(page.locator('g.djs-element.wait-4[data-element-id="Task_submit_atr"]')).to_have_count(1)
    expect(diagram.locator(".wait-badge").filter(has_text="3 passed · median 48 h")).to_have_count(1)
    assert violations(page) == []
    shot(page, "waits")
    page.goto(page.url + "&lang=bn")
    expect(page.get_by_test_id("version-diagram")).to_have_attribute("data-waits", "shown")
    assert violations(page) == []
