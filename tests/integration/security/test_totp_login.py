"""Officers enrol an authenticator app (TOTP) as their second factor: login then asks for the app's code, sends no
SMS, takes each code once, and refuses a wrong one. Citizens keep SMS."""
from __future__ import annotations

import pyotp

from core import clock


def _code(secret: str, **shift) -> str:
    from datetime import timedelta

    return pyotp.TOTP(secret).at(clock.now() + timedelta(**shift))


def _enrol(api, username: str) -> str:
    token = api.login(username)
    started = api.post("/auth/totp", token)
    assert started.status_code == 201, started.get_json()
    body = started.get_json()
    assert body["otpauth_uri"].startswith("otpauth://totp/") and body["qr_svg"].startswith("<svg")
    wrong = api.post("/auth/totp/confirm", token, json={"code": "000000" if _code(body["secret"]) != "000000"
                                                        else "111111"})
    assert wrong.status_code == 422 and "code" in wrong.get_json()["errors"]
    confirmed = api.post("/auth/totp/confirm", token, json={"code": _code(body["secret"])})
    assert confirmed.status_code == 200, confirmed.get_json()
    return body["secret"]


def test_an_officer_logs_in_with_the_authenticator_code_instead_of_an_sms(api, frozen_clock):
    secret = _enrol(api, "nodal.food.pur")
    frozen_clock.advance(minutes=1)
    mobile = api._mobile_of("nodal.food.pur")
    sent_before = len(api.sms_to(mobile))
    started = api.post("/auth/login", json={"username": "nodal.food.pur", "password": "Demo@12345"})
    assert started.status_code == 202 and started.get_json()["method"] == "totp"
    assert len(api.sms_to(mobile)) == sent_before, "no SMS code is sent to an officer with an app"
    challenge = started.get_json()["challenge_id"]
    wrong = api.post("/auth/verify", json={"challenge_id": challenge, "code": _code(secret, minutes=10)})
    assert wrong.status_code == 401
    verified = api.post("/auth/verify", json={"challenge_id": challenge, "code": _code(secret)})
    assert verified.status_code == 200, verified.get_json()
    token = verified.get_json()["token"]
    assert api.get("/worklist", token).status_code == 200


def test_a_code_is_taken_once_and_a_stale_one_is_refused(api, frozen_clock):
    secret = _enrol(api, "hod.food")
    frozen_clock.advance(minutes=1)
    used = _code(secret)
    first = api.post("/auth/login", json={"username": "hod.food", "password": "Demo@12345"}).get_json()
    assert api.post("/auth/verify", json={"challenge_id": first["challenge_id"], "code": used}).status_code == 200
    second = api.post("/auth/login", json={"username": "hod.food", "password": "Demo@12345"}).get_json()
    replayed = api.post("/auth/verify", json={"challenge_id": second["challenge_id"], "code": used})
    assert replayed.status_code == 401
    stale = api.post("/auth/verify", json={"challenge_id": second["challenge_id"], "code": _code(secret, minutes=-5)})
    assert stale.status_code == 401


def test_citizens_and_operators_cannot_enrol_and_keep_sms(api):
    citizen = api.login_citizen("9830012345")
    assert api.post("/auth/totp", citizen).status_code == 403
    assert api.post("/auth/totp", api.login("operator")).status_code == 403
    assert api.post("/auth/totp").status_code == 401


def test_an_unconfirmed_enrolment_leaves_the_sms_code_in_place(api):
    token = api.login("auditor")
    assert api.post("/auth/totp", token).status_code == 201
    started = api.post("/auth/login", json={"username": "auditor", "password": "Demo@12345"})
    assert started.get_json()["method"] == "sms"
    assert api.login("auditor")  # the SMS code still logs in


def test_on_the_pages_an_officer_enrols_with_the_qr_code_and_then_logs_in_with_the_app(api, frozen_clock):
    import re

    from tests.integration.security.pages import csrf_of, logged_in_pages

    client, _headers = logged_in_pages(api, api.login("cmo.cell"))
    page = client.get("/account/authenticator")
    assert page.status_code == 200
    shown = client.post("/account/authenticator", data={"csrf_token": csrf_of(page), "action": "start"})
    html = shown.get_data(as_text=True)
    assert "<svg" in html and "QR code" in html
    secret = re.search(r"<code>([A-Z2-7]{16,})</code>", html).group(1)
    wrong = client.post("/account/authenticator", data={"csrf_token": csrf_of(shown), "action": "confirm",
                                                        "code": _code(secret, minutes=10)})
    assert wrong.status_code == 422 and "does not match" in wrong.get_data(as_text=True)
    done = client.post("/account/authenticator", data={"csrf_token": csrf_of(wrong), "action": "confirm",
                                                       "code": _code(secret)})
    assert done.status_code == 302
    frozen_clock.advance(minutes=1)

    browser = api.app.test_client()
    form = browser.get("/login")
    started = browser.post("/login", data={"csrf_token": csrf_of(form), "username": "cmo.cell",
                                           "password": "Demo@12345"})
    otp_page = browser.get(started.headers["Location"])
    assert "authenticator app" in otp_page.get_data(as_text=True)
    logged_in = browser.post(started.headers["Location"], data={"csrf_token": csrf_of(otp_page),
                                                                "code": _code(secret)})
    assert logged_in.status_code == 302 and logged_in.headers["Location"] == "/worklist"
    assert browser.get("/worklist").status_code == 200
