"""At lodging: a likely duplicate is shown to the citizen (and to an operator, worded for them), who may still
lodge, and the officer's pages link both cases; the Bengali form says what is wrong in Bengali."""
from __future__ import annotations

from tests.browser.test_accessibility import violations
from tests.support.cases import task

CITIZEN = "9830012345"
TEXT = "My ration card application of March is still pending at the block office."


def _fill(page, description: str) -> None:
    page.locator("#complainant_name").fill("Sabina Khatun")
    page.locator("#district").select_option("PUR")
    page.locator("#category").select_option("FOOD_RATION_CARD")
    page.locator("#description").fill(description)


def test_a_likely_duplicate_is_shown_then_lodged_on_confirmation_and_linked_for_the_officer(page, people, api, shot):
    first = api.lodge(api.login_citizen(CITIZEN), description=TEXT).get_json()["reg_no"]
    people.citizen(page, CITIZEN)
    page.goto("/lodge")
    _fill(page, TEXT + " Still waiting.")
    page.get_by_role("button", name="Lodge the grievance").click()
    notice = page.get_by_test_id("duplicate")
    assert f"You lodged a similar grievance on 02 Nov 2026, 10:00: {first}." in notice.inner_text()
    assert api.get("/grievances", api.login("cmo.cell")).get_json()["total"] == 1  # nothing lodged yet
    assert page.locator("#description").input_value().startswith(TEXT)  # what they wrote is kept
    assert violations(page) == []
    shot(page, "duplicate-notice")
    page.get_by_role("button", name="Lodge it anyway").click()
    second = page.get_by_test_id("reg-no").inner_text()
    assert second != first

    page.context.clear_cookies()
    people.officer(page, "nodal.food.pur")
    page.goto(f"/work/{task(api, api.login('nodal.food.pur'), 'Task_submit_atr', second)['task_id']}")
    page.get_by_test_id("duplicates").get_by_role("link", name=first).click()
    assert page.url.endswith(f"/cases/{first}")
    assert second in page.get_by_test_id("duplicates").inner_text()  # and back from the first case
    assert violations(page) == []
    page.goto(page.url + "?lang=bn")
    assert "সম্ভাব্য পুনরাবৃত্তি" in page.locator("dl.facts").inner_text()


def test_an_operator_is_told_in_their_words(page, people, api):
    api.lodge(api.login("operator"), mobile=CITIZEN, description=TEXT)
    people.officer(page, "csc.operator")
    page.goto("/lodge?lang=bn")
    _fill(page, TEXT)
    page.locator("#mobile").fill(CITIZEN)
    page.locator("main form button[type=submit]").click()
    assert "এই কলার" in page.get_by_test_id("duplicate").inner_text()


def test_the_bengali_lodging_form_says_what_is_wrong_in_bengali(page, people, shot):
    people.citizen(page, CITIZEN)
    page.goto("/lodge?lang=bn")
    page.locator("#description").fill("ছোট")
    page.locator("main form button[type=submit]").click()
    summary = page.get_by_role("alert").inner_text()
    assert "অনুগ্রহ করে এটি পূরণ করুন।" in summary  # name, district, category left empty
    assert "অনুগ্রহ করে অভিযোগটি অন্তত 10 অক্ষরে বর্ণনা করুন।" in page.locator("#description-error").inner_text()
    assert "Missing data" not in summary and "required" not in summary
    assert page.get_by_role("alert").get_by_role("link", name="অভিযোগকারীর নাম").get_attribute("href") == \
        "#complainant_name"
    assert violations(page) == []
    shot(page, "lodge-errors-bn")
