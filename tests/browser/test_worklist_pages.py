"""The worklist as officers live in it: search by number and mobile, the case's columns by name, bulk claim, saved
filters, a supervisor's reassignment shown in the task's history, the Claim button on a phone, Bengali labels, and
axe-clean pages."""
from __future__ import annotations

from accounts.models import Role
from accounts.service import create_user
from core.db import transaction
from directory.queries import get_office
from tests.browser.test_accessibility import violations

PEOPLE = [("Sabina Khatun", "9830000001"), ("Rahim Sk", "9830000002"), ("Sabita Mahato", "9830000003")]


def lodge_three(api) -> list[str]:
    operator = api.login("operator")
    return [api.lodge(operator, complainant_name=name, mobile=mobile,
                      description=f"Separate ration card grievance number {n}.").get_json()["reg_no"]
            for n, (name, mobile) in enumerate(PEOPLE)]


def rows(page):
    return page.locator("table.worklist tbody tr")


def test_search_bulk_claim_and_saved_filter(page, people, api, shot):
    numbers = lodge_three(api)
    people.officer(page, "nodal.food.pur")
    assert rows(page).count() == 3
    first = page.locator(f"tr[data-reg-no='{numbers[0]}']")
    for text in ("Sabina Khatun", "+919830000001", "Ration card not issued or not corrected", "Purulia", "0 days",
                 "Nobody yet"):
        assert text in first.inner_text(), text
    assert "FOOD_RATION_CARD" not in page.content() and ">PUR<" not in page.content()
    assert violations(page) == []
    shot(page, "1-worklist")

    page.get_by_label("Registration number").fill(numbers[1])
    page.get_by_role("button", name="Search").click()
    assert [rows(page).nth(i).get_attribute("data-reg-no") for i in range(rows(page).count())] == [numbers[1]]
    page.get_by_role("link", name="Clear").click()
    page.get_by_label("Mobile number").fill("98300 00003")
    page.get_by_role("button", name="Search").click()
    assert rows(page).count() == 1 and rows(page).first.get_attribute("data-reg-no") == numbers[2]
    page.get_by_role("link", name="Clear").click()

    page.get_by_label(f"Select {numbers[0]}").check()
    page.get_by_label(f"Select {numbers[2]}").check()
    page.get_by_role("button", name="Claim selected").click()
    assert "Claimed 2 of 2 tasks." in page.get_by_role("status").first.inner_text()
    held = {r: page.locator(f"tr[data-reg-no='{r}'] .holder").inner_text() for r in numbers}
    assert held == {numbers[0]: "You", numbers[1]: "Nobody yet", numbers[2]: "You"}
    shot(page, "2-bulk-claimed")
    auditor = api.login("auditor")
    for reg_no in (numbers[0], numbers[2]):
        events = api.get(f"/grievances/{reg_no}/history", auditor).get_json()["events"]
        assert [e["event_type"] for e in events].count("task_claimed") == 1, reg_no

    page.get_by_label("Claimed").select_option("mine")
    page.get_by_role("button", name="Search").click()
    page.get_by_text("Saved filters").click() if not page.get_by_label("Name for this search").is_visible() else None
    page.get_by_label("Name for this search").fill("Claimed by me")
    page.get_by_role("button", name="Save this filter").click()
    page.get_by_role("link", name="Clear").click()
    assert rows(page).count() == 3
    page.get_by_role("link", name="Claimed by me").click()
    assert sorted(rows(page).nth(i).get_attribute("data-reg-no") for i in range(2)) == [numbers[0], numbers[2]]
    assert rows(page).count() == 2
    assert violations(page) == []


def test_a_supervisor_reassigns_and_the_history_says_so(page, people, api, app, shot):
    with app.app_context(), transaction() as session:
        create_user(session, username="nodal.food.pur.2", full_name="Tapas Mondal", role=Role.NODAL_OFFICER,
                    password="Demo@12345", mobile="9000000099", office_ids=(get_office(session, "FOOD-PUR").id,))
    [reg_no, *_] = lodge_three(api)
    nodal = api.login("nodal.food.pur")
    [item] = [i for i in api.worklist(nodal) if i["reg_no"] == reg_no]
    api.post(f"/tasks/{item['task_id']}/claim", nodal)

    people.officer(page, "hod.food")
    page.goto("/worklist")
    page.get_by_label("Whose tasks").select_option("nodal_officer")
    page.get_by_role("button", name="Search").click()
    page.locator(f"tr[data-reg-no='{reg_no}']").get_by_role("link", name="Assign").click()
    page.get_by_label("Officer").select_option(label="Tapas Mondal")
    page.get_by_role("button", name="Assign").click()
    assert f"{reg_no} is now with Tapas Mondal." in page.get_by_role("status").first.inner_text()
    assert page.locator("#holder").inner_text() == "Tapas Mondal"
    steps = page.locator(".assignment-history li")
    assert steps.count() == 2
    assert "claimed it" in steps.nth(0).inner_text()
    assert "reassigned it from" in steps.nth(1).inner_text() and "to Tapas Mondal" in steps.nth(1).inner_text()
    assert violations(page) == []
    shot(page, "reassigned")
    events = api.get(f"/grievances/{reg_no}/history", api.login("auditor")).get_json()["events"]
    [moved] = [e for e in events if e["event_type"] == "task_reassigned"]
    assert (moved["actor_role"], moved["data"]["assignee"]) == ("head_of_department", "nodal.food.pur.2")


def test_the_claim_button_is_on_a_phone_screen(browser, live_server, people, api, shot):
    [reg_no, *_] = lodge_three(api)
    context = browser.new_context(base_url=live_server, viewport={"width": 375, "height": 740}, is_mobile=True,
                                  has_touch=True)
    phone = context.new_page()
    try:
        people.officer(phone, "nodal.food.pur")
        row = phone.locator(f"tr[data-reg-no='{reg_no}']")
        claim = row.get_by_role("button", name="Claim")
        claim.scroll_into_view_if_needed()
        box = claim.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, box
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375, "nothing wider than the screen"
        shot(phone, "phone")
        claim.tap()
        row.get_by_role("button", name="Release").wait_for()
    finally:
        context.close()


def test_bengali_labels_and_names(page, people, api, shot):
    lodge_three(api)
    people.officer(page, "nodal.food.pur")
    page.goto("/worklist?lang=bn")
    for label in ("নথিভুক্তি নম্বর", "মোবাইল নম্বর", "খুঁজুন", "কার হাতে", "বাছাই করা কাজগুলি নিন"):
        assert label in page.content(), label
    assert "পুরুলিয়া" in rows(page).first.inner_text()
    assert "রেশন কার্ড পাওয়া যায়নি বা সংশোধন হয়নি" in rows(page).first.inner_text()
    page.get_by_label("মোবাইল নম্বর").fill("12345")
    page.get_by_role("button", name="খুঁজুন").click()
    assert "১০ অঙ্কের মোবাইল নম্বর লিখুন।" in page.locator("#error-summary").inner_text()
    assert violations(page) == []
    shot(page, "bengali")
