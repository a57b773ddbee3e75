"""Officers' authenticator apps (TOTP, RFC 6238, with pyotp) as their second factor instead of SMS.

Enrolment: a new secret is shown once (QR code and text); it becomes the officer's second factor only when they
confirm it with a code the app shows. Login then asks for the app's code: it is checked against the injected clock
with one step of drift either way, and each time step is accepted once (a code seen over a shoulder cannot be used
again). Citizens keep SMS OTP."""
from __future__ import annotations

import pyotp
import segno
from sqlalchemy.orm import Session

from accounts.models import Role, TotpAuthenticator, User
from core import clock
from core.errors import AppError

ISSUER = "WB CMO Grievance"
MAY_ENROL = {Role.NODAL_OFFICER, Role.HEAD_OF_DEPARTMENT, Role.SECRETARY, Role.CMO_CELL, Role.PROCESS_OWNER,
             Role.AUDITOR, Role.ADMIN, Role.DISTRICT_COLLECTOR}


def uses_totp(session: Session, user_id: int) -> bool:
    found = session.get(TotpAuthenticator, user_id)
    return found is not None and found.confirmed_at is not None


def start_enrolment(session: Session, user: User) -> dict:
    """A fresh secret for `user`, replacing any earlier one (login falls back to SMS until it is confirmed).
    Returns the secret, its otpauth:// URI and the QR code of it as SVG."""
    if user.role not in MAY_ENROL:
        raise AppError.forbidden("Authenticator apps are for officers; citizens log in with an SMS code.")
    secret = pyotp.random_base32()
    row = session.get(TotpAuthenticator, user.id)
    if row is None:
        session.add(TotpAuthenticator(user_id=user.id, secret=secret, created_at=clock.now()))
    else:
        row.secret, row.created_at, row.confirmed_at, row.last_step = secret, clock.now(), None, None
    session.flush()
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.username or str(user.id), issuer_name=ISSUER)
    return {"secret": secret, "otpauth_uri": uri, "qr_svg": segno.make(uri, error="m").svg_inline(scale=4)}


def _accept(row: TotpAuthenticator, code: str) -> bool:
    """The code is right for now (one step of drift) and its step was not used before."""
    code = (code or "").strip()
    if not (code.isdigit() and len(code) == 6):
        return False
    totp, now = pyotp.TOTP(row.secret), clock.now()
    for drift in (0, -1, 1):
        step = totp.timecode(now) + drift
        if row.last_step is not None and step <= row.last_step:
            continue
        if pyotp.utils.strings_equal(code, totp.generate_otp(step)):
            row.last_step = step
            return True
    return False


def confirm_enrolment(session: Session, user: User, code: str) -> dict:
    row = session.get(TotpAuthenticator, user.id)
    if row is None:
        raise AppError.conflict("no_enrolment", "Start the enrolment first: scan the QR code, then confirm.")
    if not _accept(row, code):
        raise AppError(422, "totp_wrong", "code: the code does not match the app; check the phone's time.",
                       {"code": ["does not match the authenticator app"]})
    row.confirmed_at = clock.now()
    return {"enrolled": True, "confirmed_at": row.confirmed_at}


def check_login_code(session: Session, user_id: int, code: str) -> bool:
    row = session.get(TotpAuthenticator, user_id)
    return row is not None and row.confirmed_at is not None and _accept(row, code)
