"""The administrator's pages in a browser: an officer made on the page logs in and works their office's tasks;
the pages pass axe-core in English and Bengali."""
from __future__ import annotations

from tests.browser.test_accessibility import violations


def test_admin_creates_an_officer_who_then_sees_their_office_tasks(page, people, api, shot):
    reg_no = api.lodge(api.login("operator"), mobile="9830012345", district="BAN").get_json()["reg_no"]
    people.officer(page, "admin")
    page.wait_for_url("**/admin")  # administrators land on administration
    page.get_by_role("link", name="Users").first.click()
    form = page.get_by_test_id("create-user")  # each account's row has its own posting form below
    form.get_by_label("Username").fill("nodal.food.ban")
    form.get_by_label("Full name").fill("Nodal officer, Food & Supplies Bankura")
    form.get_by_label("Role").select_option("nodal_officer")
    form.get_by_label("Mobile number").fill("9000000099")
    form.get_by_label("Department").select_option("FOOD")
    form.get_by_label("Offices").fill("FOOD-BAN")
    form.locator("#password").fill("Bankura@2026")
    form.get_by_role("button", name="Create account").click()
    page.get_by_text("Account nodal.food.ban created.").wait_for()
    assert page.locator("[data-user='nodal.food.ban']").inner_text().count("FOOD-BAN") == 1
    assert "created" in page.get_by_test_id("admin-changes").inner_text()
    assert violations(page) == []
    shot(page, "users")
    for path in ("/admin/offices", "/admin/categories", "/admin/holidays", "/admin/users?lang=bn"):
        page.goto(path)
        assert violations(page) == [], path
    shot(page, "users_bn")
    page.goto("/admin?lang=en")

    page.context.clear_cookies()
    people.officer(page, "nodal.food.ban", "Bankura@2026")
    page.wait_for_url("**/worklist")
    page.get_by_role("link", name=reg_no).wait_for()
    shot(page, "new_officer_worklist")
