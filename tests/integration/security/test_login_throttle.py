"""Guessing passwords and asking for OTPs is slowed per client address; no stranger can lock an officer out,
and the answers do not tell which usernames exist."""
from __future__ import annotations

import pytest

from tests.integration.security.pages import csrf_of
from tests.support.api import Api

STRANGER, OFFICE = "203.0.113.9", "10.20.0.5"


def _from(address: str) -> dict:
    return {"environ_overrides": {"REMOTE_ADDR": address}}


def _try_password(api, username: str, password: str = "guess", address: str = STRANGER):
    return api.post("/auth/login", json={"username": username, "password": password}, **_from(address))


def _same_answer(response) -> tuple:
    body = response.get_json()
    return response.status_code, body["code"], body["title"], body["detail"], sorted(body)


def test_a_wrong_password_and_an_unknown_name_get_the_same_answer(api):
    known, unknown = _try_password(api, "cmo.cell"), _try_password(api, "no.such.officer")
    assert known.status_code == 401
    assert _same_answer(known) == _same_answer(unknown)


def test_guessing_is_throttled_the_same_for_real_and_unknown_names(api):
    for name in ("cmo.cell", "no.such.officer"):
        assert [_try_password(api, name).status_code for _ in range(5)] == [401] * 5
        throttled = _try_password(api, name)
        assert throttled.status_code == 429 and throttled.mimetype == "application/problem+json"
        assert int(throttled.headers["Retry-After"]) > 0 and "wait" in throttled.get_json()["detail"]
    assert _same_answer(_try_password(api, "cmo.cell")) == _same_answer(_try_password(api, "no.such.officer"))


def test_a_strangers_guesses_do_not_lock_the_officer_out(api):
    for _ in range(10):
        _try_password(api, "cmo.cell")
    assert _try_password(api, "cmo.cell", "Demo@12345").status_code == 429, "the guessing address waits"
    started = _try_password(api, "cmo.cell", "Demo@12345", address=OFFICE)
    assert started.status_code == 202, "the officer at their own desk logs in as usual"
    verified = api.post("/auth/verify", json={"challenge_id": started.get_json()["challenge_id"],
                                              "code": api.last_otp("+919000000002")}, **_from(OFFICE))
    assert verified.status_code == 200


def test_successful_logins_are_not_counted_as_failures(api):
    for _ in range(3):  # (the per-mobile OTP limit allows three codes in 15 minutes)
        assert _try_password(api, "cmo.cell", "Demo@12345", address=OFFICE).status_code == 202
    assert [_try_password(api, "cmo.cell", address=OFFICE).status_code for _ in range(6)] == [401] * 5 + [429]


def test_spraying_many_names_from_one_address_is_throttled(api):
    answers = [_try_password(api, f"officer.{n}").status_code for n in range(31)]
    assert answers[:30] == [401] * 30 and answers[30] == 429


def test_one_address_cannot_send_otps_to_any_number_of_mobiles(api):
    sends = [api.post("/auth/otp", json={"mobile": f"98300{n:05d}"}, **_from(STRANGER)).status_code
             for n in range(11)]
    assert sends[:10] == [202] * 10 and sends[10] == 429
    assert api.post("/auth/otp", json={"mobile": "9830099999"}, **_from(OFFICE)).status_code == 202


def test_checking_otps_is_throttled_per_address(api):
    started = api.post("/auth/otp", json={"mobile": "9830012345"}, **_from(OFFICE)).get_json()
    answers = [api.post("/auth/verify", json={"challenge_id": f"made-up-{n}", "code": "123456"},
                        **_from(STRANGER)).status_code for n in range(31)]
    assert answers[:30] == [401] * 30 and answers[30] == 429
    own = api.post("/auth/verify", json={"challenge_id": started["challenge_id"],
                                         "code": api.last_otp("+919830012345")}, **_from(OFFICE))
    assert own.status_code == 200


@pytest.mark.parametrize("first", ["api", "page"])
def test_the_login_page_and_the_api_share_one_throttle(api, first):
    client = api.app.test_client()
    form = csrf_of(client.get("/login"))

    def page_try():
        return client.post("/login", data={"csrf_token": form, "username": "cmo.cell", "password": "guess"},
                           **_from(STRANGER)).status_code

    api_try = lambda: _try_password(api, "cmo.cell").status_code  # noqa: E731
    before, after = (api_try, page_try) if first == "api" else (page_try, api_try)
    assert [before() for _ in range(5)] == [401] * 5
    assert after() == 429


def test_with_redis_the_counts_are_shared_by_every_process(api):
    """Two app processes behind one address: the second sees the first one's failures (counts in Redis)."""
    import uuid

    from app import create_app
    from tests.support.celery_workers import redis_url

    settings = api.app.extensions["settings"].with_(rate_limit_storage_url=redis_url().rstrip("/") + "/14")
    name, first = f"officer.{uuid.uuid4().hex[:8]}", Api(create_app(settings))
    assert [_try_password(first, name).status_code for _ in range(5)] == [401] * 5
    second = Api(create_app(settings))
    try:
        assert _try_password(second, name).status_code == 429
    finally:
        for each in (first, second):
            each.app.extensions["db"].dispose()
