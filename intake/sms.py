"""Grievances by SMS: the keyword grammar (pure), the gateway's signature check, and the use case."""
from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from accounts.rules import normalise_mobile
from case_api.models import Channel, Grievance
from case_api.queries import find_by_reg_no, public_status
from core.errors import AppError
from directory import queries as directory
from intake import inbound
from intake.inbound import MIN_DESCRIPTION, Outcome, Problem
from notifications.service import queue_sms
from notifications.templates import render

GRIEVANCE_KEYWORD = "GRV"
STATUS_KEYWORD = "STATUS"
MAX_CLOCK_SKEW = timedelta(minutes=5)
MAX_DISTRICT_WORDS = 3  # "North 24 Parganas"
REG_NO = re.compile(r"^[A-Za-z]{2,5}/\d{4}/\d{1,9}$")
SMS_COMPLAINANT = "Not given (SMS)"
IST = ZoneInfo("Asia/Kolkata")


@dataclass(frozen=True)
class SmsGrievance:
    district: str
    category: str | None
    description: str


@dataclass(frozen=True)
class SmsStatus:
    reg_no: str


def parse_sms(text: str, *, district_of: Callable[[str], str | None],
              category_of: Callable[[str], str | None]) -> SmsGrievance | SmsStatus | Problem:
    """Read `GRV <district> [<category>] <description>` or `STATUS <registration number>`, any case, any
    spacing. `district_of` and `category_of` turn what the sender wrote into a code, or None if unknown."""
    words = (text or "").split()
    keyword = words[0].upper().rstrip(":.,-") if words else ""
    if keyword == STATUS_KEYWORD:
        return _parse_status(words[1:])
    if keyword == GRIEVANCE_KEYWORD:
        return _parse_grievance(words[1:], district_of, category_of)
    return Problem("not_understood")


def _parse_status(words: list[str]) -> SmsStatus | Problem:
    if len(words) != 1 or not REG_NO.match(words[0]):
        return Problem("status_format")
    return SmsStatus(reg_no=words[0].upper())


def _parse_grievance(words: list[str], district_of, category_of) -> SmsGrievance | Problem:
    if not words:
        return Problem("no_district")
    for size in range(min(MAX_DISTRICT_WORDS, len(words)), 0, -1):
        district = district_of(" ".join(words[:size]))
        if district:
            rest = words[size:]
            break
    else:
        return Problem("unknown_district", quote=words[0][:30])
    category = category_of(rest[0]) if rest else None
    description = " ".join(rest[1:] if category else rest)
    if len(description) < MIN_DESCRIPTION:
        return Problem("too_short")
    return SmsGrievance(district=district, category=category, description=description)


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The X-Signature value the gateway sends: HMAC-SHA256 of `timestamp.body` under the shared secret."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify_signature(*, secret: str | None, timestamp: str | None, signature: str | None, body: bytes,
                     now: datetime) -> None:
    """Raise unless the request is the gateway's, signed now: 503 when no secret is set, else 401."""
    if not secret:
        raise AppError(503, "sms_webhook_disabled",
                       "Inbound SMS are switched off: no SMS_WEBHOOK_SECRET is configured.")
    if not timestamp or not signature:
        raise AppError(401, "signature_missing",
                       "Unsigned request: the X-Timestamp and X-Signature headers are required.")
    if not timestamp.isdigit():
        raise AppError(401, "bad_timestamp", "X-Timestamp must be a time in unix seconds.")
    if not hmac.compare_digest(sign(secret, timestamp, body), signature.strip().lower()):
        raise AppError(401, "bad_signature",
                       "X-Signature does not match: expected sha256=<hex HMAC-SHA256 of 'X-Timestamp.body'>.")
    if abs(now.timestamp() - int(timestamp)) > MAX_CLOCK_SKEW.total_seconds():
        raise AppError(401, "stale_request",
                       "X-Timestamp is more than 5 minutes away from our clock: a replayed request is refused.")


def receive_sms(session: Session, *, message_id: str, sender: str, text: str,
                received_at: datetime | None = None) -> dict:
    """Lodge, answer a status query or explain the format; a redelivered message gets the first answer.
    Returns {outcome, reg_no, reply}. Everything in the caller's transaction."""
    mobile = normalise_mobile(sender)
    if mobile is None:
        raise AppError.invalid("from", "must be an Indian mobile number")
    message, is_new = inbound.claim(session, channel=Channel.SMS, external_id=inbound.external_key(message_id),
                                    sender=mobile, received_at=received_at)
    if not is_new:
        return inbound.answer(session, message)
    language = inbound.language_of(text)
    request = parse_sms(text, district_of=partial(directory.find_district, session),
                        category_of=partial(inbound.known_category, session))
    if isinstance(request, SmsGrievance):
        _lodge(session, message, request, language)
    elif isinstance(request, SmsStatus):
        _reply_status(session, message, request, language)
    else:
        _explain(session, message, request, language)
    return inbound.answer(session, message)


def _reply_key(message) -> str:
    return f"inbound:sms:{inbound.digest(message.external_id)}:reply"


def _lodge(session: Session, message, request: SmsGrievance, language: str) -> None:
    grievance = inbound.lodge(session, channel=Channel.SMS, name=SMS_COMPLAINANT, mobile=message.sender,
                              district=request.district, category=request.category,
                              description=request.description, language=language)
    # The reply is the acknowledgement SMS lodging has queued; the record keeps its text.
    inbound.settle(message, outcome=Outcome.LODGED, grievance=grievance,
                   reply=render("grievance_lodged", language, reg_no=grievance.reg_no))


def _reply_status(session: Session, message, request: SmsStatus, language: str) -> None:
    grievance = find_by_reg_no(session, request.reg_no)
    if grievance is None:
        _explain(session, message, Problem("unknown_reg_no", reg_no=request.reg_no), language)
        return
    status = _status_text(session, grievance, language)
    queue_sms(session, to=message.sender, body=status, key=_reply_key(message))
    inbound.settle(message, outcome=Outcome.STATUS_REPLY, reply=status, grievance=grievance)


def _explain(session: Session, message, problem: Problem, language: str) -> None:
    help_text = f"{problem.text(language)} {render('intake_sms_help', language)}"
    queue_sms(session, to=message.sender, body=help_text, key=_reply_key(message))
    inbound.settle(message, outcome=Outcome.REJECTED, reply=help_text)


def _status_text(session: Session, grievance: Grievance, language: str) -> str:
    """The public status of a grievance, in sentences: no personal data."""
    status = public_status(session, grievance)
    sentences = [render("intake_sms_status", language, reg_no=status["reg_no"],
                        office=status["office_name"] or render("intake_cmo_cell", language))]
    sentences.append(_status_sentence(str(status["status"]), language))
    if status["sla_due_at"] and not status["closed_at"]:
        sentences.append(render("intake_sms_status_due", language,
                                due=status["sla_due_at"].astimezone(IST).strftime("%d %b %Y")))
    return " ".join(sentence for sentence in sentences if sentence)


def _status_sentence(status: str, language: str) -> str | None:
    try:
        return render(f"intake_status_{status}", language)
    except KeyError:  # a status added to the process later, before its sentence is written
        return None
