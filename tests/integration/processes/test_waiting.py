"""Where cases wait, on a version's page: the Action Taken Report task, where these cases waited longest, comes
first, with the cases that passed it, the median and 90th-percentile waits and the share of waits a deadline
timer fired in, all equal to a count made here from the cases' own times."""
from __future__ import annotations

import re
from datetime import timedelta
from statistics import median, quantiles

import pytest

from tests.conftest import START
from tests.integration.analytics.scenario import run_timers
from tests.integration.security.pages import logged_in_pages
from tests.support.cases import task

ATR = {"action_taken": "Ration card printed and handed over.", "outcome": "redressed"}
VERIFY = {"call_result": "reached_satisfied", "decision": "close"}
ATR_AFTER = (24, 48, 144)  # hours after lodging; the last one after the reminder fired


@pytest.fixture
def cases(app, api, frozen_clock) -> list[str]:
    operator = api.login("operator")
    reg_nos = [api.lodge(operator, mobile=f"983000000{i}", description=f"Ration card {i} not issued after enquiry.")
               .get_json()["reg_no"] for i in range(len(ATR_AFTER))]
    for reg_no, hours in zip(reg_nos, ATR_AFTER, strict=True):
        if hours > 100:
            run_timers(app, START + timedelta(hours=hours - 1))
        frozen_clock.set(START + timedelta(hours=hours))
        nodal = api.login("nodal.food.pur")
        atr = task(api, nodal, "Task_submit_atr", reg_no)
        assert api.post(f"/tasks/{atr['task_id']}/claim", nodal).status_code == 200
        assert api.complete(nodal, atr["task_id"], ATR).status_code == 200
        frozen_clock.set(START + timedelta(hours=hours + 1))
        cmo = api.login("cmo.cell")
        verify = task(api, cmo, "Task_verify", reg_no)
        assert api.post(f"/tasks/{verify['task_id']}/claim", cmo).status_code == 200
        assert api.complete(cmo, verify["task_id"], VERIFY).status_code == 200
    return reg_nos


def _rows(page: str) -> dict[str, dict[str, str]]:
    rows = {}
    for element, row in re.findall(r'<tr data-element="([^"]+)">(.*?)</tr>', page, re.S):
        rows[element] = dict(re.findall(r'data-measure="(\w+)">([^<]*)<', row))
    return rows


def test_the_atr_task_is_where_these_cases_waited_longest(api, cases):
    owner, _ = logged_in_pages(api, api.login("process.owner"))
    page = owner.get("/processes/grievance/versions/1", query_string={"from": "2026-11-01", "to": "2026-11-30"})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    rows = _rows(text)
    assert next(iter(rows)) == "Task_submit_atr", "the longest median wait comes first"
    atr = rows["Task_submit_atr"]
    assert atr["passed"] == "3" and float(atr["median"]) == median(ATR_AFTER)
    assert float(atr["p90"]) == round(quantiles(ATR_AFTER, n=10, method="inclusive")[-1], 1)
    assert float(atr["late"]) == round(100 / 3, 1), "the reminder fired while one case waited"
    assert (rows["Task_verify"]["passed"], float(rows["Task_verify"]["median"]), rows["Task_verify"]["late"]) == (
        "3", 1.0, "0.0")
    assert rows["Task_close"]["median"] == "—", "a script step passes but is not waited at"
    assert not [element for element in rows if element.startswith("Gateway")], "gateways route; nobody waits"

    prd = _rows(owner.get("/processes/grievance/versions/1", query_string={
        "from": "2026-11-01", "to": "2026-11-30", "department": "PRD"}).get_data(as_text=True))
    assert prd == {}, "no Panchayats case in the period"
    before = owner.get("/processes/grievance/versions/1")
    assert 'id="waits"' not in before.get_data(as_text=True), "figures only once asked"
