"""An operator finds a caller's grievances by mobile: those the operator lodged in full, the others with no
personal data; the confirmation after lodging speaks to the operator and offers to lodge another."""
from __future__ import annotations

from tests.integration.security.pages import logged_in_pages

CALLER = "9830012345"


def test_operator_sees_the_callers_cases_masked_as_an_operator_should(app, api):
    operator = api.login("operator")
    mine = api.lodge(operator, mobile=CALLER, description="Ration card not issued since March at Hura block.")
    other = api.lodge(api.login("csc.operator"), mobile=CALLER, address="Village Hura, Purulia",
                      description="Duare Ration vehicle has not come to our para since October.")
    stranger = api.lodge(operator, mobile="9830099999")
    mine, other = mine.get_json()["reg_no"], other.get_json()["reg_no"]
    client, _ = logged_in_pages(api, operator)

    page = client.get("/callers?mobile=98300 12345")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "2 grievance(s) lodged with +919830012345" in html
    assert mine in html and other in html and stranger.get_json()["reg_no"] not in html
    assert "Ration card not issued since March" in html  # the operator's own lodging, in full
    assert "Duare Ration vehicle" not in html and "details withheld" in html  # another's: as tracking shows it

    bad = client.get("/callers?mobile=12345")
    assert bad.status_code == 422 and "10-digit Indian mobile number" in bad.get_data(as_text=True)
    bengali = client.get("/callers?mobile=12345&lang=bn").get_data(as_text=True)
    assert "১০ অঙ্কের" in bengali


def test_only_operators_look_callers_up(app, api):
    for username in ("nodal.food.pur", "auditor", "admin"):
        client, _ = logged_in_pages(api, api.login(username))
        refused = client.get(f"/callers?mobile={CALLER}")
        assert refused.status_code == 403 and "You may not see this page" in refused.get_data(as_text=True)
    assert api.app.test_client().get("/callers").status_code == 302


def test_confirmation_after_lodging_is_worded_for_the_operator(app, api):
    operator = api.login("operator")
    reg_no = api.lodge(operator, mobile=CALLER).get_json()["reg_no"]
    client, _ = logged_in_pages(api, operator)
    shown = client.get(f"/lodged/{reg_no}", follow_redirects=True).get_data(as_text=True)
    assert "The caller's grievance is registered" in shown and "Your grievance" not in shown
    assert reg_no in shown and "Lodge another grievance" in shown and "Read this number to Sabina Khatun" in shown
    citizen = api.login_citizen(CALLER)
    citizen_client, _ = logged_in_pages(api, citizen)
    assert "Your grievance is registered" in citizen_client.get(f"/lodged/{reg_no}").get_data(as_text=True)
