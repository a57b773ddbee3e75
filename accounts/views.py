"""Login endpoints: officer password + OTP, citizen mobile OTP, logout."""
from __future__ import annotations

import json

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from accounts import service, totp
from accounts.auth import _bearer, current_actor, relying_party, require_roles
from accounts.models import User
from accounts.schemas import ChallengeOut, CitizenOtpIn, OfficerLoginIn, TokenOut, VerifyIn, VerifyKeyIn
from accounts.throttle import login_attempts, login_failures, otp_checks, otp_sends
from core.db import transaction
from core.errors import AppError

blp = Blueprint("auth", __name__, url_prefix="/auth", description="Log in with a one-time password")


def _settings():
    return current_app.extensions["settings"]


@blp.route("/login")
class OfficerLogin(MethodView):
    @login_attempts
    @login_failures
    @blp.arguments(OfficerLoginIn)
    @blp.response(202, ChallengeOut)
    def post(self, body):
        """Officer login, first factor: password. Sends an OTP to the officer's mobile."""
        with transaction() as session:
            outcome = service.start_officer_login(session, username=body["username"], password=body["password"],
                                                  ttl=_settings().otp_ttl_seconds, rp=relying_party())
        if isinstance(outcome, AppError):
            raise outcome
        return outcome


@blp.route("/otp")
class CitizenOtp(MethodView):
    @otp_sends
    @blp.arguments(CitizenOtpIn)
    @blp.response(202, ChallengeOut)
    def post(self, body):
        """Citizen login: send a one-time password to this mobile number."""
        with transaction() as session:
            return service.start_citizen_login(session, mobile=body["mobile"], ttl=_settings().otp_ttl_seconds)


@blp.route("/verify")
class Verify(MethodView):
    @otp_checks
    @blp.arguments(VerifyIn)
    @blp.response(200, TokenOut)
    def post(self, body):
        """Second step for both: the OTP in exchange for a bearer token."""
        settings = _settings()
        with transaction() as session:
            outcome = service.verify_otp(session, challenge_id=body["challenge_id"], code=body["code"],
                                         max_attempts=settings.otp_max_attempts,
                                         session_ttl_hours=settings.session_ttl_hours)
        if isinstance(outcome, AppError):
            raise outcome
        return outcome


@blp.route("/verify-key")
class VerifyKey(MethodView):
    @otp_checks
    @blp.arguments(VerifyKeyIn)
    @blp.response(200, TokenOut)
    def post(self, body):
        """Officers with a security key: its signature over the login's challenge in exchange for a bearer token."""
        settings = _settings()
        with transaction() as session:
            outcome = service.verify_security_key(session, challenge_id=body["challenge_id"],
                                                  credential=json.dumps(body["credential"]), rp=relying_party(),
                                                  max_attempts=settings.otp_max_attempts,
                                                  session_ttl_hours=settings.session_ttl_hours)
        if isinstance(outcome, AppError):
            raise outcome
        return outcome


@blp.route("/logout")
class Logout(MethodView):
    @blp.response(204)
    def post(self):
        """Revoke the token this request carries."""
        current_actor()
        with transaction() as session:
            service.revoke_token(session, token=_bearer())


class TotpEnrolmentOut(Schema):
    secret = fields.String(required=True, metadata={"description": "base32 secret, to type in if the QR code "
                                                                   "cannot be scanned"})
    otpauth_uri = fields.String(required=True)
    qr_svg = fields.String(required=True, metadata={"description": "the otpauth URI as a QR code (SVG)"})


class TotpConfirmIn(Schema):
    code = fields.String(required=True, validate=validate.Length(min=6, max=6))


class TotpConfirmedOut(Schema):
    enrolled = fields.Boolean(required=True)
    confirmed_at = fields.DateTime(required=True)


@blp.route("/totp")
class TotpEnrolment(MethodView):
    @blp.response(201, TotpEnrolmentOut)
    @require_roles(*totp.MAY_ENROL)
    def post(self):
        """Officers: start enrolling an authenticator app (a new secret, shown once as a QR code). Until it is
        confirmed, login keeps sending the code by SMS."""
        with transaction() as session:
            return totp.start_enrolment(session, session.get(User, current_actor().user_id))


@blp.route("/totp/confirm")
class TotpConfirm(MethodView):
    @otp_checks
    @blp.arguments(TotpConfirmIn)
    @blp.response(200, TotpConfirmedOut)
    @require_roles(*totp.MAY_ENROL)
    def post(self, body):
        """Confirm the app with a code it shows; from then on login asks for the app's code instead of an SMS."""
        with transaction() as session:
            return totp.confirm_enrolment(session, session.get(User, current_actor().user_id), body["code"])
