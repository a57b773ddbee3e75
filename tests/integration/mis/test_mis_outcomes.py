"""The MIS's outcomes of the cases closed in a period: redressed conclusively (the last ATR said redressed) or
closed otherwise, satisfaction among those who answered (one of two did), reopened (sent back by the
verification), and the escalated cases pending at each level; the export carries the same figures. Each figure is
checked against what the test itself did to its cases."""
from __future__ import annotations

import csv
import io
import re

import engine
from tests.integration.security.pages import logged_in_pages
from tests.support.cases import task


def _lodge(api, operator, mobile: str, text: str) -> str:
    lodged = api.lodge(operator, mobile=mobile, description=text)
    assert lodged.status_code == 201, lodged.get_json()
    return lodged.get_json()["reg_no"]


def _atr(api, reg_no: str, outcome: str) -> None:
    nodal = api.login("nodal.food.pur")
    done = api.complete(nodal, task(api, nodal, "Task_submit_atr", reg_no)["task_id"],
                        {"action_taken": "Card printed and handed over at the block office.", "outcome": outcome})
    assert done.status_code == 200, done.get_json()


def _verify(api, reg_no: str, decision: str = "close") -> None:
    cmo = api.login("cmo.cell")
    data = {"call_result": "reached_satisfied" if decision == "close" else "reached_not_satisfied",
            "decision": decision, **({"reasons": "The card was not handed over."} if decision == "send_back" else {})}
    assert api.complete(cmo, task(api, cmo, "Task_verify", reg_no)["task_id"], data).status_code == 200


def _outcomes(page: str, key: str) -> dict[str, str]:
    table = page[page.index('id="outcomes"'):]
    row = re.search(rf'<tr data-key="{key}"[^>]*>(.*?)</tr>', table, re.S).group(1)
    return dict(re.findall(r'data-measure="([\w-]+)">\s*([\d.]+%?|—)', row))


def test_outcomes_of_the_period_count_what_happened_to_the_cases(app, api, frozen_clock):
    operator = api.login("operator")
    redressed = _lodge(api, operator, "9837000001", "Ration card application pending since March at Hura.")
    partly = _lodge(api, operator, "9837000002", "Ration card shows the wrong category since the last survey.")
    lapsed = _lodge(api, operator, "9837000003", "Name of my daughter missing from the digital ration card.")
    _atr(api, redressed, "redressed")
    _verify(api, redressed)
    _atr(api, partly, "redressed")
    _verify(api, partly, "send_back")
    _atr(api, partly, "partially_redressed")
    _verify(api, partly)
    given = api.post(f"/grievances/{redressed}/feedback", operator, json={
        "is_satisfied": True, "rating": 5, "on_behalf_of_complainant": True})
    assert given.status_code == 201, given.get_json()  # the other gives none (an unsatisfied one would appeal)
    frozen_clock.advance(days=9)  # the third case's ATR deadline lapses: escalated to the head of department
    with app.app_context():
        engine.fire_due_timers(app.extensions["db"])

    client, _headers = logged_in_pages(api, api.login("cmo.cell"))
    page = client.get("/mis", query_string={"department": "FOOD"}).get_data(as_text=True)
    food = _outcomes(page, "PUR")
    assert (food["closed"], food["redressed"], food["otherwise"]) == ("2", "1", "1")
    assert (food["satisfaction"], food["appeal"], food["reopen"]) == ("100.0%", "0.0%", "50.0%")
    assert (food["at-head_of_department"], food["at-secretary"], food["at-cmo_cell"]) == ("1", "0", "0")
    assert lapsed and _outcomes(page, "total")["closed"] == "2"

    export = client.get("/mis/export.csv", query_string={"department": "FOOD"})
    lines = list(csv.reader(io.StringIO(export.get_data().decode("utf-8-sig"))))
    heads, purulia = lines[0], next(line for line in lines if line[0] == "Purulia")
    assert purulia[heads.index("Redressed conclusively")] == "1" and purulia[heads.index("Reopened (%)")] == "50.0"
    assert purulia[heads.index("Escalated at head of department")] == "1"
