"""The breach-risk model learns from finished cases which ones miss their deadline: here the Purulia food office
reports on time and the Kolkata power office lets every case lapse into escalation. Trained by the command (or the
periodic job), it scores the open cases: a new Kolkata power case is "likely late" on its office's worklist and
counted in the dashboard's forecast, whose list opens exactly those cases; a Purulia case is not."""
from __future__ import annotations

import engine
from core.db import transaction
from jobs.periodic import refresh_breach_risk
from tests.support.cases import task

ATR = {"action_taken": "Ration card printed and handed over.", "outcome": "redressed"}


def _lodge(api, operator, number: int, *, category: str, district: str) -> str:
    response = api.lodge(operator, mobile=f"98320{number:05d}", category=category, district=district,
                         description=f"Case number {number}: nothing has been done about it for weeks.")
    assert response.status_code == 201, response.get_json()
    return response.get_json()["reg_no"]


def _history(app, api, frozen_clock) -> None:
    operator = api.login("operator")
    food, power = [], []
    for n in range(30):  # interleaved: the latest fifth, on which the model is measured, holds both offices
        food.append(_lodge(api, operator, n, category="FOOD_RATION_CARD", district="PUR"))
        power.append(_lodge(api, operator, 100 + n, category="POWER_BILLING", district="KOL"))
    nodal = api.login("nodal.food.pur")
    for reg_no in food:
        assert api.complete(nodal, task(api, nodal, "Task_submit_atr", reg_no)["task_id"], ATR).status_code == 200
    frozen_clock.advance(days=12)
    with app.app_context():
        engine.fire_due_timers(app.extensions["db"])
    cmo = api.login("cmo.cell")
    assert all(api.get(f"/grievances/{r}", cmo).get_json()["is_escalated"] for r in power)


def test_the_model_learns_which_office_is_late_and_the_worklist_and_dashboard_show_it(app, api, frozen_clock):
    _history(app, api, frozen_clock)
    operator = api.login("operator")
    late = _lodge(api, operator, 500, category="POWER_BILLING", district="KOL")
    on_time = _lodge(api, operator, 501, category="FOOD_RATION_CARD", district="PUR")

    trained = app.test_cli_runner().invoke(args=["models", "breach-risk", "--min-cases", "40"])
    assert trained.exit_code == 0, trained.output
    assert "breach-risk model" in trained.output and "open cases scored" in trained.output
    assert "AUC 1.0" in trained.output, "the latest cases are told apart by their office"

    [row] = api.worklist(api.login("nodal.power.kol"), reg_no=late)
    assert row["likely_late"] and row["breach_risk"] >= 0.5
    [other] = api.worklist(api.login("nodal.food.pur"), reg_no=on_time)
    assert not other["likely_late"] and other["breach_risk"] < row["breach_risk"]

    pages = app.test_client()
    with pages.session_transaction() as session:
        session["token"] = api.login("cmo.cell")
    overview = pages.get("/dashboard").get_data(as_text=True)
    assert "1 open grievance is likely to miss its deadline" in overview
    listed = pages.get("/dashboard/cases?state=at_risk").get_data(as_text=True)
    assert late in listed and on_time not in listed
    with pages.session_transaction() as session:
        session["token"] = api.login("nodal.power.kol")
    worklist = pages.get(f"/worklist?reg_no={late}").get_data(as_text=True)
    assert "likely late" in worklist and "deadline is missed" in worklist


def test_the_periodic_job_trains_once_a_week_and_rescores_and_needs_finished_cases(app, api, frozen_clock):
    from breach_risk.models import BreachRisk
    from text_models.models import TextModel

    assert refresh_breach_risk(app) == 0, "without finished cases there is no model and nothing is scored"
    _history(app, api, frozen_clock)
    _lodge(api, api.login("operator"), 600, category="POWER_BILLING", district="KOL")
    assert refresh_breach_risk(app) >= 1
    frozen_clock.advance(hours=1)
    refresh_breach_risk(app)
    with app.app_context(), transaction(readonly=True) as session:
        models = session.query(TextModel).filter(TextModel.kind == "breach_risk").count()
        scores = session.query(BreachRisk).count()
    assert models == 1, "an hour later it rescores with the same model"
    assert scores >= 1
    frozen_clock.advance(days=8)
    refresh_breach_risk(app)
    with app.app_context(), transaction(readonly=True) as session:
        assert session.query(TextModel).filter(TextModel.kind == "breach_risk").count() == 2
