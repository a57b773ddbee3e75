"""The login pages send people on only to paths of this site, and the row actions do not leak other offices' tasks."""
from __future__ import annotations

import pytest

from tests.integration.security.pages import csrf_of, logged_in_pages

CITIZEN = "9830012345"
FOREIGN = ["/%09/evil.example", "//evil.example", "/\\evil.example", "https://evil.example/",
           "/%0d%0a/evil.example", "javascript:alert(1)", "/\x7f/evil.example"]


def _log_in_on_the_pages(api, next_path: str):
    """Password then SMS code on the officers' login page, as a person types them; the final response."""
    client = api.app.test_client()
    form = client.get("/login", query_string={"next": next_path})
    started = client.post("/login", query_string={"next": next_path}, data={
        "csrf_token": csrf_of(form), "username": "cmo.cell", "password": "Demo@12345"})
    assert started.status_code == 302, started.get_data(as_text=True)
    otp_page = client.get(started.headers["Location"])
    return client.post(started.headers["Location"], data={
        "csrf_token": csrf_of(otp_page), "code": api.last_otp("+919000000002")})


@pytest.mark.parametrize("target", FOREIGN)
def test_after_login_a_foreign_next_goes_to_the_role_home_not_off_site(api, target):
    from urllib.parse import unquote

    done = _log_in_on_the_pages(api, unquote(target))
    assert done.status_code == 302
    assert done.headers["Location"] == "/worklist", done.headers["Location"]


def test_after_login_a_path_of_this_site_is_followed(api):
    done = _log_in_on_the_pages(api, "/worklist?sort=due_at")
    assert done.status_code == 302 and done.headers["Location"] == "/worklist?sort=due_at"


@pytest.mark.parametrize("action", ["claim", "release"])
def test_another_office_cannot_claim_or_release_a_task_on_the_pages_nor_see_its_row(api, action):
    citizen = api.login_citizen(CITIZEN)
    reg_no = api.lodge(citizen).get_json()["reg_no"]
    [task] = api.worklist(api.login("nodal.food.pur"))
    client, headers = logged_in_pages(api, api.login("nodal.food.kol"))
    answer = client.post(f"/work/{task['task_id']}/{action}", headers=headers)
    assert answer.status_code == 404
    body = answer.get_data(as_text=True)
    assert reg_no not in body and task["title"] not in body
