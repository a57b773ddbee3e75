"""An administrator moves an officer to another office or role (a transfer): the officer then works the new
office's tasks only, tasks they held in the old one go back to that office with the reason in the case's history,
and the change is recorded with before and after. Disabling an account hands its tasks back the same way."""
from __future__ import annotations

from tests.integration.administration.test_admin_pages import _admin, _changes
from tests.integration.security.pages import logged_in_pages


def _lodge(api, district: str) -> str:
    lodged = api.lodge(api.login("operator"), district=district, mobile=f"98311{len(district):05d}{district[0]}"[:10],
                       description=f"My ration card in {district} has not been issued for months.")
    assert lodged.status_code == 201, lodged.get_json()
    return lodged.get_json()["reg_no"]


def _open_task(api, reg_no: str) -> dict:
    [task] = api.get(f"/grievances/{reg_no}", api.login("cmo.cell")).get_json()["open_tasks"]
    return {key: task[key] for key in ("task_id", "office", "claimed")}


def _pages_of(api, username: str):
    return logged_in_pages(api, api.login(username))


def _case_page(api, reg_no: str) -> str:
    client, _headers = _pages_of(api, "auditor")
    return client.get(f"/cases/{reg_no}").get_data(as_text=True)


def test_transfer_moves_the_officer_and_hands_back_held_tasks(app, api):
    purulia, kolkata = _lodge(api, "PUR"), _lodge(api, "KOL")
    nodal = api.login("nodal.food.pur")
    [task] = api.worklist(nodal)
    assert api.post(f"/tasks/{task['task_id']}/claim", nodal).status_code == 200

    client, headers = _admin(api)
    moved = client.post("/admin/users/nodal.food.pur/posting",
                        data={"role": "nodal_officer", "department": "FOOD", "offices": "FOOD-KOL"}, headers=headers)
    assert moved.status_code == 302
    assert "Role and postings of nodal.food.pur changed." in client.get("/admin/users").get_data(as_text=True)

    nodal = api.login("nodal.food.pur")
    assert [row["reg_no"] for row in api.worklist(nodal)] == [kolkata]
    [left] = api.worklist(api.login("nodal.food.kol"), reg_no=purulia) or [None]
    assert left is None  # the Purulia task stays with Purulia's office
    assert _open_task(api, purulia) == {"task_id": task["task_id"], "office": "FOOD-PUR", "claimed": False}
    assert "no longer serves it (posting changed)" in _case_page(api, purulia)

    [change] = [c for c in _changes(app) if c[3] == "posting_changed"]
    assert change[4]["offices"] == ["FOOD-PUR"] and change[5]["offices"] == ["FOOD-KOL"]


def test_a_transfer_that_makes_no_sense_is_refused_and_nothing_changes(app, api):
    client, headers = _admin(api)
    no_office = client.post("/admin/users/nodal.food.pur/posting",
                            data={"role": "nodal_officer", "department": "FOOD", "offices": ""}, headers=headers)
    assert no_office.status_code == 422 and "needs at least one office" in no_office.get_data(as_text=True)
    own = client.post("/admin/users/admin/posting", data={"role": "auditor", "department": "", "offices": ""},
                      headers=headers)
    assert own.status_code == 409 and "your own role" in own.get_data(as_text=True)
    unknown = client.post("/admin/users/nobody.here/posting", data={"role": "auditor"}, headers=headers)
    assert unknown.status_code == 404
    assert _changes(app) == []
    officer_client, officer_headers = _pages_of(api, "nodal.food.pur")
    refused = officer_client.post("/admin/users/nodal.food.kol/posting",
                                  data={"role": "auditor"}, headers=officer_headers)
    assert refused.status_code == 403


def test_disabling_an_account_hands_its_tasks_back(app, api):
    reg_no = _lodge(api, "PUR")
    nodal = api.login("nodal.food.pur")
    [task] = api.worklist(nodal)
    api.post(f"/tasks/{task['task_id']}/claim", nodal)
    client, headers = _admin(api)
    assert client.post("/admin/users/nodal.food.pur/active", data={"active": "0"}, headers=headers).status_code == 302
    assert _open_task(api, reg_no) == {"task_id": task["task_id"], "office": "FOOD-PUR", "claimed": False}
    assert "was disabled" in _case_page(api, reg_no)
