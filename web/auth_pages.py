"""Login pages: officers by password then SMS OTP, citizens by mobile OTP; logout."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from accounts import service as accounts
from accounts import totp
from accounts.auth import relying_party
from accounts.models import User
from accounts.throttle import login_attempts, login_failures, otp_checks, otp_sends
from core.db import transaction
from core.errors import AppError
from web.forms import human
from web.login import home_for, log_in, login_required, page_actor
from web.pages import page_blueprint

bp = page_blueprint("auth_pages", __name__)


def _settings():
    return current_app.extensions["settings"]


def safe_next() -> str | None:
    """`next` only when it is a path on this site: no `//host`, backslash, control character or scheme."""
    target = request.values.get("next") or ""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ord(char) < 32 or ord(char) == 127 for char in target):
        return None  # browsers drop tabs and newlines, so "/\t/evil.example" would become "//evil.example"
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def second_factor(verify) -> dict | AppError:
    """Run `verify(db, challenge_id=..., max_attempts=..., session_ttl_hours=...)` (accounts.verify_otp or
    verify_security_key) for the login under way: the token's outcome, or the refusal to show."""
    settings = _settings()
    try:
        with transaction() as db:
            return verify(db, challenge_id=session["challenge_id"], max_attempts=settings.otp_max_attempts,
                          session_ttl_hours=settings.session_ttl_hours)
    except AppError as exc:
        return exc


def logged_in(outcome: dict):
    """The second factor passed: the session cookie gets the token; on to `next` or the person's home page."""
    target = safe_next()
    log_in(outcome["token"])
    return redirect(target or home_for(page_actor()))


def _challenge_sent(challenge: dict):
    session["challenge_id"], session["sent_to"] = challenge["challenge_id"], challenge["sent_to"]
    step = "security_key_pages.login" if challenge["method"] == "security_key" else "auth_pages.otp"
    return redirect(url_for(step, next=safe_next()))


@bp.route("/login", methods=["GET", "POST"])
@login_attempts
@login_failures
def login():
    """Officers: username and password, then the code sent to their mobile."""
    error = None
    if request.method == "POST":
        try:
            with transaction() as db:
                outcome = accounts.start_officer_login(db, username=request.form.get("username", ""),
                                                       password=request.form.get("password", ""),
                                                       ttl=_settings().otp_ttl_seconds, rp=relying_party())
        except AppError as exc:
            outcome = exc
        if not isinstance(outcome, AppError):
            return _challenge_sent(outcome)
        error = _("This account logs in with a security key. Open the portal by its name (for example "
                  "localhost), not by a number address.") if outcome.code == "security_key_unavailable" \
            else human(outcome.detail)
    return render_template("auth/login.html", error=error), 401 if error else 200


@bp.route("/citizen/login", methods=["GET", "POST"])
@otp_sends
def citizen_login():
    """Citizens: a one-time password to their mobile number."""
    error = None
    if request.method == "POST":
        try:
            with transaction() as db:
                challenge = accounts.start_citizen_login(db, mobile=request.form.get("mobile", ""),
                                                         ttl=_settings().otp_ttl_seconds)
            return _challenge_sent(challenge)
        except AppError as exc:
            error = human(exc.detail)
    return render_template("auth/citizen_login.html", error=error), 422 if error else 200


@bp.route("/login/otp", methods=["GET", "POST"])
@otp_checks
def otp():
    if "challenge_id" not in session:
        return redirect(url_for("auth_pages.citizen_login"))
    error = None
    if request.method == "POST":
        code = request.form.get("code", "").strip() or "-"
        outcome = second_factor(lambda db, **login: accounts.verify_otp(db, code=code, **login))
        if not isinstance(outcome, AppError):
            return logged_in(outcome)
        error = human(outcome.detail)
    return render_template("auth/otp.html", error=error, sent_to=session.get("sent_to")), 401 if error else 200


@bp.post("/login/otp/resend")
@otp_sends
def resend_otp():
    """A new code for the login under way; throttled as sending the first one is."""
    if "challenge_id" not in session:
        return redirect(url_for("auth_pages.citizen_login"))
    try:
        with transaction() as db:
            challenge = accounts.resend_otp(db, challenge_id=session["challenge_id"], ttl=_settings().otp_ttl_seconds)
    except AppError as exc:
        return render_template("auth/otp.html", error=human(exc.detail), sent_to=session.get("sent_to")), exc.status
    flash(_("A new code is on its way to %(to)s.", to=challenge["sent_to"]))
    return _challenge_sent(challenge)


@bp.post("/logout")
def logout():
    token = session.get("token")
    if token:
        with transaction() as db:
            accounts.revoke_token(db, token=token)
    session.clear()
    flash(_("You have logged out."))
    return redirect(url_for("citizen_pages.home"))


@bp.route("/account/authenticator", methods=["GET", "POST"])
@login_required(*totp.MAY_ENROL)
@otp_checks
def authenticator():
    """Officers: enrol an authenticator app as the second factor (scan the QR code, confirm with a code)."""
    actor, error, enrolment = page_actor(), None, None
    if request.method == "POST" and request.form.get("action") == "start":
        with transaction() as db:
            enrolment = totp.start_enrolment(db, db.get(User, actor.user_id))
    elif request.method == "POST":
        try:
            with transaction() as db:
                totp.confirm_enrolment(db, db.get(User, actor.user_id), request.form.get("code", ""))
            flash(_("Your authenticator app is set up. From now on, log in with its code."))
            return redirect(url_for("auth_pages.authenticator"))
        except AppError as exc:
            error = _("The code does not match the app. Check the phone's time and try the new code.") \
                if exc.code == "totp_wrong" else exc.detail
    with transaction(readonly=True) as db:
        enrolled = totp.uses_totp(db, actor.user_id)
    status = 422 if error else 200
    return render_template("auth/authenticator.html", enrolment=enrolment, enrolled=enrolled, error=error,
                           confirming=error is not None or enrolment is not None), status
