"""The worklist pages through Flask's client: a plain Claim form (the task page's) goes back to the task; bulk claim
and assignment need the CSRF token and the right role."""
from __future__ import annotations

from tests.integration.security.pages import logged_in_pages


def test_a_plain_claim_form_holds_the_task_and_returns_to_it(api):
    api.lodge(api.login("operator"), mobile="9830012345")
    token = api.login("nodal.food.pur")
    [item] = api.worklist(token)
    client, headers = logged_in_pages(api, token)
    answer = client.post(f"/work/{item['task_id']}/claim", headers=headers)
    assert answer.status_code == 302 and answer.headers["Location"] == f"/work/{item['task_id']}"
    assert api.worklist(token)[0]["claimed_by_id"] is not None
    assert "You now hold this task." in client.get(f"/work/{item['task_id']}").get_data(as_text=True)


def test_bulk_claim_and_assignment_forms_check_csrf_and_role(api):
    api.lodge(api.login("operator"), mobile="9830012345")
    token = api.login("nodal.food.pur")
    [item] = api.worklist(token)
    client, headers = logged_in_pages(api, token)
    assert client.post("/worklist/claim", data={"task_id": item["task_id"]}).status_code == 400, "no CSRF token"
    assert api.worklist(token)[0]["claimed_by_id"] is None
    done = client.post("/worklist/claim", data={"task_id": item["task_id"]}, headers=headers)
    assert done.status_code == 302 and done.headers["Location"] == "/worklist"
    assert api.worklist(token)[0]["claimed_by_id"] is not None
    assert client.get(f"/work/{item['task_id']}/assign").status_code == 403, "officers do not assign"
    hod, hod_headers = logged_in_pages(api, api.login("hod.food"))
    form = hod.get(f"/work/{item['task_id']}/assign")
    assert form.status_code == 200 and "nodal.food.pur" in form.get_data(as_text=True)
    refused = hod.post(f"/work/{item['task_id']}/assign", data={"assignee": "nodal.food.kol"}, headers=hod_headers)
    assert refused.status_code == 422 and "Choose an officer of this task" in refused.get_data(as_text=True)


def test_a_bad_search_says_what_is_wrong_in_the_officers_language(api):
    client, _ = logged_in_pages(api, api.login("nodal.food.pur"))
    english = client.get("/worklist?mobile=12345")
    assert english.status_code == 422 and "Enter a 10-digit mobile number." in english.get_data(as_text=True)
    bengali = client.get("/worklist?mobile=12345&lang=bn").get_data(as_text=True)
    assert "১০ অঙ্কের মোবাইল নম্বর লিখুন।" in bengali


def test_a_row_claimed_from_another_offices_worklist_is_not_found_and_says_which(api):
    api.lodge(api.login("operator"), mobile="9830012345")
    [item] = api.worklist(api.login("nodal.food.pur"))
    client, headers = logged_in_pages(api, api.login("nodal.power.kol"))
    answer = client.post(f"/work/{item['task_id']}/claim", headers={**headers, "HX-Request": "true"})
    assert answer.status_code == 404 and f"No task {item['task_id']}." in answer.get_data(as_text=True)
    assert api.worklist(api.login("nodal.food.pur"))[0]["claimed_by_id"] is None, "nobody else's to claim"


def test_a_task_page_of_a_text_that_is_no_task_id_is_not_found(api):
    client, headers = logged_in_pages(api, api.login("nodal.food.pur"))
    for path in ("/work/not-a-task", "/work/00000000-0000-4000-8000-00000000000g?lang=bn"):
        assert client.get(path).status_code == 404, path
    assert client.post("/work/not-a-task/claim", headers={**headers, "HX-Request": "true"}).status_code == 404
