"""Use cases of process owners and administrators on incidents: list them, retry one after a fix."""
from __future__ import annotations

import logging
from dataclasses import asdict

from sqlalchemy.orm import Session

import engine
from accounts.auth import Actor
from processes.service import actor_label

logger = logging.getLogger(__name__)

STATUSES = ("open", "resolved", "all")


def list_incidents(session: Session, *, status: str = "open", limit: int = 50, offset: int = 0) -> dict:
    total, views = engine.list_incidents(session, status=None if status == "all" else status, limit=limit,
                                         offset=offset)
    return {"total": total, "items": [asdict(v) for v in views]}


def get_incident(session: Session, *, incident_id: int) -> dict:
    return asdict(engine.incident_view(session, incident_id))


def retry_incident(session: Session, *, incident_id: int, actor: Actor) -> dict:
    """Do the failed step again (on the version the case is on now: migrate it first to use a fixed model).
    The outcome is in the returned incident: `resolved`, or still `open` with the new error and attempt count."""
    view = engine.retry_incident(session, incident_id=incident_id, by=actor_label(actor))
    logger.info("incident %s retried by user %s: %s", incident_id, actor.user_id, view.status)
    return asdict(view)
