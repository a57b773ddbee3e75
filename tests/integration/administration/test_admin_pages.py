"""Administration through its pages: each change made, checked and recorded with who and when; admins only; CSRF."""
from __future__ import annotations

from sqlalchemy import select

from accounts.service import find_user
from administration.models import AdminChange
from core.db import transaction
from directory.models import Category, Department, Office
from escalation_rules.service import current_version
from tests.integration.security.pages import csrf_of, logged_in_pages

NEW_OFFICER = {"username": "nodal.food.ban", "full_name": "Nodal officer, Food & Supplies Bankura",
               "role": "nodal_officer", "mobile": "9000000099", "offices": "FOOD-BAN",
               "password": "Bankura@2026"}


def _admin(api):
    client, headers = logged_in_pages(api, api.login("admin"))
    return client, headers


def _changes(app) -> list[tuple]:
    with app.app_context(), transaction(readonly=True) as db:
        return [(c.actor_name, c.subject, c.subject_key, c.action, c.before, c.after)
                for c in db.scalars(select(AdminChange).order_by(AdminChange.id))]


def test_admin_creates_disables_and_resets_an_officer_recorded(app, api):
    client, headers = _admin(api)
    made = client.post("/admin/users", data=NEW_OFFICER, headers=headers)
    assert made.status_code == 302
    page = client.get("/admin/users").get_data(as_text=True)
    assert "nodal.food.ban" in page and "Account nodal.food.ban created." in page
    officer = api.login("nodal.food.ban", "Bankura@2026")  # logs in with the password the admin set
    assert api.worklist(officer) == []

    assert client.post("/admin/users/nodal.food.ban/password", data={"password": "short"},
                       headers=headers).status_code == 422
    assert client.post("/admin/users/nodal.food.ban/password", data={"password": "Another@2026"},
                       headers=headers).status_code == 302
    api.login("nodal.food.ban", "Another@2026")
    assert client.post("/admin/users/nodal.food.ban/active", data={"active": "0"}, headers=headers).status_code == 302
    assert api.get("/worklist", officer).status_code == 401  # disabling ends the sessions at once
    with app.app_context(), transaction(readonly=True) as db:
        assert not find_user(db, "nodal.food.ban").is_active

    changes = _changes(app)
    assert [(c[0], c[2], c[3]) for c in changes] == [("System Administrator", "nodal.food.ban", "created"),
                                                     ("System Administrator", "nodal.food.ban", "password_reset"),
                                                     ("System Administrator", "nodal.food.ban", "disabled")]
    assert changes[0][5]["offices"] == ["FOOD-BAN"] and "Another@2026" not in str(changes)
    assert changes[2][4]["is_active"] is True and changes[2][5]["is_active"] is False
    assert "password reset" in client.get("/admin").get_data(as_text=True)


def test_bad_officer_is_refused_with_what_is_wrong(app, api):
    client, headers = _admin(api)
    taken = client.post("/admin/users", data={**NEW_OFFICER, "username": "hod.food"}, headers=headers)
    assert taken.status_code == 409 and "already in use" in taken.get_data(as_text=True)
    no_office = client.post("/admin/users", data={**NEW_OFFICER, "offices": ""}, headers=headers)
    assert no_office.status_code == 422 and "needs at least one office" in no_office.get_data(as_text=True)
    bengali = client.post("/admin/users?lang=bn", data={**NEW_OFFICER, "offices": "FOOD-XYZ"}, headers=headers)
    assert bengali.status_code == 422 and "অফিস" in bengali.get_data(as_text=True)
    assert _changes(app) == []


def test_offices_categories_and_holidays_change_and_are_recorded(app, api):
    client, headers = _admin(api)
    moved = client.post("/admin/offices/FOOD-PUR-SDR", data={"name": "Food & Supplies, Purulia Sadar",
                                                            "parent": "FOOD-WB", "department": "FOOD"},
                        headers=headers)
    loop = client.post("/admin/offices/FOOD-WB", data={"name": "Food directorate", "parent": "FOOD-PUR"},
                       headers=headers)
    other_dept = client.post("/admin/offices/FOOD-PUR", data={"name": "x office", "parent": "PRD-WB"},
                             headers=headers)
    assert moved.status_code == 302 and loop.status_code == 422 and other_dept.status_code == 422
    assert "under itself" in loop.get_data(as_text=True)
    recat = client.post("/admin/categories/OTHER", data={"name": "Other", "name_bn": "অন্যান্য",
                                                        "department": "WCD"}, headers=headers)
    assert recat.status_code == 302
    holiday = client.post("/admin/holidays", data={"date": "2026-12-24", "reason": "Christmas Eve"}, headers=headers)
    assert holiday.status_code == 302
    bad_date = client.post("/admin/holidays", data={"date": "24/12/2026", "reason": "x"}, headers=headers)
    assert bad_date.status_code == 422
    with app.app_context(), transaction(readonly=True) as db:
        office = db.scalar(select(Office).where(Office.code == "FOOD-PUR-SDR"))
        assert db.get(Office, office.parent_id).code == "FOOD-WB"
        other = db.scalar(select(Category).where(Category.code == "OTHER"))
        assert db.get(Department, other.department_id).code == "WCD"
        policy = current_version(db)
        assert {"date": "2026-12-24", "reason": "Christmas Eve"} in policy.body["calendar"]["extra_holidays"]
        assert policy.created_by.endswith("System Administrator")
    assert "Christmas Eve" in client.get("/admin/holidays").get_data(as_text=True)
    assert client.post("/admin/holidays/2026-12-24/remove", headers=headers).status_code == 302
    assert [(c[1], c[2], c[3]) for c in _changes(app)] == [
        ("office", "FOOD-PUR-SDR", "updated"), ("category", "OTHER", "updated"), ("holiday", "2026-12-24", "added"),
        ("holiday", "2026-12-24", "removed")]
    assert _changes(app)[0][4]["parent"] == "FOOD-PUR" and _changes(app)[1][5]["department"] == "WCD"


def test_administration_is_for_admins_and_needs_the_csrf_token(app, api):
    for username in ("cmo.cell", "hod.food", "auditor"):
        client, headers = logged_in_pages(api, api.login(username))
        assert client.get("/admin/users").status_code == 403
        assert client.post("/admin/users", data=NEW_OFFICER, headers=headers).status_code == 403
    client, _ = _admin(api)
    assert client.post("/admin/users", data=NEW_OFFICER).status_code == 400  # no CSRF token
    anonymous = api.app.test_client().get("/admin")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    assert _changes(app) == []


def test_each_role_lands_on_its_page(app, api):
    landings = {"hod.food": "/dashboard", "secretary.food": "/dashboard", "admin": "/admin",
                "nodal.food.pur": "/worklist", "auditor": "/audit"}
    for username, path in landings.items():
        client = api.app.test_client()
        form = client.get("/login")
        answer = client.post("/login", data={"username": username, "password": "Demo@12345",
                                             "csrf_token": csrf_of(form)})
        otp_page = client.get(answer.headers["Location"])
        done = client.post(answer.headers["Location"], data={
            "code": api.last_otp(api._mobile_of(username)), "csrf_token": csrf_of(otp_page)})
        assert done.headers["Location"].split("?")[0].endswith(path), username
