"""What the SMS and e-mail channels share: one record per received message, district lookup, lodging, replies."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from case_api.models import Channel, Grievance
from core import clock
from directory import queries as directory
from intake.models import InboundMessage
from intake.service import channel_actor, lodge_grievance
from notifications.templates import render

OTHER_CATEGORY = "OTHER"
MIN_DESCRIPTION = 10
MAX_DESCRIPTION = 8000
PENDING = "pending"
_BENGALI = re.compile(r"[\u0980-\u09FF]")
FULL_STOP = {"bn": "\u0964"}  # the dari, "।"


class Outcome:
    LODGED = "lodged"
    REJECTED = "rejected"
    STATUS_REPLY = "status_reply"


@dataclass(frozen=True)
class Problem:
    """Why a message could not be lodged: template `intake_problem_<code>`, then what the sender wrote (an
    unknown district) when that helps them see the mistake."""

    code: str
    quote: str | None = None
    reg_no: str | None = None

    def text(self, language: str) -> str:
        sentence = render(f"intake_problem_{self.code}", language, reg_no=self.reg_no or "")
        if not self.quote:
            return sentence
        return f"{sentence} {self.quote}{FULL_STOP.get(language, '.')}"


def language_of(text: str) -> str:
    """Replies go in Bengali to those who write in Bengali script, otherwise in English."""
    return "bn" if _BENGALI.search(text or "") else "en"


def digest(value: str | bytes) -> str:
    data = value if isinstance(value, bytes) else value.encode("utf-8", "surrogateescape")
    return hashlib.sha256(data).hexdigest()[:32]


def external_key(value: str) -> str:
    """The sender system's id as stored: itself when short enough, else its digest."""
    value = value.strip()
    return value if 0 < len(value) <= 200 else "sha256:" + digest(value)


def known_category(session: Session, word: str) -> str | None:
    code = word.strip().upper()
    return code if code and directory.find_category(session, code) is not None else None


def claim(session: Session, *, channel: str, external_id: str, sender: str,
          received_at: datetime | None = None) -> tuple[InboundMessage, bool]:
    """The record of this message, and whether it is new. A redelivery (or a twin racing this one) gets the
    earlier record, so it is answered as before and never lodged twice."""
    earlier = _find(session, channel, external_id)
    if earlier is not None:
        return earlier, False
    message = InboundMessage(channel=channel, external_id=external_id, sender=sender[:200],
                             received_at=received_at or clock.now(), outcome=PENDING)
    try:
        with session.begin_nested():
            session.add(message)
    except IntegrityError:
        return _find(session, channel, external_id), False
    return message, True


def _find(session: Session, channel: str, external_id: str) -> InboundMessage | None:
    return session.scalar(select(InboundMessage).where(
        InboundMessage.channel == channel, InboundMessage.external_id == external_id))


def settle(message: InboundMessage, *, outcome: str, reply: str | None,
           grievance: Grievance | None = None) -> None:
    message.outcome, message.reply = outcome, reply
    message.grievance_id = grievance.id if grievance is not None else None


def answer(session: Session, message: InboundMessage) -> dict:
    """What the channel was told about `message`: the same every time it is asked."""
    grievance = session.get(Grievance, message.grievance_id) if message.grievance_id else None
    return {"outcome": message.outcome, "reg_no": grievance.reg_no if grievance else None, "reply": message.reply}


def lodge(session: Session, *, channel: Channel, name: str, mobile: str, district: str, category: str | None,
          description: str, language: str, email: str | None = None, address: str | None = None) -> Grievance:
    """Lodge as the channel itself; with no category named, the CMO cell reviews and routes it."""
    return lodge_grievance(
        session, actor=channel_actor(channel), channel=channel, complainant_name=name[:200], mobile=mobile,
        district=district, category=category or OTHER_CATEGORY, description=description[:MAX_DESCRIPTION],
        email=email, address=address, language=language)
