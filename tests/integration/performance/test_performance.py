"""ATR quality and the office index over a month of one office's cases: two near-identical ATRs and a very short one
flag the office as boilerplate; the verifiers' ratings and findings are shown; the index equals the test's own
reading of the formula on the page (timeliness 0.4, quality 0.3, satisfaction 0.2, appeals 0.1)."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.conftest import START
from tests.integration.security.pages import logged_in_pages
from tests.support.cases import task

ATRS = ("Ration card printed and handed over at the block office on 3 November.",
        "Ration card printed and handed over at the block office on 4 November.",
        "Done as asked")
VERIFICATIONS = ({"call_result": "reached_satisfied", "decision": "close", "atr_rating": 5, "atr_issue": "none"},
                 {"call_result": "reached_not_satisfied", "decision": "send_back", "atr_rating": 2,
                  "atr_issue": "boilerplate", "reasons": "The reply is a template, not about this card."},
                 {"call_result": "reached_satisfied", "decision": "close", "atr_rating": 1,
                  "atr_issue": "not_addressed"})


def _claim_and_complete(api, token, item, data):
    assert api.post(f"/tasks/{item['task_id']}/claim", token).status_code == 200
    done = api.complete(token, item["task_id"], data)
    assert done.status_code == 200, done.get_json()


@pytest.fixture
def month(api, frozen_clock) -> list[str]:
    """Four ration-card cases of the Purulia food office lodged on 2 November; three get an ATR the next day and a
    verification call; the fourth never does; the first complainant is satisfied, the third appeals."""
    operator = api.login("operator")
    cases = [api.lodge(operator, mobile=f"983000000{i}", description=f"Ration card {i} not issued after enquiry.")
             .get_json()["reg_no"] for i in range(4)]
    frozen_clock.set(START + timedelta(days=1))
    nodal, cmo = api.login("nodal.food.pur"), api.login("cmo.cell")
    for reg_no, text, verification in zip(cases, ATRS, VERIFICATIONS, strict=False):
        _claim_and_complete(api, nodal, task(api, nodal, "Task_submit_atr", reg_no),
                            {"action_taken": text, "outcome": "redressed"})
        _claim_and_complete(api, cmo, task(api, cmo, "Task_verify", reg_no), verification)
    for reg_no, mobile, satisfied in ((cases[0], "9830000000", True), (cases[2], "9830000002", False)):
        given = api.post(f"/grievances/{reg_no}/feedback", api.login_citizen(mobile),
                         json={"is_satisfied": satisfied, "rating": 5 if satisfied else 1,
                               "comment": "" if satisfied else "Nothing was done about my card."})
        assert given.status_code == 201, given.get_json()
    frozen_clock.set(START + timedelta(days=27))  # 29 November: every deadline of the month has passed
    return cases


def _row(page: str, office: str) -> dict[str, str]:
    row = re.search(rf'<tr data-office="{office}"[^>]*>(.*?)</tr>', page, re.S).group(1)
    return {m: v.strip() for m, v in re.findall(r'data-measure="(\w+)">(.*?)</td>', row, re.S)}


def test_near_identical_and_short_atrs_flag_the_office(api, month):
    hod, _ = logged_in_pages(api, api.login("hod.food"))
    page = hod.get("/atr-quality", query_string={"month": "2026-11"}).get_data(as_text=True)
    row = _row(page, "FOOD-PUR")
    assert (row["atrs"], row["short"], row["repeated"], row["not_pertaining"], row["rating"]) == (
        "3", "1", "2", "0", "2.7")
    assert "a stock reply, not about this case (1)" in row["issues"]
    assert "does not address the grievance (1)" in row["issues"]
    assert 'data-office="FOOD-PUR" class="flagged"' in page and "looks like boilerplate" in page
    assert hod.get("/atr-quality", query_string={"department": "PRD"}).status_code == 403


def test_the_office_index_follows_its_documented_formula(api, month, frozen_clock):
    cmo, _ = logged_in_pages(api, api.login("cmo.cell"))
    page = cmo.get("/office-index", query_string={"month": "2026-11"}).get_data(as_text=True)
    row = _row(page, "FOOD-PUR")
    # Deadlines of the month, as the grievances hold them now: the first (met), the second (sent back, its first
    # ATR before its new deadline: met, as on the dashboard) and the fourth (never reported); the third's deadline
    # moved with its appeal.
    timeliness = 2 / 3
    quality = ((8 / 3 - 1) / 4 + (1 - 1 / 3)) / 2        # ratings 5, 2, 1; one of three verifications sent back
    satisfaction = 1 / 2                                 # one satisfied, one not
    appeals = 1 - 1 / 2                                  # one appeal over two closures
    expected = round(100 * (0.4 * timeliness + 0.3 * quality + 0.2 * satisfaction + 0.1 * appeals), 1)
    assert float(row["index"]) == expected and row["rank"] == "1"
    assert (row["timeliness"], row["satisfaction"], row["appeals"]) == ("67%", "50%", "50%")
    assert row["change"] == "—", "nothing in October to compare with"
    assert "Timeliness (weight 0.4)" in page
    assert cmo.get("/office-index", query_string={"month": "2026-13"}).status_code == 400
    frozen_clock.set(START + timedelta(days=45))  # read again once the month is over: the same figures
    cmo, _ = logged_in_pages(api, api.login("cmo.cell"))
    later = _row(cmo.get("/office-index", query_string={"month": "2026-11"}).get_data(as_text=True), "FOOD-PUR")
    assert float(later["index"]) == expected and later["timeliness"] == "67%"
