"""Case pages: the CMO cell verifying an Action Taken Report sees its text and evidence; the head of department
deciding an appeal sees the reports and the complainant's rating and comment; the complainant reaches their case
page from tracking (after the OTP) and reads what the office did and why the case was closed. Each page passes
axe-core and reads in Bengali."""
from __future__ import annotations

import io

from accounts.auth import actor_for
from accounts.service import find_user
from case_api import service as case_service
from core.db import transaction
from tests.browser.test_accessibility import violations
from tests.support.cases import close, task
from tests.support.files import pdf

CITIZEN = "9830012345"
ACTION = "Ration card printed and handed over at the block office."


def _report_with_evidence(api, reg_no: str) -> None:
    """The Purulia food office reports action with a receipt as evidence (as its task page does)."""
    nodal = api.login("nodal.food.pur")
    upload = api.post("/attachments", nodal, data={"file": (io.BytesIO(pdf()), "receipt.pdf")})
    assert upload.status_code == 201, upload.get_json()
    atr = task(api, nodal, "Task_submit_atr", reg_no)
    assert api.complete(nodal, atr["task_id"], {"action_taken": ACTION, "outcome": "redressed"}).status_code == 200
    with api.app.app_context(), transaction() as db:
        officer = actor_for(db, find_user(db, "nodal.food.pur"))
        case_service.add_attachments(db, actor=officer, reg_no=reg_no, public_ids=[upload.get_json()["id"]])


def test_the_verifier_sees_the_report_and_its_evidence(page, people, api, shot):
    reg_no = api.lodge(api.login("operator"), mobile=CITIZEN).get_json()["reg_no"]
    _report_with_evidence(api, reg_no)
    people.officer(page, "cmo.cell")
    page.goto("/worklist")
    page.locator(f"tr[data-reg-no='{reg_no}']").get_by_role("link", name=reg_no, exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Verify with complainant")
    basis = page.get_by_test_id("decision-basis")
    assert ACTION in basis.inner_text()
    assert "round 1" in basis.inner_text() and "redressed" in basis.inner_text()
    evidence = basis.get_by_role("link", name="receipt.pdf")
    assert page.request.get(evidence.get_attribute("href")).body().startswith(b"%PDF")
    assert "Gateway" not in page.get_by_test_id("timeline").inner_text()
    assert not page.locator("details.technical").get_attribute("open")  # engine detail hidden by default
    assert violations(page) == []
    shot(page, "verify-task")
    page.get_by_role("link", name="Open the case page").click()
    assert "Forwarded to" in page.get_by_test_id("timeline").inner_text()
    assert "Verify with complainant" in page.get_by_test_id("current-step").inner_text()
    assert violations(page) == []
    page.goto(page.url + "?lang=bn")
    assert "কার্যক্রম প্রতিবেদন" in page.get_by_test_id("timeline").inner_text()
    shot(page, "case-page-bn")


def test_the_appeal_decision_shows_the_reports_rating_and_comment(page, people, api, shot):
    citizen = api.login_citizen(CITIZEN)
    reg_no = api.lodge(citizen).get_json()["reg_no"]
    close(api, reg_no)
    said = api.post(f"/grievances/{reg_no}/feedback", citizen,
                    json={"is_satisfied": False, "rating": 2, "comment": "The dealer still refuses my rice."})
    assert said.status_code in (200, 201), said.get_json()
    people.officer(page, "hod.food")
    page.goto("/worklist")
    page.locator(f"tr[data-reg-no='{reg_no}']").get_by_role("link", name=reg_no, exact=True).click()
    basis = page.get_by_test_id("decision-basis").inner_text()
    assert "Ration card printed and handed over." in basis
    assert "not satisfied, rated 2 of 5" in basis and "The dealer still refuses my rice." in basis
    form = page.locator("form").filter(has=page.get_by_role("button", name="Submit")).inner_text()
    assert "the office must act again" in form and "direct_action" not in form  # choices in words, not codes
    assert violations(page) == []
    shot(page, "appeal-task")
    page.goto(page.url + "?lang=bn")
    assert "মতামত: সন্তুষ্ট নন, ৫-এর মধ্যে 2" in page.get_by_test_id("decision-basis").inner_text()


def test_the_complainant_reads_what_was_done_from_tracking(page, api, shot):
    reg_no = api.lodge(api.login("operator"), mobile=CITIZEN).get_json()["reg_no"]
    _report_with_evidence(api, reg_no)
    verify = task(api, api.login("cmo.cell"), "Task_verify", reg_no)
    assert api.complete(api.login("cmo.cell"), verify["task_id"],
                        {"call_result": "reached_satisfied", "decision": "close"}).status_code == 200

    page.goto(f"/track?reg_no={reg_no}")
    assert CITIZEN not in page.content() and "Sabina" not in page.content()  # the public page keeps no personal data
    page.get_by_role("link", name="See what the office did").click()
    page.get_by_label("Mobile number").fill(CITIZEN)
    page.get_by_role("button", name="Send the code").click()
    page.get_by_label("Code").fill(api.last_otp("+91" + CITIZEN))
    page.get_by_role("button", name="Log in").click()
    done = page.get_by_test_id("decision-basis").inner_text()
    assert ACTION in done
    assert "Grievance closed." in done and "complainant reached, satisfied" in done
    assert page.get_by_role("link", name="receipt.pdf").count() >= 1
    assert page.get_by_role("link", name="Are you satisfied? Tell us").is_visible()
    messages = page.get_by_test_id("messages").inner_text()
    assert reg_no in messages and "one-time password" not in messages
    assert "Nodal officer" not in page.get_by_test_id("timeline").inner_text()  # no officer's name for citizens
    assert violations(page) == []
    shot(page, "citizen-case")
    page.goto(page.url + "?lang=bn")
    assert "অভিযোগ বন্ধ করা হয়েছে।" in page.get_by_test_id("decision-basis").inner_text()
    shot(page, "citizen-case-bn")


def test_a_citizen_asks_for_a_new_code_and_logs_in_with_it(page, api, shot):
    page.goto("/citizen/login")
    page.get_by_label("Mobile number").fill(CITIZEN)
    page.get_by_role("button", name="Send the code").click()
    first = api.last_otp("+91" + CITIZEN)
    page.get_by_role("button", name="Send a new code").click()
    assert "A new code is on its way" in page.get_by_role("status").first.inner_text()
    assert len([sms for sms in api.sms_to("+91" + CITIZEN) if "one-time password" in sms]) == 2
    second = api.last_otp("+91" + CITIZEN)
    assert violations(page) == []
    shot(page, "new-code")
    if first != second:  # the first code belongs to the login the new code replaced
        page.get_by_label("Code").fill(first)
        page.get_by_role("button", name="Log in").click()
        assert page.get_by_role("alert").is_visible()
    page.get_by_label("Code").fill(second)
    page.get_by_role("button", name="Log in").click()
    assert page.url.endswith("/my-cases")
    # Throttled as sending is: three codes per number in 15 minutes, then a refusal in the page's language.
    page.context.clear_cookies()
    page.goto("/citizen/login?lang=bn")
    page.locator("#mobile").fill(CITIZEN)
    page.locator("main form button[type=submit]").first.click()  # the third code
    page.locator("button.link-button").click()  # a fourth is refused
    assert "১৫ মিনিট" in page.get_by_role("alert").inner_text()
    assert violations(page) == []
