"""Read side of testimonials: the public list (no personal data), the lists for reviewers, their files."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accounts.models import Role, User
from attachments.models import Attachment
from case_api.models import Grievance
from core.errors import AppError
from directory import queries as directory
from testimonials.models import Testimonial, TestimonialStatus
from testimonials.service import PHOTO_TYPES


def _names(session: Session) -> tuple[dict, dict]:
    """Department ids and district codes to their English and Bengali names (small master data)."""
    departments = {d.id: {"en": d.name, "bn": d.name_bn} for d in directory.list_departments(session)}
    districts = {a.code: {"en": a.name, "bn": a.name_bn} for a in directory.list_districts(session)}
    return departments, districts


def list_published(session: Session, *, limit: int = 20, offset: int = 0) -> dict:
    """Approved testimonials, newest approval first: the words, the department, the district by name, the month of
    redressal, and whether a photo may be shown. Nothing that names or locates the citizen."""
    stmt = select(Testimonial, Attachment.content_type).outerjoin(
        Attachment, Attachment.id == Testimonial.attachment_id).where(
        Testimonial.status == TestimonialStatus.APPROVED)
    total = session.scalar(select(func.count()).select_from(
        select(Testimonial.id).where(Testimonial.status == TestimonialStatus.APPROVED).subquery()))
    departments, districts = _names(session)
    items = []
    for testimonial, content_type in session.execute(
            stmt.order_by(Testimonial.decided_at.desc(), Testimonial.id.desc()).limit(limit).offset(offset)):
        items.append({
            "id": testimonial.id, "quote": testimonial.quote,
            "department": departments.get(testimonial.department_id, {"en": "", "bn": ""}),
            "district": districts.get(testimonial.district_code, {"en": "", "bn": ""}),
            "redressed_month": testimonial.redressed_at.strftime("%Y-%m"),
            "has_photo": testimonial.consent_covers_photo and content_type in PHOTO_TYPES})
    return {"items": items, "total": total}


def _reviewable(stmt, actor):
    if actor.role == Role.CMO_CELL:
        return stmt
    if actor.role == Role.NODAL_OFFICER and actor.office_ids:
        return stmt.where(Grievance.office_id.in_(actor.office_ids))
    raise AppError.forbidden("Testimonials are reviewed by the CMO cell and the office that redressed the case.")


def list_for_review(session: Session, actor, *, status: str = TestimonialStatus.PENDING,
                    testimonial_id: int | None = None) -> list[dict]:
    """Testimonials with their case and consent, for the CMO cell (all) or the acting office (its own cases)."""
    recorder = User.__table__.alias("recorder")
    stmt = _reviewable(select(Testimonial, Grievance.reg_no, recorder.c.full_name, Attachment)
                       .join(Grievance, Grievance.id == Testimonial.grievance_id)
                       .join(recorder, recorder.c.id == Testimonial.consent_recorded_by_id)
                       .outerjoin(Attachment, Attachment.id == Testimonial.attachment_id), actor)
    if status != "all":
        stmt = stmt.where(Testimonial.status == status)
    if testimonial_id is not None:
        stmt = stmt.where(Testimonial.id == testimonial_id)
    return [{"id": t.id, "reg_no": reg_no, "status": t.status, "quote": t.quote, "consent_method": t.consent_method,
             "consent_at": t.consent_at, "consent_recorded_by": recorder_name,
             "consent_covers_photo": t.consent_covers_photo, "created_at": t.created_at,
             "decided_at": t.decided_at, "decision_note": t.decision_note,
             "file": {"id": file.public_id, "name": file.filename, "content_type": file.content_type} if file else None}
            for t, reg_no, recorder_name, file in session.execute(stmt.order_by(Testimonial.created_at.desc(),
                                                                                Testimonial.id.desc()).limit(200))]


def public_photo(session: Session, testimonial_id: int) -> Attachment:
    """The photo of a published testimonial whose consent covers publishing it; 404 for anything else."""
    row = session.execute(select(Testimonial, Attachment).join(Attachment, Attachment.id == Testimonial.attachment_id)
                          .where(Testimonial.id == testimonial_id)).first()
    if (row is None or row[0].status != TestimonialStatus.APPROVED or not row[0].consent_covers_photo
            or row[1].content_type not in PHOTO_TYPES):
        raise AppError.not_found("photo", testimonial_id)
    return row[1]


def reviewer_file(session: Session, actor, testimonial_id: int) -> Attachment:
    """A testimonial's file for those who review it (the CMO cell, the acting office)."""
    stmt = _reviewable(select(Attachment).join(Testimonial, Testimonial.attachment_id == Attachment.id)
                       .join(Grievance, Grievance.id == Testimonial.grievance_id)
                       .where(Testimonial.id == testimonial_id), actor)
    found = session.scalar(stmt)
    if found is None:
        raise AppError.not_found("testimonial file", testimonial_id)
    return found
