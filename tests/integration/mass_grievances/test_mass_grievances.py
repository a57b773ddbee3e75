"""Many people report one burnt transformer through different channels, in English and in Bengali: the job
proposes them to the CMO cell as one group (not the unrelated case of the same office, nor the same words in
another district), the CMO cell accepts it, the office sees only the parent's ATR task, and the parent's Action
Taken Report reaches every member: each keeps their number, gets their own message and goes on to their own
verification. A rejected group is not proposed again."""
from __future__ import annotations

import re

from accounts.models import Role
from core import clock
from jobs.periodic import follow_mass_parents
from tests.integration.case_counts.test_summary_counts import assert_exact
from tests.integration.mis.test_mis_report import _row
from tests.integration.security.pages import csrf_of, logged_in_pages
from tests.integration.test_access import _make_department_head
from tests.support.cases import task

TEXTS = ["The transformer near Kalighat temple burnt last night, no electricity in the whole lane.",
         "Transformer burnt near Kalighat temple, our lane has no electricity since last night!",
         "no electricity in our lane, the transformer near kalighat temple has burnt",
         "কালীঘাট মন্দিরের ট্রান্সফর্মার পুড়ে গেছে, কাল রাত থেকে গলিতে বিদ্যুৎ নেই"]


def _lodge(api, token, mobile: str, text: str, district: str = "KOL", category: str = "POWER_OUTAGE") -> str:
    response = api.lodge(token, mobile=mobile, category=category, district=district, description=text,
                         address="Kalighat, Kolkata")
    assert response.status_code == 201, response.get_json()
    return response.get_json()["reg_no"]


def _cmo_page(api):
    client, _headers = logged_in_pages(api, api.login("cmo.cell"))
    return client


def _counted_once(app, cmo, same: list[str], unrelated: str, elsewhere: str) -> None:
    """The dashboard and its drill-down count the accepted group once, as its parent; the summary rows stay equal
    to a direct count."""
    page = cmo.get("/dashboard").get_data(as_text=True)
    assert _row(page, "POWER")["received"] == 3, "four complainants of one transformer are one grievance here"
    assert "3 registrations joined to mass grievances are counted once" in page
    listed = set(re.findall(r"CMO/\d{4}/\d{6}", cmo.get("/dashboard/cases", query_string={
        "department": "POWER", "state": "pending"}).get_data(as_text=True)))
    assert listed == {same[0], unrelated, elsewhere}
    assert_exact(app, clock.now())


def test_a_burnt_transformer_reported_by_many_is_answered_once_and_reaches_everyone(app, api):
    operator = api.login("operator")
    same = [_lodge(api, operator, f"98330000{n:02d}", text) for n, text in enumerate(TEXTS)]
    unrelated = _lodge(api, operator, "9833000099", "Street light pole is leaning dangerously near the school.")
    elsewhere = _lodge(api, operator, "9833000098", TEXTS[0].replace("Kalighat", "Hura"), district="PUR")

    cmo = _cmo_page(api)
    page = cmo.get("/mass-grievances")
    assert page.status_code == 200 and "No group is waiting" in page.get_data(as_text=True)
    found = cmo.post("/mass-grievances/detect", data={"csrf_token": csrf_of(page)})
    assert found.status_code == 302
    html = cmo.get("/mass-grievances").get_data(as_text=True)
    assert "4 complainants" in html and all(no in html for no in same)
    assert unrelated not in html and elsewhere not in html
    cluster = re.search(r'/mass-grievances/(\d+)/accept', html).group(1)
    proposed = {row["reg_no"] for row in api.worklist(api.login("nodal.power.kol")) if row["task"] == "Task_submit_atr"}
    assert set(same) <= proposed, "a group only proposed changes nobody's worklist"
    assert cmo.post(f"/mass-grievances/{cluster}/accept", data={"csrf_token": csrf_of(page)}).status_code == 302
    assert "No group is waiting" in cmo.get("/mass-grievances").get_data(as_text=True)
    _counted_once(app, cmo, same, unrelated, elsewhere)

    office = api.login("nodal.power.kol")
    atr_tasks = {row["reg_no"] for row in api.worklist(office) if row["task"] == "Task_submit_atr"}
    assert same[0] in atr_tasks and not atr_tasks & set(same[1:]), "the office answers the parent only"
    parent_task = task(api, office, "Task_submit_atr", same[0])
    assert api.complete(office, parent_task["task_id"], {"action_taken": "New 100 kVA transformer installed.",
                                                         "outcome": "redressed"}).status_code == 200
    sms_before = {no: len(api.sms_to(f"+9198330000{n:02d}")) for n, no in enumerate(same)}
    assert follow_mass_parents(app) == 3
    assert follow_mass_parents(app) == 0, "carried once"

    auditor = api.login("auditor")
    for n, reg_no in enumerate(same[1:], start=1):
        history = api.get(f"/grievances/{reg_no}/history", auditor).get_json()["events"]
        atr = [e for e in history if e["event_type"] == "atr_submitted"]
        assert atr and "New 100 kVA transformer installed." in atr[-1]["data"]["action_taken"]
        assert same[0] in atr[-1]["data"]["action_taken"]
        assert any(e["event_type"] == "mass_grievance_joined" for e in history)
        assert len(api.sms_to(f"+9198330000{n:02d}")) > sms_before[reg_no], "each complainant is told"
    cmo_token = api.login("cmo.cell")
    verifying = {row["reg_no"] for row in api.worklist(cmo_token) if row["task"] == "Task_verify"}
    assert same[0] in verifying and not verifying & set(same[1:]), "the CMO cell verifies the parent"
    case_page = cmo.get(f"/cases/{same[1]}").get_data(as_text=True)
    assert "Many people reported the same problem (4 complainants)" in case_page and same[0] in case_page

    verify = task(api, cmo_token, "Task_verify", same[0])
    person_tries = api.complete(cmo_token, verify["task_id"], {"call_result": "with_mass_parent", "decision": "close"})
    assert person_tries.status_code == 422 and "recorded by the system" in person_tries.get_json()["detail"]
    assert "with_mass_parent" not in cmo.get(f"/work/{verify['task_id']}").get_data(as_text=True)
    assert api.complete(cmo_token, verify["task_id"], {"call_result": "reached_satisfied", "decision": "close"}) \
        .status_code == 200
    sms_before = {no: len(api.sms_to(f"+9198330000{n:02d}")) for n, no in enumerate(same)}
    assert follow_mass_parents(app) == 3
    assert follow_mass_parents(app) == 0, "carried once"
    for n, reg_no in enumerate(same[1:], start=1):
        case = api.get(f"/grievances/{reg_no}", auditor).get_json()
        assert case["status"] == "closed"
        history = api.get(f"/grievances/{reg_no}/history", auditor).get_json()["events"]
        verified = [e for e in history if e["event_type"] == "complainant_verified"]
        assert verified[-1]["data"]["call_result"] == "with_mass_parent" and verified[-1]["actor_role"] == "cmo_cell"
        assert len(api.sms_to(f"+9198330000{n:02d}")) > sms_before[reg_no], "each complainant hears of the closure"
    closed_page = " ".join(cmo.get(f"/cases/{same[2]}").get_data(as_text=True).split())
    assert "closed together with its mass grievance, whose complainant was verified" in closed_page

    # A member who is not satisfied appeals on their own: the appeal is theirs, not the group's to carry.
    appeal = api.post(f"/grievances/{same[1]}/feedback", api.login_citizen("9833000001"),
                      json={"is_satisfied": False, "rating": 1, "comment": "The power went again the next night."})
    assert appeal.status_code == 201, appeal.get_json()
    _make_department_head(app, "hod.power", Role.HEAD_OF_DEPARTMENT, "POWER", "9000000098")
    assert task(api, api.login("hod.power"), "Task_decide_appeal", same[1])

    # Another group, only proposed while this one is accepted, changes nobody's worklist either.
    shop = [_lodge(api, operator, f"98350000{n:02d}", text, district="PUR", category="FOOD_PDS_DEALER")
            for n, text in enumerate(SHOP)]
    cmo.post("/mass-grievances/detect", data={"csrf_token": csrf_of(cmo.get("/mass-grievances"))})
    assert all(no in cmo.get("/mass-grievances").get_data(as_text=True) for no in shop)
    listed = {row["reg_no"] for row in api.worklist(api.login("nodal.food.pur")) if row["task"] == "Task_submit_atr"}
    assert set(shop) <= listed


def test_a_rejected_group_goes_on_case_by_case_and_only_the_cmo_cell_decides(app, api):
    operator = api.login("operator")
    same = [_lodge(api, operator, f"98340000{n:02d}", text) for n, text in enumerate(TEXTS[:3])]
    cmo = _cmo_page(api)
    page = cmo.get("/mass-grievances")
    cmo.post("/mass-grievances/detect", data={"csrf_token": csrf_of(page)})
    cluster = re.search(r'/mass-grievances/(\d+)/reject', cmo.get("/mass-grievances").get_data(as_text=True))
    office, _headers = logged_in_pages(api, api.login("nodal.power.kol"))
    assert office.get("/mass-grievances").status_code == 403
    assert office.post(f"/mass-grievances/{cluster.group(1)}/accept",
                       data={"csrf_token": csrf_of(office.get("/worklist"))}).status_code == 403
    rejected = cmo.post(f"/mass-grievances/{cluster.group(1)}/reject", data={"csrf_token": csrf_of(page)})
    assert rejected.status_code == 302
    again = cmo.post("/mass-grievances/detect", data={"csrf_token": csrf_of(page)})
    assert again.status_code == 302 and "No group is waiting" in cmo.get("/mass-grievances").get_data(as_text=True)
    rows = api.worklist(api.login("nodal.power.kol"))
    assert set(same) <= {row["reg_no"] for row in rows if row["task"] == "Task_submit_atr"}


SHOP = ["The ration shop at Hura has stayed closed on distribution days for two months now.",
        "Ration shop at Hura stays closed on distribution days, two months now, no rice.",
        "For two months now the Hura ration shop is closed on distribution days."]


def test_a_lapsed_deadline_is_escalated_once_for_the_group_not_once_per_complainant(app, api, frozen_clock):
    import engine
    from core.db import transaction
    from notifications.queries import list_messages

    operator = api.login("operator")
    cases = [_lodge(api, operator, f"98360000{n:02d}", text, district="PUR", category="FOOD_PDS_DEALER")
             for n, text in enumerate(SHOP)]
    cmo = _cmo_page(api)
    page = cmo.get("/mass-grievances")
    cmo.post("/mass-grievances/detect", data={"csrf_token": csrf_of(page)})
    cluster = re.search(r'/mass-grievances/(\d+)/accept', cmo.get("/mass-grievances").get_data(as_text=True))
    accepted = cmo.post(f"/mass-grievances/{cluster.group(1)}/accept", data={"csrf_token": csrf_of(page)})
    assert accepted.status_code == 302

    frozen_clock.advance(days=12)
    with app.app_context():
        engine.fire_due_timers(app.extensions["db"])
    hod_mobile = api._mobile_of("hod.food")
    with app.app_context(), transaction(readonly=True) as session:
        told = " ".join(m.body for m in list_messages(session, recipient=hod_mobile, limit=200))
    assert cases[0] in told and not any(no in told for no in cases[1:]), "one escalation message for the group"
    reviews = {row["reg_no"] for row in api.worklist(api.login("hod.food")) if row["task"] == "Task_escalation_review"}
    assert cases[0] in reviews and not reviews & set(cases[1:])
