"""Officers' security keys on the pages: add and remove keys on their account, and the login step that asks the
key to sign. The browser side is web/static/js/security-key.js (SimpleWebAuthn's browser package)."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from accounts import security_keys
from accounts import service as accounts
from accounts.auth import relying_party
from accounts.models import User
from accounts.schemas import MAX_CREDENTIAL
from accounts.throttle import otp_checks
from core.db import transaction
from core.errors import AppError
from web.auth_pages import logged_in, second_factor
from web.forms import human
from web.login import login_required, page_actor
from web.pages import page_blueprint

bp = page_blueprint("security_key_pages", __name__)
_REGISTRATION = "security_key_challenge"


def _credential() -> str:
    credential = request.form.get("credential", "")
    if not credential or len(credential) > MAX_CREDENTIAL:
        raise AppError.invalid("credential", "the security key gave no answer")
    return credential


def _refused(exc: AppError) -> str:
    if exc.code == "security_key_refused":
        return _("The security key's answer was not accepted. Try again with the key.")
    if exc.code == "security_key_known":
        return _("This security key is already registered.")
    return human(exc.detail)


@bp.route("/account/security-keys", methods=["GET", "POST"])
@login_required(*security_keys.MAY_ENROL)
@otp_checks
def keys():
    """An officer's security keys: the list, removing one, adding one (the browser asks the key to sign)."""
    actor, rp, error = page_actor(), relying_party(), None
    if request.method == "POST":
        try:
            with transaction() as db:
                if request.form.get("action") == "remove":
                    security_keys.remove(db, actor.user_id, request.form.get("key_id", type=int) or 0)
                    flash(_("The security key was removed."))
                elif rp is None:
                    raise AppError.invalid("credential", "security keys need the portal's name in the address")
                else:
                    security_keys.register(db, db.get(User, actor.user_id), rp, credential=_credential(),
                                           challenge=session.pop(_REGISTRATION, ""),
                                           name=request.form.get("name", ""))
                    flash(_("Your security key is registered. From now on, log in with it."))
            return redirect(url_for("security_key_pages.keys"))
        except AppError as exc:
            error = _refused(exc)
    options = None
    with transaction() as db:
        if rp is not None:
            session[_REGISTRATION] = security_keys.new_challenge()
            options = security_keys.registration_options(db, db.get(User, actor.user_id), rp, session[_REGISTRATION])
        rows = [{"id": key.id, "name": key.name, "created_at": key.created_at, "last_used_at": key.last_used_at}
                for key in security_keys.keys_of(db, actor.user_id)]
    return render_template("auth/security_keys.html", keys=rows, options=options, error=error,
                           name=request.form.get("name", "")), 422 if error else 200


@bp.route("/login/key", methods=["GET", "POST"])
@otp_checks
def login():
    """Second step of an officer's login when they have a security key: the key signs the login's challenge."""
    rp = relying_party()
    if "challenge_id" not in session or rp is None:
        return redirect(url_for("auth_pages.login"))
    error = None
    if request.method == "POST":
        outcome = second_factor(lambda db, **login: accounts.verify_security_key(
            db, credential=_credential(), rp=rp, **login))
        if not isinstance(outcome, AppError):
            return logged_in(outcome)
        if outcome.status == 401 and outcome.code == "otp_expired":
            flash(_("This login has ended; start again."))
            return redirect(url_for("auth_pages.login"))
        error = _("The security key's answer was not accepted. Try again with the key.")
    try:
        with transaction(readonly=True) as db:
            options = accounts.key_login_options(db, session["challenge_id"], rp)
    except AppError:
        flash(_("This login has ended; start again."))
        return redirect(url_for("auth_pages.login"))
    return render_template("auth/key_login.html", options=options, error=error), 401 if error else 200
