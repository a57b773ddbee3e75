"""Use cases of accounts: users, OTP login for officers and citizens, bearer tokens."""
from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accounts import totp
from accounts.models import ApiToken, OtpChallenge, Role, User, UserOffice
from accounts.rules import mask_mobile, normalise_mobile
from core import clock
from core.errors import AppError
from notifications.service import queue_sms

logger = logging.getLogger(__name__)

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not-a-real-password")
TOTP_LOGIN = "officer_totp"
OTP_SENDS_PER_WINDOW = 3
OTP_WINDOW = timedelta(minutes=15)


def _wrong_credentials() -> AppError:
    return AppError(401, "invalid_credentials", "Username or password is wrong.")


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def create_user(session: Session, *, full_name: str, role: Role, username: str | None = None,
                password: str | None = None, mobile: str | None = None, email: str | None = None,
                department_id: int | None = None, office_ids: tuple[int, ...] = ()) -> User:
    normalised = normalise_mobile(mobile) if mobile else None
    if mobile and not normalised:
        raise AppError.invalid("mobile", "must be a 10-digit Indian mobile number")
    user = User(username=username, full_name=full_name, role=role, mobile=normalised, email=email,
                password_hash=_hasher.hash(password) if password else None, department_id=department_id,
                is_active=True, created_at=clock.now())
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
        OtpChallenge.mobile == mobile, OtpChallenge.created_at > now - OTP_WINDOW))
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


def start_officer_login(session: Session, *, username: str, password: str, ttl: int) -> dict | AppError:
    """First factor: the password. On success an OTP goes to the officer's registered mobile.

    A wrong password, an unknown name, a citizen's or a disabled account all get the same 401 after the same
    argon2 work, so the answer does not tell which names exist. Guessing is slowed by the per-address throttle of
    accounts.throttle rather than by locking the account, which anyone could do to any officer."""
    user = find_user(session, username)
    try:
        _hasher.verify(user.password_hash if user and user.password_hash else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return _wrong_credentials()
    if not user.is_active or user.role == Role.CITIZEN:
        return _wrong_credentials()
    if totp.uses_totp(session, user.id):
        return _totp_challenge(session, user, ttl)
    if not user.mobile:
        raise AppError(403, "no_mobile", "This account has no registered mobile for the one-time password.")
    return _new_challenge(session, purpose="officer_login", mobile=user.mobile, user_id=user.id, ttl=ttl)


def _totp_challenge(session: Session, user: User, ttl: int) -> dict:
    """The officer has an authenticator app: no SMS; the challenge waits for the app's code."""
    now = clock.now()
    challenge = OtpChallenge(id=secrets.token_urlsafe(24), purpose=TOTP_LOGIN, mobile=user.mobile or "",
                             user_id=user.id, code_hash="", attempts=0, created_at=now,
                             expires_at=now + timedelta(seconds=ttl))
    session.add(challenge)
    session.flush()
    return {"challenge_id": challenge.id, "method": "totp", "sent_to": None, "expires_at": challenge.expires_at}


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
    return _new_challenge(session, purpose=previous.purpose, mobile=previous.mobile, user_id=previous.user_id,
                          ttl=ttl)


def verify_otp(session: Session, *, challenge_id: str, code: str, max_attempts: int,
               session_ttl_hours: int) -> dict | AppError:
    """Second factor: check the code (single use, unexpired, few attempts) and issue a login token.

    A wrong code is *returned* as an AppError rather than raised: the attempt it used up must be
    committed, or guessing would be unlimited. The caller commits, then raises it."""
    now = clock.now()
    challenge = session.get(OtpChallenge, challenge_id)
    if challenge is None or challenge.used_at or challenge.expires_at <= now:
        raise AppError(401, "otp_expired", "This one-time password has expired or was already used; ask for a new one.")
    if challenge.attempts >= max_attempts:
        raise AppError(429, "too_many_attempts", "Too many wrong codes; ask for a new one-time password.")
    challenge.attempts += 1
    if challenge.purpose == TOTP_LOGIN:
        right = totp.check_login_code(session, challenge.user_id, code)
    else:
        right = hmac.compare_digest(challenge.code_hash, _sha256(code.strip()))
    if not right:
        session.flush()
        return AppError(401, "otp_wrong", "The one-time password is wrong.")
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


def user_for_token(session: Session, token: str) -> User | None:
    now = clock.now()
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _sha256(token)))
    if row is None or row.revoked_at or (row.expires_at and row.expires_at <= now):
        return None
    user = session.get(User, row.user_id)
    return user if user and user.is_active else None


def office_ids_of(session: Session, user_id: int) -> frozenset[int]:
    return frozenset(session.scalars(select(UserOffice.office_id).where(UserOffice.user_id == user_id)))
