"""Open311 use cases: recognising a client by its api_key, and lodging a real grievance for it."""
from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from sqlalchemy.orm import Session

from accounts import service as accounts
from accounts.auth import Actor, actor_for
from accounts.models import Role
from core import clock
from core.errors import AppError
from directory.queries import find_category
from intake.models import InboundMessage
from intake.service import lodge_grievance
from open311.queries import CHANNEL, lodging_notice

logger = logging.getLogger(__name__)

# Our lodging fields under the names an Open311 client sent them.
OPEN311_NAMES = {"category": "service_code", "district": "attribute[district]",
                 "subdivision": "attribute[subdivision]", "block": "attribute[block]",
                 "is_emergency": "attribute[is_emergency]",
                 "mobile": "phone", "complainant_name": "first_name", "address": "address_string",
                 "latitude": "lat", "longitude": "long"}


@dataclass(frozen=True)
class Client:
    """Another system lodging through Open311: the integration user its api_key belongs to."""

    actor: Actor
    username: str


def authenticate(session: Session, *, api_key: str | None, required: bool = True) -> Client | None:
    """The client an api_key belongs to (403 for a missing, unknown, expired or revoked key, or one of a user who
    is not a registered integration). Without a key, None when the key is optional."""
    if not api_key:
        if required:
            raise AppError(403, "api_key_required", "api_key is required: ask the CM's Office for one")
        return None
    found = accounts.user_for_token(session, api_key)
    if found is None:
        raise AppError(403, "invalid_api_key", "api_key is not valid: it is unknown, expired or revoked")
    user, office_ids = found
    if user.role != Role.INTEGRATION:
        raise AppError(403, "not_an_integration", "api_key does not belong to a registered Open311 client")
    return Client(actor=actor_for(session, user, office_ids), username=user.username or f"user {user.id}")


def viewer_id(session: Session, *, api_key: str | None) -> int | None:
    """Who is reading, for the personal data of the requests they lodged: a client's user id, or None."""
    client = authenticate(session, api_key=api_key, required=False)
    return client.actor.user_id if client else None


def create_request(session: Session, *, client: Client, media_url: str | None = None, **lodging) -> dict:
    """Lodge a grievance for `client` and keep a token for it, in the caller's transaction: both or nothing.
    `lodging` holds the arguments of `intake.service.lodge_grievance` (see CreateRequestIn). Returns the
    specification's POST answer."""
    code = lodging["category"]
    if find_category(session, code) is None:
        raise AppError(400, "unknown_service", f"service_code {code} is not a known service",
                       {"service_code": [f"service_code {code} is not a known service"]})
    try:
        grievance = lodge_grievance(session, actor=client.actor, **lodging)
    except AppError as error:
        raise _in_open311_terms(error) from error
    token = secrets.token_urlsafe(24)
    session.add(InboundMessage(channel=CHANNEL, external_id=token, sender=client.username, received_at=clock.now(),
                               outcome="lodged", grievance_id=grievance.id, media_url=media_url))
    session.flush()
    logger.info("open311 request %s lodged by client %s", grievance.reg_no, client.username)
    # The number is known at once, so no token is returned: GeoReport sends a token only instead of the id.
    return {"service_request_id": grievance.reg_no, "service_notice": lodging_notice(session, grievance),
            "account_id": None}


def _in_open311_terms(error: AppError) -> AppError:
    """Intake's refusal, naming the fields as the client sent them; an invalid value is a 400 in Open311."""
    if not error.fields:
        return error
    fields = {OPEN311_NAMES.get(name, name): [f"{OPEN311_NAMES.get(name, name)}: {m}" for m in _as_list(messages)]
              for name, messages in error.fields.items()}
    first = next(iter(fields.values()))[0]
    return AppError(400 if error.status == 422 else error.status, error.code, first, fields)


def _as_list(messages) -> list:
    return messages if isinstance(messages, list) else [messages]
