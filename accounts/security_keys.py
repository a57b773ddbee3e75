"""Officers' security keys and passkeys (WebAuthn, with py_webauthn) as their second factor.

Enrolment happens in the browser: the page asks the key to make a credential for this site and the signed answer is
checked here (challenge, origin, site name) before the key's public key is kept. At login, after the password, the
key signs a fresh challenge (kept in the login's challenge row, used once); the signature, the origin and a sign
count that never goes back (a cloned key would) are checked. An officer with a key is not sent an SMS code and no
app code is taken instead. The relying party (site name and origin) is the address the officer opened; browsers
refuse security keys on a numeric address such as 127.0.0.1, so the page says to open the portal by its name."""
from __future__ import annotations

import ipaddress
import json
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

import webauthn
from sqlalchemy import select
from sqlalchemy.orm import Session
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.exceptions import InvalidAuthenticationResponse, InvalidJSONStructure, InvalidRegistrationResponse
from webauthn.helpers.structs import AuthenticatorSelectionCriteria as Selection
from webauthn.helpers.structs import PublicKeyCredentialDescriptor, ResidentKeyRequirement
from webauthn.helpers.structs import UserVerificationRequirement as Verification

from accounts.models import Role, SecurityKey, User
from core import clock
from core.errors import AppError

SITE_NAME = "WB CMO Grievance"
MAY_ENROL = {Role.NODAL_OFFICER, Role.HEAD_OF_DEPARTMENT, Role.SECRETARY, Role.CMO_CELL, Role.PROCESS_OWNER,
             Role.AUDITOR, Role.ADMIN, Role.DISTRICT_COLLECTOR}
MAX_KEYS = 10
_REFUSED = (InvalidRegistrationResponse, InvalidAuthenticationResponse, InvalidJSONStructure, ValueError, KeyError,
            TypeError)


@dataclass(frozen=True)
class RelyingParty:
    """The site the key is bound to: its host name and the origin pages are served from."""

    rp_id: str
    origin: str

    @classmethod
    def of(cls, host_url: str) -> RelyingParty:
        """From the address the request came to, e.g. "https://grievance.wb.gov.in/"."""
        parts = urlsplit(host_url)
        return cls(rp_id=parts.hostname or "", origin=f"{parts.scheme}://{parts.netloc}")

    @property
    def usable(self) -> bool:
        """Browsers take security keys only on a named host (localhost or a domain), never on a numeric address."""
        try:
            ipaddress.ip_address(self.rp_id)
        except ValueError:
            return bool(self.rp_id)
        return False


def new_challenge() -> str:
    return bytes_to_base64url(secrets.token_bytes(32))


def keys_of(session: Session, user_id: int) -> list[SecurityKey]:
    return list(session.scalars(select(SecurityKey).where(SecurityKey.user_id == user_id).order_by(SecurityKey.id)))


def uses_security_key(session: Session, user_id: int) -> bool:
    return session.scalar(select(SecurityKey.id).where(SecurityKey.user_id == user_id).limit(1)) is not None


def _descriptors(keys: list[SecurityKey]) -> list[PublicKeyCredentialDescriptor]:
    return [PublicKeyCredentialDescriptor(id=key.credential_id) for key in keys]


def registration_options(session: Session, user: User, rp: RelyingParty, challenge: str) -> dict:
    """The options (JSON form) the browser passes to navigator.credentials.create for a new key of `user`."""
    if user.role not in MAY_ENROL:
        raise AppError.forbidden("Security keys are for officers; citizens log in with an SMS code.")
    options = webauthn.generate_registration_options(
        rp_id=rp.rp_id, rp_name=SITE_NAME, user_id=str(user.id).encode(), user_name=user.username or str(user.id),
        user_display_name=user.full_name or user.username or "", challenge=webauthn.base64url_to_bytes(challenge),
        exclude_credentials=_descriptors(keys_of(session, user.id)),
        authenticator_selection=Selection(resident_key=ResidentKeyRequirement.DISCOURAGED,
                                          user_verification=Verification.PREFERRED))
    return json.loads(webauthn.options_to_json(options))


def register(session: Session, user: User, rp: RelyingParty, *, challenge: str, credential: str,
             name: str) -> SecurityKey:
    """Keep the key whose answer to `challenge` is `credential` (the browser's JSON), named by the officer."""
    if user.role not in MAY_ENROL:
        raise AppError.forbidden("Security keys are for officers; citizens log in with an SMS code.")
    name = " ".join(name.split())
    if not 1 <= len(name) <= 60:
        raise AppError.invalid("name", "must name the key in 1 to 60 characters, e.g. \"Blue key\"")
    if len(keys_of(session, user.id)) >= MAX_KEYS:
        raise AppError.conflict("too_many_keys", f"An officer may keep at most {MAX_KEYS} security keys; remove one.")
    try:
        verified = webauthn.verify_registration_response(
            credential=credential, expected_challenge=webauthn.base64url_to_bytes(challenge),
            expected_rp_id=rp.rp_id, expected_origin=rp.origin)
    except _REFUSED as error:
        raise AppError(422, "security_key_refused", f"credential: the security key's answer was not accepted "
                       f"({error}).", {"credential": ["was not accepted"]}) from error
    if session.scalar(select(SecurityKey.id).where(SecurityKey.credential_id == verified.credential_id)):
        raise AppError.conflict("security_key_known", "This security key is already registered.")
    key = SecurityKey(user_id=user.id, name=name, credential_id=verified.credential_id,
                      public_key=verified.credential_public_key, sign_count=verified.sign_count,
                      created_at=clock.now())
    session.add(key)
    session.flush()
    return key


def remove(session: Session, user_id: int, key_id: int) -> None:
    """An officer removes one of their own keys (lost or replaced); someone else's key is not found."""
    key = session.get(SecurityKey, key_id)
    if key is None or key.user_id != user_id:
        raise AppError.not_found("security_key", key_id)
    session.delete(key)


def login_options(session: Session, user_id: int, rp: RelyingParty, challenge: str) -> dict:
    """The options (JSON form) for navigator.credentials.get: this officer's keys, the login's challenge."""
    options = webauthn.generate_authentication_options(
        rp_id=rp.rp_id, challenge=webauthn.base64url_to_bytes(challenge),
        allow_credentials=_descriptors(keys_of(session, user_id)),
        user_verification=Verification.PREFERRED)
    return json.loads(webauthn.options_to_json(options))


def check_login(session: Session, user_id: int, rp: RelyingParty, *, challenge: str, credential: str) -> bool:
    """True when one of the officer's keys signed `challenge` for this site, with a sign count that moved on."""
    try:
        raw_id = webauthn.base64url_to_bytes(json.loads(credential)["rawId"])
        key = session.scalar(select(SecurityKey).where(SecurityKey.credential_id == raw_id,
                                                       SecurityKey.user_id == user_id))
        if key is None:
            return False
        verified = webauthn.verify_authentication_response(
            credential=credential, expected_challenge=webauthn.base64url_to_bytes(challenge),
            expected_rp_id=rp.rp_id, expected_origin=rp.origin, credential_public_key=key.public_key,
            credential_current_sign_count=key.sign_count)
    except _REFUSED:
        return False
    key.sign_count, key.last_used_at = verified.new_sign_count, clock.now()
    return True
