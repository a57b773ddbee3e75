"""The messages (SMS, e-mail) sent to a case's complainant about it, read from the outbox: acknowledgement,
forwarding, action reported, closure, appeal. One-time passwords are never listed (they are not about a case)."""
from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from case_api.models import Grievance
from notifications.models import OutboxMessage


def messages_to_complainant(session: Session, grievance: Grievance, *, limit: int = 100) -> list[OutboxMessage]:
    """Oldest first. Messages about a case are keyed by its registration number; only those to the complainant's
    own mobile or e-mail are theirs (officers are told about the same case under the same prefix)."""
    addresses = [a for a in (grievance.mobile, grievance.email) if a]
    prefix = grievance.reg_no.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ":"
    stmt = (select(OutboxMessage)
            .where(OutboxMessage.idempotency_key.like(prefix + "%", escape="\\"),
                   or_(*(OutboxMessage.recipient == a for a in addresses)), OutboxMessage.is_sensitive.is_(False))
            .order_by(OutboxMessage.created_at, OutboxMessage.id).limit(limit))
    return list(session.scalars(stmt))
