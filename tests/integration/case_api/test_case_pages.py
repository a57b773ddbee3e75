"""The case pages as each reader gets them (both backends): the acting office and the CMO cell see the contact
details, the head of department and the auditor see them masked, an office of another district gets a 404; the
complainant's page lists the messages sent to them and no one else's; the timeline reads in words, not codes."""
from __future__ import annotations

import pytest

from tests.integration.security.pages import logged_in_pages
from tests.support import cases

CITIZEN = "9830012345"


@pytest.fixture
def closed_case(api) -> str:
    reg_no = api.lodge(api.login_citizen(CITIZEN)).get_json()["reg_no"]
    cases.close(api, reg_no)
    return reg_no


@pytest.mark.parametrize(("username", "sees_mobile"), [("nodal.food.pur", True), ("cmo.cell", True),
                                                        ("hod.food", False), ("auditor", False)])
def test_each_reader_gets_the_case_page_masked_as_their_role_requires(api, closed_case, username, sees_mobile):
    client, _headers = logged_in_pages(api, api.login(username))
    page = client.get(f"/cases/{closed_case}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert ("+919830012345" in text) is sees_mobile
    assert ("+91******2345" in text) is not sees_mobile
    assert "Forwarded to Food &amp; Supplies, Purulia" in text and "FOOD_RATION_CARD" not in text
    assert "Grievance closed." in text and "complainant reached, satisfied" in text
    assert "Gateway_" not in text.split('class="technical"')[0]  # engine steps only inside the disclosure


def test_an_office_of_another_district_does_not_see_the_case(api, closed_case):
    client, _headers = logged_in_pages(api, api.login("nodal.food.kol"))
    assert client.get(f"/cases/{closed_case}").status_code == 404
    assert client.get(f"/my-cases/{closed_case}").status_code == 403  # the citizen's page is not an officer's


def test_the_complainant_reads_the_messages_sent_to_them_and_no_officers(api, closed_case):
    client, _headers = logged_in_pages(api, api.login_citizen(CITIZEN))
    text = client.get(f"/my-cases/{closed_case}").get_data(as_text=True)
    assert "Messages sent to you" in text
    assert text.count(f"{closed_case}") >= 3  # acknowledgement, forwarded, action reported, closed
    assert "one-time password" not in text
    assert "New grievance" not in text  # what the office was told is not the complainant's
    assert "Ananya Sen" not in text  # no officer's name on the complainant's page
    other, _ = logged_in_pages(api, api.login_citizen("9830099999"))
    assert other.get(f"/my-cases/{closed_case}").status_code == 404


def test_a_review_task_starts_from_the_current_classification(api):
    reg_no = api.lodge(api.login_citizen(CITIZEN), is_emergency=True).get_json()["reg_no"]  # reviewed first
    cmo = api.login("cmo.cell")
    review = cases.task(api, cmo, "Task_review_category", reg_no)
    client, _headers = logged_in_pages(api, cmo)
    text = " ".join(client.get(f"/work/{review['task_id']}").get_data(as_text=True).split())
    assert '<option value="FOOD_RATION_CARD" selected>' in text
    assert '<option value="FOOD" selected>' in text
    assert 'value="emergency" checked>' in text
    assert "Food &amp; Supplies (FOOD)" not in text  # names, not codes
