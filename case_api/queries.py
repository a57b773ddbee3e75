"""Read-side queries of grievances: lookup, search within the caller's scope, presentation with masking."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accounts.rules import mask_mobile, mask_text, normalise_mobile
from case_api import access
from case_api.models import CaseStatus, Grievance
from core import clock
from core.errors import AppError
from directory import queries as directory
from directory.models import Department
from escalation_rules.rules import sla_colour

IST = ZoneInfo("Asia/Kolkata")


def find_by_reg_no(session: Session, reg_no: str) -> Grievance | None:
    return session.scalar(select(Grievance).where(Grievance.reg_no == reg_no.upper()))


def get_visible(session: Session, actor, reg_no: str) -> Grievance:
    return access.ensure_can_view(actor, find_by_reg_no(session, reg_no), reg_no)


COUNT_CAP = 1000  # a search counts its matches up to this many (an exact count of a common name costs a scan)


def search(session: Session, actor, *, name: str | None = None, mobile: str | None = None,
           lodged_on: date | None = None, status: str | None = None, page: int = 1,
           page_size: int = 20) -> tuple[list[Grievance], int]:
    """Grievances the caller may see, filtered; newest first. `lodged_on` is a calendar day in IST. The total is
    counted up to COUNT_CAP + 1 (more than COUNT_CAP: narrow the search)."""
    stmt = access.scope(select(Grievance), actor)
    if name:
        stmt = stmt.where(func.lower(Grievance.complainant_name).contains(name.lower(), autoescape=True))
    if mobile:
        normalised = normalise_mobile(mobile)
        if not normalised:
            raise AppError.invalid("mobile", "must be a 10-digit Indian mobile number")
        stmt = stmt.where(Grievance.mobile == normalised)
    if lodged_on:
        start = datetime.combine(lodged_on, time.min, IST)
        stmt = stmt.where(Grievance.lodged_at >= start, Grievance.lodged_at < start + timedelta(days=1))
    if status:
        stmt = stmt.where(Grievance.status == status)
    total = session.scalar(select(func.count()).select_from(stmt.with_only_columns(Grievance.id)
                                                            .limit(COUNT_CAP + 1).subquery()))
    rows = session.scalars(stmt.order_by(Grievance.lodged_at.desc(), Grievance.id.desc())
                           .limit(page_size).offset((page - 1) * page_size))
    return list(rows), total


def list_recent(session: Session, *, limit: int, since: datetime | None = None, until: datetime | None = None,
                department: str | None = None, appealed: bool = False) -> list[Grievance]:
    """The `limit` latest grievances lodged in [since, until), open and closed, newest first; of one department
    (its code) and, with `appealed`, only those that went to appeal. For replaying a changed process model."""
    stmt = select(Grievance)
    if since:
        stmt = stmt.where(Grievance.lodged_at >= since)
    if until:
        stmt = stmt.where(Grievance.lodged_at < until)
    if department:
        stmt = stmt.join(Department, Department.id == Grievance.department_id).where(Department.code == department)
    if appealed:
        stmt = stmt.where(Grievance.appeal_count > 0)
    return list(session.scalars(stmt.order_by(Grievance.lodged_at.desc(), Grievance.id.desc()).limit(limit)))


def _codes(session: Session, grievance: Grievance) -> tuple[str | None, str | None, str | None]:
    dept = directory.department_by_id(session, grievance.department_id)
    office = directory.office_by_id(session, grievance.office_id)
    return (dept.code if dept else None, office.code if office else None, office.name if office else None)


def _reg_no_of(session: Session, grievance_id: int | None) -> str | None:
    return session.scalar(select(Grievance.reg_no).where(Grievance.id == grievance_id)) if grievance_id else None


def present(session: Session, actor, grievance: Grievance) -> dict:
    """A grievance as `actor` may see it: contact details masked unless their role needs them."""
    department, office, office_name = _codes(session, grievance)
    full = access.sees_contact_details(actor, grievance)
    return {
        "reg_no": grievance.reg_no, "status": grievance.status, "channel": grievance.channel,
        "complainant_name": grievance.complainant_name,
        "mobile": grievance.mobile if full else mask_mobile(grievance.mobile),
        "email": grievance.email if full else mask_text(grievance.email),
        "address": grievance.address if full else mask_text(grievance.address),
        "district": grievance.district_code, "subdivision": grievance.subdivision_code, "block": grievance.block_code,
        "category": grievance.category_code, "description": grievance.description,
        "is_emergency": grievance.is_emergency, "language": grievance.language, "priority": grievance.priority,
        "department": department, "office": office, "office_name": office_name,
        "sla_due_at": grievance.sla_due_at, "remind_at": grievance.remind_at, "sla": case_colour(grievance),
        "is_escalated": grievance.is_escalated, "escalation_level": grievance.escalation_level,
        "send_back_count": grievance.send_back_count, "lodged_at": grievance.lodged_at,
        "duplicate_of": _reg_no_of(session, grievance.duplicate_of_id),
        "updated_at": grievance.updated_at, "closed_at": grievance.closed_at,
        "feedback_rating": grievance.feedback_rating, "is_satisfied": grievance.is_satisfied,
        "appeal_count": grievance.appeal_count,
    }


def case_colour(grievance: Grievance) -> str | None:
    """Dashboard colour of an open case: green on time, amber past its reminder point, red overdue or escalated."""
    if grievance.status == CaseStatus.CLOSED or grievance.sla_due_at is None:
        return None
    return sla_colour(clock.now(), grievance.remind_at, grievance.sla_due_at, bool(grievance.is_escalated))


def public_status(session: Session, grievance: Grievance) -> dict:
    """What anyone holding the registration number may know: no personal data."""
    department, _office, office_name = _codes(session, grievance)
    return {"reg_no": grievance.reg_no, "status": grievance.status, "lodged_at": grievance.lodged_at,
            "department": department, "office_name": office_name, "sla_due_at": grievance.sla_due_at,
            "updated_at": grievance.updated_at, "closed_at": grievance.closed_at}
