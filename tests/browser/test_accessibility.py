"""Every page passes axe-core's WCAG 2 A/AA rules (no serious or critical violation), for anonymous visitors,
citizens, officers and auditors alike."""
from __future__ import annotations

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CITIZEN = "9830012345"


def violations(tab) -> list[str]:
    tab.evaluate(AXE.read_text())  # evaluated by the browser's debugger, so the page's CSP does not block it
    result = tab.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("path", ["/", "/track", "/track?reg_no=CMO/2026/000999", "/citizen/login", "/login",
                                  "/?lang=bn"])
def test_public_pages(page, path):
    page.goto(path)
    assert violations(page) == []


def test_pages_behind_a_login(page, people, api):
    reg_no = api.lodge(api.login("operator"), mobile=CITIZEN).get_json()["reg_no"]
    people.citizen(page, CITIZEN)
    for path in ("/lodge", "/my-cases"):
        page.goto(path)
        assert violations(page) == [], path
    page.goto("/lodge")
    page.get_by_role("button", name="Lodge the grievance").click()  # the form with its error summary
    assert violations(page) == []
    page.context.clear_cookies()
    people.officer(page, "nodal.food.pur")
    assert violations(page) == []
    page.get_by_role("link", name=reg_no).click()
    assert violations(page) == []
    page.context.clear_cookies()
    people.officer(page, "auditor")
    page.goto(f"/audit/{reg_no}")
    page.locator(".diagram[data-ready='true']").first.wait_for()  # CSP forbids eval, so no wait_for_function
    assert violations(page) == []


def test_dashboards_and_process_pages(page, people, api):
    api.lodge(api.login("operator"), mobile=CITIZEN)
    for username, paths in (("hod.food", ["/dashboard", "/dashboard/cases?state=pending"]),
                            ("cmo.cell", ["/dashboard", "/dashboard/cases?state=at_risk", "/mass-grievances"]),
                            ("process.owner", ["/processes"])):
        page.context.clear_cookies()
        people.officer(page, username)
        for path in paths:
            page.goto(path)
            assert violations(page) == [], (username, path)
