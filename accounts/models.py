"""Tables of accounts: users, the offices an officer serves, OTP challenges, bearer tokens."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime


class Role(StrEnum):
    """Roles; the officer roles double as BPMN lane names."""

    CITIZEN = "citizen"
    CALL_CENTRE_OPERATOR = "call_centre_operator"
    SERVICE_CENTRE_OPERATOR = "service_centre_operator"  # Bangla Sahayata Kendra, lodging for a citizen
    INTEGRATION = "integration"  # another system lodging through Open311 with an API key
    NODAL_OFFICER = "nodal_officer"
    HEAD_OF_DEPARTMENT = "head_of_department"
    SECRETARY = "secretary"
    CMO_CELL = "cmo_cell"
    PROCESS_OWNER = "process_owner"
    AUDITOR = "auditor"
    ADMIN = "admin"
    QUALITY_LEAD = "quality_lead"  # call-centre quality: samples and rates operators' lodgings
    DISTRICT_COLLECTOR = "district_collector"  # every department's figures and cases in one district


class User(Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str | None] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(30))
    mobile: Mapped[str | None] = mapped_column(String(16), index=True)
    email: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    district_code: Mapped[str | None] = mapped_column(String(20))  # a district collector's district
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class UserOffice(Base):
    """An officer's posting: the offices whose cases they may see and act on."""

    __tablename__ = "user_office"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), primary_key=True, index=True)


class OtpChallenge(Base):
    """A one-time password sent by SMS: only its hash is kept; single use; expires; few attempts."""

    __tablename__ = "otp_challenge"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(20))
    mobile: Mapped[str] = mapped_column(String(16), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    code_hash: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ApiToken(Base):
    """A bearer token: a login session (expires) or an integration token minted by an admin."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class TotpAuthenticator(Base):
    """An officer's authenticator app (RFC 6238 TOTP): their second factor once confirmed, instead of SMS."""

    __tablename__ = "totp_authenticator"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), primary_key=True)
    secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_step: Mapped[int | None] = mapped_column(Integer)  # the last time step accepted: a code works once


class SecurityKey(Base):
    """An officer's security key or passkey (WebAuthn): their second factor, before an app or SMS."""

    __tablename__ = "security_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    credential_id: Mapped[bytes] = mapped_column(LargeBinary(1023), unique=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary(2048))
    sign_count: Mapped[int] = mapped_column(Integer, default=0)  # a count going backwards means a cloned key
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
