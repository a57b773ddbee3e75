"""A citizen on a phone picks their district, then their block among that district's blocks (grouped by
sub-division, in Bengali on the Bengali page); the grievance goes to the block's sub-division office."""
from __future__ import annotations

from tests.browser.test_accessibility import violations

CITIZEN = "9830012345"


def test_the_block_list_follows_the_district_and_routes_the_grievance(phone, people, api, shot):
    people.citizen(phone, CITIZEN)
    phone.goto("/lodge?lang=bn")
    assert phone.locator("#block option").count() == 342, "every block until a district is chosen"
    phone.locator("#district").select_option("PUR")
    phone.locator("#block optgroup[label='মানবাজার']").wait_for(state="attached")
    assert phone.locator("#block option").count() == 21 and phone.locator("#block optgroup").count() == 4
    phone.get_by_label("ব্লক (গ্রামাঞ্চল; ঐচ্ছিক)").select_option(label="বরাবাজার")
    phone.locator("#complainant_name").fill("Sabina Khatun")
    phone.locator("#category").select_option("FOOD_RATION_CARD")
    phone.locator("#description").fill("My ration card application of March is still pending at the block office.")
    assert violations(phone) == []
    shot(phone, "block-chosen-bn")
    phone.get_by_role("button", name="অভিযোগ জমা দিন").click()
    reg_no = phone.get_by_test_id("reg-no").inner_text()
    case = api.get(f"/grievances/{reg_no}", api.login("cmo.cell")).get_json()
    assert (case["block"], case["subdivision"], case["office"]) == ("PUR-10", "PUR-MAN", "FOOD-PUR-MAN")
