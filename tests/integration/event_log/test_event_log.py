"""The event log: all cases of a period as XES that pm4py reads and mines (activities named as in the diagram, no
engine plumbing), the same steps as CSV, a department's cases only, who may export it, and the CLI's file."""
from __future__ import annotations

import csv
import io
from datetime import timedelta

import pandas as pd
import pm4py
import pytest

from tests.conftest import START
from tests.support.cases import lodge_and_close

DAY = START.date().isoformat()
WORK = {"Grievance lodged", "Categorise (routing rules)", "Forward to office",
        "Submit Action Taken Report", "Verify with complainant", "Close grievance", "Grievance closed"}


@pytest.fixture
def cases(api, frozen_clock) -> dict[str, list[str]]:
    operator = api.login("operator")
    closed = [lodge_and_close(api, operator, mobile=f"983000000{i}",
                              description=f"Ration card number {i} was never issued after the enquiry.")
              for i in range(1, 4)]
    waiting = api.lodge(operator, mobile="9830000009", district="BAN", category="PRD_HOUSING", address="Khatra",
                        description="Banglar Bari house sanctioned but no instalment has come.").get_json()["reg_no"]
    frozen_clock.set(START + timedelta(hours=2))
    return {"FOOD": closed, "PRD": [waiting]}


def _export(api, token, **args):
    response = api.get("/event-log", token, query_string={"from": DAY, "to": DAY, **args})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response


def _read_xes(body: bytes, tmp_path) -> pd.DataFrame:
    path = tmp_path / "log.xes"
    path.write_bytes(body)
    return pm4py.read_xes(str(path))


def test_the_xes_log_is_read_and_mined_by_pm4py(api, cases, tmp_path):
    response = _export(api, api.login("auditor"))
    assert response.mimetype == "application/xml"
    assert response.headers["Content-Disposition"] == f'attachment; filename="event-log-all-{DAY.replace("-", "")}-' \
                                                      f'{DAY.replace("-", "")}.xes"'
    log = _read_xes(response.get_data(), tmp_path)
    assert set(log["case:concept:name"]) == set(cases["FOOD"] + cases["PRD"])
    activities = set(log["concept:name"])
    assert activities == WORK, "the diagram's names; no gateway or unnamed script (the engine's own steps), no " \
        "task opening or claim"
    first_case = log[log["case:concept:name"] == cases["FOOD"][0]]
    assert list(first_case["concept:name"]) == ["Grievance lodged", "Categorise (routing rules)",
                                                "Forward to office", "Submit Action Taken Report",
                                                "Verify with complainant", "Close grievance", "Grievance closed"]
    assert list(first_case["org:role"])[3] == "nodal_officer" and list(first_case["org:group"])[3] == "FOOD-PUR"
    assert first_case["time:timestamp"].is_monotonic_increasing

    closed = log[log["case:concept:name"].isin(cases["FOOD"])]
    net, initial, final = pm4py.discover_petri_net_inductive(closed)
    fitness = pm4py.fitness_token_based_replay(closed, net, initial, final)
    assert fitness["log_fitness"] == pytest.approx(1.0), "the model mined from the log replays it"


def test_the_csv_log_has_the_same_steps(api, cases, tmp_path):
    token = api.login("cmo.cell")
    rows = list(csv.DictReader(io.StringIO(_export(api, token, format="csv").get_data(as_text=True))))
    assert list(rows[0]) == ["case_id", "activity", "timestamp", "resource_role", "office"]
    xes = _read_xes(_export(api, token).get_data(), tmp_path)
    assert len(rows) == len(xes) and [r["activity"] for r in rows] == list(xes["concept:name"])


def test_a_department_and_a_period_narrow_the_cases(api, cases, tmp_path):
    token = api.login("auditor")
    prd = _read_xes(_export(api, token, department="PRD").get_data(), tmp_path)
    assert set(prd["case:concept:name"]) == set(cases["PRD"])
    assert list(prd["concept:name"])[-1] == "Forward to office", "a case waiting for its ATR ends where it stands"
    empty = api.get("/event-log", token, query_string={"from": "2026-10-01", "to": "2026-10-31", "format": "csv"})
    assert empty.get_data(as_text=True).strip() == "case_id,activity,timestamp,resource_role,office"


def test_who_may_export_and_what_is_refused(api, cases):
    assert api.get("/event-log").status_code == 401
    refused = api.get("/event-log", api.login("nodal.food.pur"))
    assert refused.status_code == 403 and refused.mimetype == "application/problem+json"
    auditor = api.login("auditor")
    backwards = api.get("/event-log", auditor, query_string={"from": "2026-11-30", "to": "2026-11-01"})
    assert backwards.status_code == 422 and "from" in backwards.get_json()["errors"]
    assert api.get("/event-log", auditor, query_string={"from": "yesterday"}).status_code == 422
    unknown = api.get("/event-log", auditor, query_string={"department": "NOPE"})
    assert unknown.status_code == 422 and "department" in unknown.get_json()["errors"]
    assert api.get("/event-log", auditor, query_string={"format": "xlsx"}).status_code == 422


def test_the_cli_writes_a_file_pm4py_reads(app, cases, tmp_path):
    target = tmp_path / "food.xes"
    result = app.test_cli_runner().invoke(args=["analytics", "event-log", "--from", DAY, "--to", DAY,
                                                "--department", "FOOD", "--output", str(target)])
    assert result.exit_code == 0, result.output
    log = pm4py.read_xes(str(target))
    assert set(log["case:concept:name"]) == set(cases["FOOD"])
