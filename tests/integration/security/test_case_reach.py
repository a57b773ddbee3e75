"""From a registration number to its open task; the auditor's export by bearer token (it was reachable only with
a browser session: a token was redirected to /login)."""
from __future__ import annotations

import csv
import io

CITIZEN = "9830012345"


def _lodged(api) -> str:
    lodged = api.lodge(api.login("operator"), mobile=CITIZEN)
    assert lodged.status_code == 201, lodged.get_json()
    return lodged.get_json()["reg_no"]


def test_a_grievance_shows_its_open_task_which_the_office_then_completes(api):
    reg_no = _lodged(api)
    nodal = api.login("nodal.food.pur")
    case = api.get(f"/grievances/{reg_no}", nodal).get_json()
    [atr] = case["open_tasks"]
    assert (atr["office"], atr["role"], atr["claimed"]) == ("FOOD-PUR", "nodal_officer", False)
    assert api.get(f"/tasks/{atr['task_id']}", nodal).status_code == 200
    done = api.complete(nodal, atr["task_id"], {"action_taken": "Ration card printed and handed over.",
                                                "outcome": "redressed"})
    assert done.status_code == 200, done.get_json()
    after = api.get(f"/grievances/{reg_no}", api.login("cmo.cell")).get_json()["open_tasks"]
    assert atr["task_id"] not in {t["task_id"] for t in after} and len(after) == 1  # now the CMO cell's call


def test_the_complainant_and_the_operator_see_the_case_but_not_the_task_ids(api):
    reg_no = _lodged(api)
    for token in (api.login_citizen(CITIZEN), api.login("operator")):
        case = api.get(f"/grievances/{reg_no}", token).get_json()
        assert case["reg_no"] == reg_no and case["open_tasks"] == []


def test_the_auditor_exports_the_history_as_json_and_csv_with_a_bearer_token(api):
    reg_no = _lodged(api)
    auditor = api.login("auditor")
    as_json = api.get(f"/grievances/{reg_no}/history/export", auditor)
    assert as_json.status_code == 200 and as_json.mimetype == "application/json"
    assert "attachment" in as_json.headers["Content-Disposition"]
    body = as_json.get_json()
    assert body["reg_no"] == reg_no and body["chain"]["ok"] is True and body["events"][0]["event_type"]
    as_csv = api.get(f"/grievances/{reg_no}/history/export", auditor, query_string={"format": "csv"})
    assert as_csv.status_code == 200 and as_csv.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(as_csv.get_data(as_text=True))))
    assert rows[0][:3] == ["seq", "at", "event_type"] and len(rows) == len(body["events"]) + 1
    assert api.get(f"/grievances/{reg_no}/history/export", auditor,
                   query_string={"format": "xml"}).status_code == 422


def test_only_auditors_the_cmo_cell_and_admins_export(api):
    reg_no = _lodged(api)
    assert api.get(f"/grievances/{reg_no}/history/export").status_code == 401
    for name in ("nodal.food.pur", "operator", "hod.food"):
        refused = api.get(f"/grievances/{reg_no}/history/export", api.login(name))
        assert refused.status_code == 403 and refused.mimetype == "application/problem+json", name
