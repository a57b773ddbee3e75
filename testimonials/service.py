"""Use cases of testimonials: the acting office records one on a redressed case (with the citizen's consent), the
CMO cell approves or rejects it. Each step is written into the case's history in the same transaction."""
from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.models import Role
from attachments import service as attachments
from case_api.history import append_event
from case_api.models import CaseStatus, Grievance
from case_api.queries import get_visible
from core import clock
from core.errors import AppError
from testimonials.models import ConsentMethod, Testimonial, TestimonialStatus

logger = logging.getLogger(__name__)

PHOTO_TYPES = {"image/jpeg", "image/png"}


def _acting_office(actor, grievance: Grievance) -> None:
    if actor.role != Role.NODAL_OFFICER or grievance.office_id not in actor.office_ids:
        raise AppError.forbidden("Only an officer of the office that redressed the grievance records a testimonial.")


def _check_consent(grievance: Grievance, *, consent_at: datetime, now: datetime) -> None:
    if consent_at > now:
        raise AppError.invalid("consent_at", "cannot be in the future")
    if consent_at < grievance.lodged_at:
        raise AppError.invalid("consent_at", "cannot be before the grievance was lodged")


def _check_open_slot(session: Session, grievance: Grievance) -> None:
    taken = session.scalar(select(Testimonial.id).where(
        Testimonial.grievance_id == grievance.id,
        Testimonial.status.in_([TestimonialStatus.PENDING, TestimonialStatus.APPROVED])).limit(1))
    if taken:
        raise AppError.conflict("testimonial_exists",
                                f"Grievance {grievance.reg_no} already has a testimonial waiting or published.")


def record_testimonial(session: Session, *, actor, reg_no: str, quote: str, consent_method: str,
                       consent_at: datetime | None = None, consent_covers_photo: bool = False,
                       attachment: str | None = None) -> Testimonial:
    """The citizen's words on a closed case of the actor's office, with who recorded the consent, how and when.
    `attachment` is the id of the officer's own upload (a photo or document), checked by the attachment rules."""
    grievance = get_visible(session, actor, reg_no)
    _acting_office(actor, grievance)
    if grievance.status != CaseStatus.CLOSED or grievance.closed_at is None:
        raise AppError.conflict("not_redressed", f"Grievance {reg_no} is not closed as redressed yet.")
    if consent_method not in set(ConsentMethod):
        raise AppError.invalid("consent_method", f"must be one of {', '.join(ConsentMethod)}")
    now = clock.now()
    consent_at = consent_at or now
    _check_consent(grievance, consent_at=consent_at, now=now)
    _check_open_slot(session, grievance)
    files = attachments.link(session, actor=actor, public_ids=[attachment] if attachment else [],
                             grievance_id=grievance.id)
    file = files[0] if files else None
    testimonial = Testimonial(
        grievance_id=grievance.id, status=TestimonialStatus.PENDING, quote=quote.strip(),
        department_id=grievance.department_id, district_code=grievance.district_code,
        redressed_at=grievance.closed_at, attachment_id=file.id if file else None, consent_method=consent_method,
        consent_at=consent_at, consent_recorded_by_id=actor.user_id,
        consent_covers_photo=bool(consent_covers_photo and file and file.content_type in PHOTO_TYPES),
        created_at=now)
    session.add(testimonial)
    session.flush()
    append_event(session, grievance_id=grievance.id, event_type="testimonial_recorded", at=now, actor=actor,
                 data={"testimonial": testimonial.id, "consent_method": consent_method,
                       "consent_at": consent_at.isoformat(), "file": file.sha256 if file else None,
                       "photo_may_be_published": testimonial.consent_covers_photo})
    logger.info("testimonial %s recorded on %s", testimonial.id, reg_no)
    return testimonial


def decide_testimonial(session: Session, *, actor, testimonial_id: int, approve: bool,
                       note: str | None = None) -> Testimonial:
    """The CMO cell publishes (approve) or turns down a waiting testimonial; a refusal says why."""
    if actor.role != Role.CMO_CELL:
        raise AppError.forbidden("Only the CMO cell approves testimonials.")
    testimonial = session.get(Testimonial, testimonial_id)
    if testimonial is None:
        raise AppError.not_found("testimonial", testimonial_id)
    if testimonial.status != TestimonialStatus.PENDING:
        raise AppError.conflict("testimonial_decided", f"Testimonial {testimonial_id} is already {testimonial.status}.")
    if not approve and not (note or "").strip():
        raise AppError.invalid("note", "say why the testimonial is not published")
    now = clock.now()
    testimonial.status = TestimonialStatus.APPROVED if approve else TestimonialStatus.REJECTED
    testimonial.decided_by_id, testimonial.decided_at = actor.user_id, now
    testimonial.decision_note = (note or "").strip() or None
    append_event(session, grievance_id=testimonial.grievance_id, at=now, actor=actor,
                 event_type="testimonial_approved" if approve else "testimonial_rejected",
                 data={"testimonial": testimonial.id, "note": testimonial.decision_note})
    session.flush()
    return testimonial
