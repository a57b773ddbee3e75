"""A repeat of a recent grievance by the same complainant is linked to it, never dropped."""
from __future__ import annotations

import pytest

from intake.duplicates import similarity

TEXT = "My ration card application of March is still pending at the block office."


def test_the_same_complaint_again_is_lodged_and_linked(api):
    operator = api.login("operator")
    first = api.lodge(operator, mobile="9830012345", description=TEXT).get_json()
    again = api.lodge(operator, mobile="98300 12345", description=TEXT.upper() + "  Please help!")
    assert again.status_code == 201
    assert again.get_json()["duplicate_of"] == first["reg_no"] and again.get_json()["reg_no"] != first["reg_no"]
    history = api.get(f"/grievances/{again.get_json()['reg_no']}/history", api.login("auditor")).get_json()
    [suspected] = [e for e in history["events"] if e["event_type"] == "duplicate_suspected"]
    assert suspected["data"]["of"] == first["reg_no"]


@pytest.mark.parametrize("mobile, description, days_later", [
    ("9830099999", TEXT, 0),                                                    # someone else
    ("9830012345", "The tube-well in our para has been broken for two weeks.", 0),  # another matter
    ("9830012345", TEXT, 31),                                                   # long after
])
def test_other_complaints_are_not_linked(api, frozen_clock, mobile, description, days_later):
    operator = api.login("operator")
    api.lodge(operator, mobile="9830012345", description=TEXT)
    frozen_clock.advance(days=days_later)
    operator = api.login("operator")
    assert api.lodge(operator, mobile=mobile, description=description).get_json()["duplicate_of"] is None


def test_similarity_ignores_case_and_punctuation_and_reads_bengali():
    assert similarity("Ration card NOT issued!!", "ration card not issued") == 1.0
    assert similarity("রেশন কার্ড পাইনি", "রেশন কার্ড পাইনি।") == 1.0
    assert similarity("Ration card not issued", "Street light broken near the school") < 0.5


@pytest.mark.parametrize("later, linked", [({"days": 30}, True), ({"days": 30, "seconds": 1}, False)])
def test_the_thirty_days_end_to_the_second(api, frozen_clock, later, linked):
    first = api.lodge(api.login("operator"), mobile="9830012345", description=TEXT).get_json()["reg_no"]
    frozen_clock.advance(**later)
    again = api.lodge(api.login("operator"), mobile="9830012345", description=TEXT).get_json()
    assert again["duplicate_of"] == (first if linked else None)


def test_the_most_alike_recent_complaint_is_the_one_linked(api, frozen_clock):
    operator = api.login("operator")
    alike = api.lodge(operator, mobile="9830012345", description=TEXT).get_json()["reg_no"]
    frozen_clock.advance(hours=1)
    api.lodge(operator, mobile="9830012345", description="The tube-well in our para has been broken for weeks.")
    frozen_clock.advance(hours=1)
    again = api.lodge(operator, mobile="9830012345", description=TEXT.replace("March", "April"))
    assert again.get_json()["duplicate_of"] == alike
    history = api.get(f"/grievances/{again.get_json()['reg_no']}/history", api.login("auditor")).get_json()
    [suspected] = [e for e in history["events"] if e["event_type"] == "duplicate_suspected"]
    assert 0.75 <= suspected["data"]["similarity"] < 1 and suspected["data"]["similarity"] == round(
        similarity(TEXT.replace("March", "April"), TEXT), 2)


def _lodging_form(mobile: str, description: str) -> dict:
    return {"complainant_name": "Ratan Das", "mobile": mobile, "district": "PUR", "category": "FOOD_RATION_CARD",
            "description": description, "address": "Hura"}


@pytest.mark.parametrize("text", [TEXT, "No ration!"])  # the shortest description lodged (10 characters) too
def test_the_lodging_page_shows_a_likely_repeat_and_lodges_it_only_once_confirmed(api, text):
    from tests.integration.security.pages import logged_in_pages

    first = api.lodge(api.login("operator"), mobile="9830012345", description=text).get_json()["reg_no"]
    client, headers = logged_in_pages(api, api.login("operator"))
    shown = client.post("/lodge", data=_lodging_form("98300 12345", text.upper()), headers=headers)
    page = shown.get_data(as_text=True)
    assert shown.status_code == 200 and "This caller lodged a similar grievance" in page and first in page
    assert 'name="confirm_duplicate" value="yes"' in page and "Lodge it anyway" in page
    lodged = client.post("/lodge", data={**_lodging_form("9830012345", text), "confirm_duplicate": "yes"},
                         headers=headers)
    assert lodged.status_code == 302 and "/lodged/CMO/" in lodged.headers["Location"]
    assert lodged.headers["Location"].endswith("/000002"), "the warning lodged nothing; the confirmation one case"
    other = client.post("/lodge", data=_lodging_form("9830099999", text), headers=headers)
    assert other.status_code == 302, "another caller's complaint is not held back"


def test_a_repeat_is_found_among_a_busy_complainants_latest_fifty(api, frozen_clock):
    """Fifty other complaints earlier in the day do not hide the one just before the repeat."""
    operator = api.login("operator")
    for n in range(50):
        frozen_clock.advance(minutes=1)
        lodged = api.lodge(operator, mobile="9830012345", description=f"Street light {n} on lane {n} is not working.")
        assert lodged.status_code == 201, lodged.get_json()
    frozen_clock.advance(minutes=1)
    latest = api.lodge(operator, mobile="9830012345", description=TEXT).get_json()["reg_no"]
    again = api.lodge(operator, mobile="9830012345", description=TEXT + " Still nothing.")
    assert again.get_json()["duplicate_of"] == latest
