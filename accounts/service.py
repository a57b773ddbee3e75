"""Use cases of accounts: users, OTP login for officers and citizens, bearer tokens."""
from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Row, func, or_, select
from sqlalchemy.orm import Session

from accounts import security_keys, totp
from accounts.models import ApiToken, OtpChallenge, Role, User, UserOffice
from accounts.rules import mask_mobile, normalise_mobile
from core import clock
from core.errors import AppError
from notifications.service import queue_sms

logger = logging.getLogger(__name__)

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not-a-real-password")
TOTP_LOGIN = "officer_totp"
KEY_LOGIN = "officer_key"
OTP_SENDS_PER_WINDOW = 3
OTP_WINDOW = timedelta(minutes=15)


def _wrong_credentials() -> AppError:
    return AppError(401, "invalid_credentials", "Username or password is wrong.")


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def create_user(session: Session, *, full_name: str, role: Role, username: str | None = None,
                password: str | None = None, mobile: str | None = None, email: str | None = None,
                department_id: int | None = None, office_ids: tuple[int, ...] = (),
                district_code: str | None = None) -> User:
    normalised = normalise_mobile(mobile) if mobile else None
    if mobile and not normalised:
        raise AppError.invalid("mobile", "must be a 10-digit Indian mobile number")
    user = User(username=username, full_name=full_name, role=role, mobile=normalised, email=email,
                password_hash=_hasher.hash(password) if password else None, department_id=department_id,
                district_code=district_code, is_active=True, created_at=clock.now())
    session.add(user)
    session.flush()
    session.add_all(UserOffice(user_id=user.id, office_id=oid) for oid in office_ids)
    session.flush()
    return user


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def find_user(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def _new_challenge(session: Session, *, purpose: str, mobile: str, user_id: int | None, ttl: int) -> dict:
    now = clock.now()
    recent = session.scalar(select(func.count()).select_from(OtpChallenge).where(
        OtpChallenge.mobile == mobile, OtpChallenge.created_at > now - OTP_WINDOW,
        OtpChallenge.purpose.not_in((TOTP_LOGIN, KEY_LOGIN))))  # those send nothing
    if recent >= OTP_SENDS_PER_WINDOW:
        raise AppError(429, "too_many_otp_requests",
                       "Too many one-time passwords were requested for this number; try again in 15 minutes.")
    code = f"{secrets.randbelow(1_000_000):06d}"
    challenge = OtpChallenge(id=secrets.token_urlsafe(24), purpose=purpose, mobile=mobile, user_id=user_id,
                             code_hash=_sha256(code), attempts=0, created_at=now,
                             expires_at=now + timedelta(seconds=ttl))
    session.add(challenge)
    queue_sms(session, to=mobile, key=f"otp:{challenge.id}", sensitive=True,
              body=f"{code} is your one-time password for the CM's grievance portal. Valid for "
                   f"{ttl // 60} minutes. Do not share it.")
    session.flush()
    return {"challenge_id": challenge.id, "method": "sms", "sent_to": mask_mobile(mobile),
            "expires_at": challenge.expires_at}


def start_officer_login(session: Session, *, username: str, password: str, ttl: int,
                        rp: security_keys.RelyingParty | None = None) -> dict | AppError:
    """First factor: the password. On success an OTP goes to the officer's registered mobile.

    A wrong password, an unknown name, a citizen's or a disabled account all get the same 401 after the same
    argon2 work, so the answer does not tell which names exist. The second factor is the officer's security key
    (for `rp`, the site they log in to), else their authenticator app, else a code by SMS. Guessing is
    slowed by the per-address throttle of accounts.throttle rather than by locking the account, which anyone could
    do to any officer."""
    user = find_user(session, username)
    try:
        _hasher.verify(user.password_hash if user and user.password_hash else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return _wrong_credentials()
    if not user.is_active or user.role == Role.CITIZEN:
        return _wrong_credentials()
    if security_keys.uses_security_key(session, user.id):
        if rp is None:  # no falling back to a weaker factor because the address cannot take keys
            raise AppError.conflict("security_key_unavailable", "This account logs in with a security key; open the "
                                                                "portal by its name (not a number address).")
        return _key_challenge(session, user, ttl, rp)
    if totp.uses_totp(session, user.id):
        return _totp_challenge(session, user, ttl)
    if not user.mobile:
        raise AppError(403, "no_mobile", "This account has no registered mobile for the one-time password.")
    return _new_challenge(session, purpose="officer_login", mobile=user.mobile, user_id=user.id, ttl=ttl)


def _silent_challenge(session: Session, user: User, ttl: int, *, purpose: str, code_hash: str = "") -> OtpChallenge:
    """A login challenge that sends nothing: it waits for the app's code or the security key's signature."""
    now = clock.now()
    challenge = OtpChallenge(id=secrets.token_urlsafe(24), purpose=purpose, mobile=user.mobile or "",
                             user_id=user.id, code_hash=code_hash, attempts=0, created_at=now,
                             expires_at=now + timedelta(seconds=ttl))
    session.add(challenge)
    session.flush()
    return challenge


def _totp_challenge(session: Session, user: User, ttl: int) -> dict:
    challenge = _silent_challenge(session, user, ttl, purpose=TOTP_LOGIN)
    return {"challenge_id": challenge.id, "method": "totp", "sent_to": None, "expires_at": challenge.expires_at}


def _key_challenge(session: Session, user: User, ttl: int, rp: security_keys.RelyingParty) -> dict:
    """The row keeps the WebAuthn challenge itself (random, single use; worthless without the officer's key)."""
    challenge = _silent_challenge(session, user, ttl, purpose=KEY_LOGIN, code_hash=security_keys.new_challenge())
    return {"challenge_id": challenge.id, "method": "security_key", "sent_to": None,
            "expires_at": challenge.expires_at, "public_key": key_login_options(session, challenge.id, rp)}


def key_login_options(session: Session, challenge_id: str, rp: security_keys.RelyingParty) -> dict:
    """What the browser passes to navigator.credentials.get for a security-key login under way."""
    challenge = _open_challenge(session, challenge_id)
    if challenge.purpose != KEY_LOGIN:
        raise AppError(401, "otp_expired", "This login does not use a security key; start again.")
    return security_keys.login_options(session, challenge.user_id, rp, challenge.code_hash)


def start_citizen_login(session: Session, *, mobile: str, ttl: int) -> dict:
    normalised = normalise_mobile(mobile)
    if not normalised:
        raise AppError.invalid("mobile", "must be a 10-digit Indian mobile number")
    return _new_challenge(session, purpose="citizen_login", mobile=normalised, user_id=None, ttl=ttl)


def resend_otp(session: Session, *, challenge_id: str, ttl: int) -> dict:
    """A new code for the same login (same person, same mobile), under the same per-mobile limit as the first."""
    previous = session.get(OtpChallenge, challenge_id)
    if previous is None or previous.used_at:
        raise AppError(401, "otp_expired", "This login has ended; start again.")
    if previous.purpose in (TOTP_LOGIN, KEY_LOGIN):
        raise AppError.conflict("no_sms_code", "This login takes your authenticator app or security key; "
                                               "no code is sent by SMS.")
    return _new_challenge(session, purpose=previous.purpose, mobile=previous.mobile, user_id=previous.user_id,
                          ttl=ttl)


def verify_otp(session: Session, *, challenge_id: str, code: str, max_attempts: int,
               session_ttl_hours: int) -> dict | AppError:
    """Second factor: check the code (single use, unexpired, few attempts) and issue a login token.

    A wrong code is *returned* as an AppError rather than raised: the attempt it used up must be
    committed, or guessing would be unlimited. The caller commits, then raises it."""
    challenge = _attempt(session, challenge_id, max_attempts)
    if challenge.purpose == KEY_LOGIN:
        right = False  # the security key signs; a code is not taken instead
    elif challenge.purpose == TOTP_LOGIN:
        right = totp.check_login_code(session, challenge.user_id, code)
    else:
        right = hmac.compare_digest(challenge.code_hash, _sha256(code.strip()))
    if not right:
        session.flush()
        return AppError(401, "otp_wrong", "The one-time password is wrong.")
    return _logged_in(session, challenge, session_ttl_hours)


def verify_security_key(session: Session, *, challenge_id: str, credential: str, rp: security_keys.RelyingParty,
                        max_attempts: int, session_ttl_hours: int) -> dict | AppError:
    """Second factor by security key: its signature over the login's challenge, for this site. Like a wrong code,
    a refused signature is returned (its attempt must be committed)."""
    challenge = _attempt(session, challenge_id, max_attempts)
    if challenge.purpose != KEY_LOGIN or not security_keys.check_login(
            session, challenge.user_id, rp, challenge=challenge.code_hash, credential=credential):
        session.flush()
        return AppError(401, "security_key_wrong", "The security key's answer was not accepted; try again.")
    return _logged_in(session, challenge, session_ttl_hours)


def _open_challenge(session: Session, challenge_id: str) -> OtpChallenge:
    challenge = session.get(OtpChallenge, challenge_id)
    if challenge is None or challenge.used_at or challenge.expires_at <= clock.now():
        raise AppError(401, "otp_expired", "This one-time password has expired or was already used; ask for a new one.")
    return challenge


def _attempt(session: Session, challenge_id: str, max_attempts: int) -> OtpChallenge:
    """The open challenge, one more attempt counted on it."""
    challenge = _open_challenge(session, challenge_id)
    if challenge.attempts >= max_attempts:
        raise AppError(429, "too_many_attempts", "Too many wrong codes; ask for a new one-time password.")
    challenge.attempts += 1
    return challenge


def _logged_in(session: Session, challenge: OtpChallenge, session_ttl_hours: int) -> dict:
    now = clock.now()
    challenge.used_at = now
    user = session.get(User, challenge.user_id) if challenge.user_id else _citizen_for(session, challenge.mobile)
    token = issue_token(session, user=user, kind="session", ttl=timedelta(hours=session_ttl_hours))
    return {"token": token, "expires_at": now + timedelta(hours=session_ttl_hours), "role": user.role,
            "user_id": user.id}


def _citizen_for(session: Session, mobile: str) -> User:
    user = session.scalar(select(User).where(User.mobile == mobile, User.role == Role.CITIZEN))
    if user is None:
        user = create_user(session, full_name="", role=Role.CITIZEN, mobile=mobile)
    return user


def issue_token(session: Session, *, user: User, kind: str, ttl: timedelta | None) -> str:
    token = secrets.token_urlsafe(32)
    now = clock.now()
    session.add(ApiToken(user_id=user.id, token_hash=_sha256(token), kind=kind, created_at=now,
                         expires_at=now + ttl if ttl else None))
    session.flush()
    return token


def revoke_token(session: Session, *, token: str) -> None:
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _sha256(token)))
    if row and not row.revoked_at:
        row.revoked_at = clock.now()


# What a request needs of the user holding its token (accounts.auth.actor_for reads these by name).
HOLDER_COLUMNS = (User.id, User.username, User.full_name, User.role, User.mobile, User.department_id,
                  User.district_code)


def user_for_token(db: Session | Connection, token: str) -> tuple[Row, frozenset[int]] | None:
    """The active user holding `token` (their HOLDER_COLUMNS), if it is neither revoked nor expired, and the offices
    they serve: one statement (every request asks), a row per office, no ORM object made."""
    rows = db.execute(select(*HOLDER_COLUMNS, UserOffice.office_id).join(ApiToken, ApiToken.user_id == User.id)
                      .outerjoin(UserOffice, UserOffice.user_id == User.id).where(
        ApiToken.token_hash == _sha256(token), ApiToken.revoked_at.is_(None),
        or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > clock.now()), User.is_active.is_(True))).all()
    if not rows:
        return None
    return rows[0], frozenset(row.office_id for row in rows if row.office_id is not None)


def office_ids_of(session: Session, user_id: int) -> frozenset[int]:
    return frozenset(session.scalars(select(UserOffice.office_id).where(UserOffice.user_id == user_id)))
