"""Process models are versioned: a new diagram applies to new cases; running cases stay on their version."""
from __future__ import annotations

import pytest

import engine
from core.db import transaction
from engine.definitions import InvalidModel


def model_files(app) -> dict[str, str]:
    return engine.read_model_folder(app.extensions["settings"].bpmn_dir / "grievance")


def deploy(app, files):
    with app.app_context(), transaction() as session:
        return engine.deploy(session, process_id="grievance", files=files, actor="process.owner").version


def test_redeploying_the_same_files_keeps_the_version(app):
    assert deploy(app, model_files(app)) == 1


def test_new_cases_follow_the_new_version_and_old_cases_keep_theirs(app, api):
    operator = api.login("operator")
    old_case = api.lodge(operator, mobile="9830012345").get_json()["reg_no"]
    files = model_files(app)
    files["grievance.bpmn"] = files["grievance.bpmn"].replace('name="Submit Action Taken Report"',
                                                              'name="Submit Action Taken Report (v2)"')
    assert deploy(app, files) == 2
    new_case = api.lodge(operator, mobile="9830012345").get_json()["reg_no"]
    titles = {i["reg_no"]: i["title"] for i in api.worklist(api.login("nodal.food.pur"))}
    assert titles == {old_case: "Submit Action Taken Report", new_case: "Submit Action Taken Report (v2)"}


@pytest.mark.parametrize("change, message", [
    (('atr_due_at = sla_due(priority, category, department)', 'atr_due_at = priority.__class__'), "does not compile"),
    (('<bpmn:userTask id="Task_submit_atr"', '<bpmn:userTask id="Task_submit_atr" bogus="1"'), "bogus"),
])
def test_a_broken_model_is_refused_with_the_reason(app, change, message):
    files = model_files(app)
    assert change[0] in files["grievance.bpmn"], change[0]
    files["grievance.bpmn"] = files["grievance.bpmn"].replace(*change)
    with pytest.raises(InvalidModel) as caught:
        deploy(app, files)
    assert message in str(caught.value.problems)
