"""Throttles on logging in (Flask-Limiter), shared by the API and the login pages.

Wrong passwords never lock an account: a stranger could otherwise lock any officer out, and a locked answer
would tell which names exist. Instead each client address gets a few tries per username before it must wait,
longer as failures pile up (5 a minute, then 20 an hour), and a ceiling over all names against spraying; the
real person at their own address is not slowed by someone else's guesses. OTP sending and checking are limited
per client address too (on top of the per-mobile and per-challenge limits of accounts.service).

Counts live in memory on the embedded default and in Redis when several processes serve the app."""
from __future__ import annotations

from flask import Flask, request
from flask_limiter import Limiter

WAIT = "Too many attempts from your address; wait a while and try again (see Retry-After)."


def client_address() -> str:
    return request.remote_addr or "unknown"


def _address_and_username() -> str:
    body = request.get_json(silent=True) if request.is_json else request.form
    name = body.get("username", "") if isinstance(body, dict) or hasattr(body, "getlist") else ""
    return f"{client_address()}|{str(name).strip().lower()[:150]}"


def _failed(response) -> bool:
    return response.status_code == 401


limiter = Limiter(key_func=client_address, headers_enabled=True, strategy="moving-window")

login_failures = limiter.shared_limit("5/minute;20/hour", scope="login-name", key_func=_address_and_username,
                                      methods=["POST"], deduct_when=_failed, error_message=WAIT)
login_attempts = limiter.shared_limit("30/minute;300/hour", scope="login", methods=["POST"], error_message=WAIT)
otp_sends = limiter.shared_limit("10/minute;60/hour", scope="otp-send", methods=["POST"], error_message=WAIT)
otp_checks = limiter.shared_limit("30/minute;200/hour", scope="otp-verify", methods=["POST"], error_message=WAIT)


def init_throttle(app: Flask, *, storage_url: str) -> None:
    """Fresh counts for this app (memory://) or the shared ones (redis://...)."""
    app.config["RATELIMIT_STORAGE_URI"] = storage_url
    limiter.init_app(app)
