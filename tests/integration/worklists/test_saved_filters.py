"""Officers keep worklist filters under a name, apply them again, and delete them; each sees only their own."""
from __future__ import annotations


def test_save_list_apply_and_delete_a_filter(api):
    operator = api.login("operator")
    mahato = api.lodge(operator, complainant_name="Sabita Mahato", mobile="9830000003").get_json()["reg_no"]
    api.lodge(operator, complainant_name="Rahim Sk", mobile="9830000002",
              description="The ration dealer refuses to give the full quota.")
    nodal = api.login("nodal.food.pur")
    created = api.post("/worklist/filters", nodal, json={"name": "Mahato family", "query": {"name": "mahato",
                                                                                             "sla": "green"}})
    assert created.status_code == 201, created.get_json()
    saved = created.get_json()
    assert saved["query"] == {"name": "mahato", "sla": "green", "sort": "due_at"}
    assert [f["name"] for f in api.get("/worklist/filters", nodal).get_json()] == ["Mahato family"]
    assert [i["reg_no"] for i in api.worklist(nodal, **saved["query"])] == [mahato]

    duplicate = api.post("/worklist/filters", nodal, json={"name": "mahato  FAMILY", "query": {}})
    assert duplicate.status_code == 409 and duplicate.get_json()["code"] == "saved_filter_exists"
    wrong = api.post("/worklist/filters", nodal, json={"name": "Purple", "query": {"sla": "purple"}})
    assert wrong.status_code == 422

    colleague = api.login("nodal.food.kol")
    assert api.get("/worklist/filters", colleague).get_json() == []
    for call in (api.get, lambda *a: api.call("DELETE", *a)):
        refused = call(f"/worklist/filters/{saved['id']}", colleague)
        assert refused.status_code == 404 and refused.get_json()["code"] == "saved_filter_not_found"

    assert api.call("DELETE", f"/worklist/filters/{saved['id']}", nodal).status_code == 204
    gone = api.call("DELETE", f"/worklist/filters/{saved['id']}", nodal)
    assert gone.status_code == 404 and gone.get_json()["code"] == "saved_filter_not_found"
    assert "no saved filter" in gone.get_json()["detail"]
    assert api.get("/worklist/filters", nodal).get_json() == []
