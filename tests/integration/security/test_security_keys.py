"""Officers register a security key (WebAuthn) on their account page and then log in with it: no SMS code is sent and
none is taken instead; a signature for another site, by another key, by a cloned key (sign count going back) or a
second use of one login's challenge is refused. Citizens cannot register keys. The key here is a software key
(tests/support/soft_key.py) doing real ES256 signatures, checked by the server's real verification."""
from __future__ import annotations

import json
import re

from tests.integration.security.pages import csrf_of, logged_in_pages
from tests.support.soft_key import SoftKey

OPTIONS = re.compile(r'<script type="application/json" id="security-key-options">(.*?)</script>', re.S)


def _options(page) -> dict:
    return json.loads(OPTIONS.search(page.get_data(as_text=True)).group(1))


def _register(api, username: str, key: SoftKey, name: str = "Blue key"):
    client, _headers = logged_in_pages(api, api.login(username))
    page = client.get("/account/security-keys")
    assert page.status_code == 200
    added = client.post("/account/security-keys", data={
        "csrf_token": csrf_of(page), "action": "add", "name": name,
        "credential": json.dumps(key.create(_options(page)))})
    assert added.status_code == 302, added.get_data(as_text=True)
    return client


def _start(api, username: str) -> dict:
    started = api.post("/auth/login", json={"username": username, "password": "Demo@12345"})
    assert started.status_code == 202, started.get_json()
    return started.get_json()


def _verify(api, started: dict, credential: dict):
    return api.post("/auth/verify-key", json={"challenge_id": started["challenge_id"], "credential": credential})


def test_an_officer_registers_a_key_and_logs_in_with_it_without_an_sms(api, frozen_clock):
    key = SoftKey()
    client = _register(api, "nodal.food.pur", key)
    listed = client.get("/account/security-keys").get_data(as_text=True)
    assert "Blue key" in listed and "never" in listed

    mobile = api._mobile_of("nodal.food.pur")
    sent_before = len(api.sms_to(mobile))
    started = _start(api, "nodal.food.pur")
    assert started["method"] == "security_key" and started["sent_to"] is None
    assert len(api.sms_to(mobile)) == sent_before, "no SMS code goes to an officer with a security key"
    options = started["public_key"]
    assert options["rpId"] == "localhost" and len(options["allowCredentials"]) == 1

    code = api.post("/auth/verify", json={"challenge_id": started["challenge_id"], "code": "123456"})
    assert code.status_code == 401, "a code is not taken instead of the key"
    answer = key.get(options)
    verified = _verify(api, started, answer)
    assert verified.status_code == 200, verified.get_json()
    assert api.get("/worklist", verified.get_json()["token"]).status_code == 200
    assert _verify(api, started, answer).status_code == 401, "one login's challenge is used once"
    assert "never" not in client.get("/account/security-keys").get_data(as_text=True)


def test_a_phishing_site_another_key_or_a_cloned_key_cannot_log_in(api):
    key = SoftKey()
    _register(api, "hod.food", key)

    started = _start(api, "hod.food")
    phished = _verify(api, started, key.get(started["public_key"], origin="http://localhost.evil.example"))
    assert phished.status_code == 401 and phished.get_json()["code"] == "security_key_wrong"
    stranger = SoftKey()
    stranger.credential_id = key.credential_id  # claims the registered key's id, signs with its own private key
    assert _verify(api, started, stranger.get(started["public_key"])).status_code == 401
    assert _verify(api, started, key.get(started["public_key"], count=50)).status_code == 200

    again = _start(api, "hod.food")
    cloned = _verify(api, again, key.get(again["public_key"], count=10))
    assert cloned.status_code == 401, "a sign count going back means a copy of the key"
    assert _verify(api, again, key.get(again["public_key"], count=51)).status_code == 200


def test_on_the_pages_the_login_asks_for_the_key_and_a_lost_key_can_be_removed(api, frozen_clock):
    key = SoftKey()
    owner = _register(api, "cmo.cell", key, name="Office key")
    browser = api.app.test_client()
    form = browser.get("/login")
    started = browser.post("/login", data={"csrf_token": csrf_of(form), "username": "cmo.cell",
                                           "password": "Demo@12345"})
    assert started.status_code == 302 and started.headers["Location"].startswith("/login/key")
    key_page = browser.get(started.headers["Location"])
    assert key_page.status_code == 200 and "Use my security key" in key_page.get_data(as_text=True)
    wrong = browser.post("/login/key", data={"csrf_token": csrf_of(key_page),
                                             "credential": json.dumps(SoftKey().get(_options(key_page) | {
                                                 "allowCredentials": []}))})
    assert wrong.status_code == 401 and "not accepted" in wrong.get_data(as_text=True)
    logged_in = browser.post("/login/key", data={"csrf_token": csrf_of(wrong),
                                                 "credential": json.dumps(key.get(_options(wrong)))})
    assert logged_in.status_code == 302 and logged_in.headers["Location"] == "/worklist"
    assert browser.get("/worklist").status_code == 200

    other, _headers = logged_in_pages(api, api.login("auditor"))
    page = other.get("/account/security-keys")
    key_id = re.search(r'name="key_id" value="(\d+)"', owner.get("/account/security-keys").get_data(as_text=True))
    refused = other.post("/account/security-keys", data={"csrf_token": csrf_of(page), "action": "remove",
                                                         "key_id": key_id.group(1)})
    assert refused.status_code == 422 and "Office key" not in page.get_data(as_text=True)
    assert _start(api, "cmo.cell")["method"] == "security_key", "someone else cannot remove the key"
    mine = owner.get("/account/security-keys")
    removed = owner.post("/account/security-keys", data={"csrf_token": csrf_of(mine), "action": "remove",
                                                         "key_id": key_id.group(1)})
    assert removed.status_code == 302
    assert _start(api, "cmo.cell")["method"] == "sms", "without a key the login falls back to the SMS code"


def test_a_key_answer_for_another_challenge_or_site_is_refused_at_registration(api):
    client, _headers = logged_in_pages(api, api.login("process.owner"))
    page = client.get("/account/security-keys")
    options = _options(page)
    stale = SoftKey().create(options | {"challenge": "AAAA" + options["challenge"][4:]})
    refused = client.post("/account/security-keys", data={"csrf_token": csrf_of(page), "action": "add",
                                                          "name": "Key", "credential": json.dumps(stale)})
    assert refused.status_code == 422 and "not accepted" in refused.get_data(as_text=True)
    page = client.get("/account/security-keys")
    other_site = SoftKey().create(_options(page), origin="http://evil.example")
    refused = client.post("/account/security-keys", data={"csrf_token": csrf_of(page), "action": "add",
                                                          "name": "Key", "credential": json.dumps(other_site)})
    assert refused.status_code == 422
    assert _start(api, "process.owner")["method"] == "sms"


def test_citizens_cannot_register_keys_and_a_numeric_address_does_not_bypass_the_key(api):
    citizen, _headers = logged_in_pages(api, api.login_citizen("9830012345"))
    assert citizen.get("/account/security-keys").status_code in (302, 403)
    _register(api, "auditor", SoftKey())
    by_number = api.client.post("/api/v1/auth/login", json={"username": "auditor", "password": "Demo@12345"},
                                base_url="http://127.0.0.1")
    assert by_number.status_code == 409 and by_number.get_json()["code"] == "security_key_unavailable"


def test_the_administrator_removes_a_lost_key_and_the_officer_logs_in_by_sms(api):
    _register(api, "nodal.food.kol", SoftKey())
    assert _start(api, "nodal.food.kol")["method"] == "security_key"
    admin, _headers = logged_in_pages(api, api.login("admin"))
    page = admin.get("/admin/users")
    done = admin.post("/admin/users/nodal.food.kol/second-factor", data={"csrf_token": csrf_of(page)})
    assert done.status_code == 302
    assert "security keys and app removed" in admin.get("/admin").get_data(as_text=True)
    assert _start(api, "nodal.food.kol")["method"] == "sms"
    officer, _headers = logged_in_pages(api, api.login("nodal.food.kol"))
    assert officer.post("/admin/users/hod.food/second-factor",
                        data={"csrf_token": csrf_of(officer.get("/"))}).status_code in (302, 403)
