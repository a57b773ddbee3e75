"""Who is calling: bearer-token authentication and role checks for every endpoint."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import wraps

from flask import g, request

from accounts import service
from accounts.models import Role
from accounts.security_keys import RelyingParty
from core.db import read
from core.errors import AppError


@dataclass(frozen=True)
class Actor:
    """The authenticated caller, as the rest of the system sees them."""

    user_id: int
    name: str
    role: str
    mobile: str | None = None
    department_id: int | None = None
    office_ids: frozenset[int] = field(default_factory=frozenset)
    district_code: str | None = None

    @property
    def label(self) -> str:
        return f"{self.role}:{self.user_id}"


SYSTEM = Actor(user_id=0, name="system", role="system")


def actor_for(session, user, office_ids: frozenset[int] | None = None) -> Actor:
    """The Actor of a user account (a User, or a row of accounts.service.HOLDER_COLUMNS), with the offices they
    serve (read in `session` unless given)."""
    if office_ids is None:
        office_ids = service.office_ids_of(session, user.id)
    return Actor(user_id=user.id, name=user.full_name or user.username or "", role=user.role, mobile=user.mobile,
                 department_id=user.department_id, office_ids=office_ids, district_code=user.district_code)


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def current_actor(optional: bool = False) -> Actor | None:
    """The caller of this request; 401 when there is no valid token (unless optional)."""
    if "actor" not in g:
        g.actor = None
        token = _bearer()
        if token:
            with read() as conn:
                found = service.user_for_token(conn, token)
            if found is not None:
                g.actor = actor_for(None, *found)
    if g.actor is None and not optional:
        raise AppError(401, "unauthenticated", "Log in first: send 'Authorization: Bearer <token>'.")
    return g.actor


def require_roles(*roles: Role):
    """Decorator: only callers with one of `roles` get through (401 without a token, 403 with another role)."""
    allowed = {str(r) for r in roles}

    def decorator(fn):
        @wraps(fn)
        def wrapper(*args, **kwargs):
            actor = current_actor()
            if actor.role not in allowed:
                raise AppError.forbidden(f"This needs one of the roles: {', '.join(sorted(allowed))}.")
            return fn(*args, **kwargs)
        wrapper.required_roles = tuple(sorted(allowed))  # read by the OpenAPI document (core/api_contract.py)
        return wrapper
    return decorator


def relying_party() -> RelyingParty | None:
    """The site a security key is bound to: the address this request came to, when browsers allow keys on it."""
    rp = RelyingParty.of(request.host_url)
    return rp if rp.usable else None
