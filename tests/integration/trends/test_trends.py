"""The trends page: a week with six ration-card grievances from Purulia after eight quiet weeks is a spike, by
department, category and district; a steady department is not; a month sums its own days."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.conftest import START
from tests.integration.security.pages import logged_in_pages

NOW = START + timedelta(weeks=9)  # Monday 4 January 2027, 10:00 in India: the tenth week


@pytest.fixture
def weeks(api, frozen_clock):
    number, token = 0, None

    def log_in():  # again after each move of the clock by days: tokens expire, OTPs are throttled per 15 minutes
        nonlocal token
        token = api.login("operator")

    def lodge(**fields):
        nonlocal number
        number += 1
        response = api.lodge(token, mobile=f"98300{number:05d}",
                             description=f"Grievance {number} that has waited far too long for an answer.", **fields)
        assert response.status_code == 201, response.get_json()

    for week in range(9):
        frozen_clock.set(START + timedelta(weeks=week, days=1))
        log_in()
        lodge(district="BAN", category="PRD_HOUSING", address="Khatra")
        if week < 8:
            lodge()  # Food & Supplies, Purulia, ration card: one a week
    frozen_clock.set(NOW - timedelta(days=1, hours=6))
    log_in()
    for hour in range(6):
        frozen_clock.set(NOW - timedelta(days=1, hours=hour))  # Sunday 3 January, still in the ninth week
        lodge()
    frozen_clock.set(NOW - timedelta(hours=1))  # Monday 4 January, 09:00 in India: the tenth week has one so far
    log_in()
    lodge(district="BAN", category="PRD_HOUSING", address="Khatra")
    frozen_clock.set(NOW + timedelta(days=6))  # Sunday 10 January: read at the end of the tenth week


def _rows(client, **args) -> dict[str, list[str]]:
    response = client.get("/trends", query_string=args)
    assert response.status_code == 200, response.get_data(as_text=True)[:400]
    page = response.get_data(as_text=True)
    return {key: re.findall(r'data-period="[\d-]+">(\d+( <span class="flag">spike)?)', row)
            for key, row in re.findall(r'<tr data-key="([^"]*)">(.*?)</tr>', page, re.S)}, page


def test_a_burst_after_quiet_weeks_is_flagged_where_it_happened(api, weeks):
    cmo, _ = logged_in_pages(api, api.login("cmo.cell"))
    rows, page = _rows(cmo)
    food = [cell for cell, _flag in rows["FOOD"]]
    assert food[-3:] == ["1", '6 <span class="flag">spike', "0"], "the ninth week is a spike, the tenth empty"
    prd = [cell for cell, _flag in rows["PRD"]]
    assert prd[-3:] == ["1", "1", "1"] and "spike" not in "".join(prd)
    assert "None: every count is within its usual level." in page, "the latest week (the tenth) has no spike"
    for group, key in (("category", "FOOD_RATION_CARD"), ("district", "PUR")):
        assert '6 <span class="flag">spike' in [cell for cell, _f in _rows(cmo, group=group)[0][key]], group
    months, _page = _rows(cmo, unit="month")
    assert [cell for cell, _f in months["FOOD"]][-3:] == ["4", "4", '6 <span class="flag">spike'], (
        "November and December four each (Tuesdays), January the burst of Sunday the 3rd")


def test_the_latest_spike_is_listed_and_a_head_of_department_sees_their_own(api, weeks, frozen_clock):
    frozen_clock.set(NOW - timedelta(hours=12))  # Sunday night, the ninth week: its burst is the latest period
    cmo, _ = logged_in_pages(api, api.login("cmo.cell"))
    _rows_, page = _rows(cmo)
    spikes = re.search(r'data-testid="spikes">(.*?)</ul>', page, re.S).group(1)
    assert "Food &amp; Supplies: 6 against a usual 1.0" in spikes and "Panchayats" not in spikes
    hod, _ = logged_in_pages(api, api.login("hod.food"))
    own, _page = _rows(hod)
    assert set(own) == {"PUR"}, "their department's districts"
    assert hod.get("/trends", query_string={"department": "PRD"}).status_code == 403
    assert hod.get("/trends", query_string={"unit": "fortnight"}).status_code == 400
