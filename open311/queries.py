"""Read side of Open311: discovery, services and their definitions, service requests and tokens.

Like analytics, this adapter reads the directory's and the case's tables directly: it shapes them for
outside systems and never writes them."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from case_api.models import CaseStatus, Grievance
from core.errors import AppError
from directory.models import Area, Department, Office
from directory.queries import find_category, list_categories
from escalation_rules.service import active_policy
from intake.models import InboundMessage
from open311 import present

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this endpoint's description last changed (the specification's `changeset`); bump it on any change.
CHANGESET = "2026-11-01T00:00:00+05:30"
CHANNEL = "open311"
MAX_REQUESTS = 1000


def discovery(*, public_url: str, mail: str) -> dict:
    return {
        "changeset": CHANGESET,
        "contact": f"Grievance cell, Chief Minister's Office, Government of West Bengal: {mail}",
        "key_service": f"API keys are issued to registered systems by the CM's Office administrators; write to {mail}",
        "endpoints": [{"specification": SPECIFICATION, "url": public_url.rstrip("/") + "/open311/v2",
                       "changeset": CHANGESET, "type": "production",
                       "formats": ["text/xml", "application/json"]}],
    }


def _departments(session: Session) -> dict[int, Department]:
    return {d.id: d for d in session.scalars(select(Department))}


def list_services(session: Session) -> list[dict]:
    """One service per grievance category, grouped by department."""
    departments, policy = _departments(session), active_policy(session)
    return [present.service(cat, departments.get(cat.department_id), policy) for cat in list_categories(session)]


def get_service_definition(session: Session, code: str) -> dict:
    category = find_category(session, code)
    if category is None:
        raise AppError(404, "service_not_found", f"service_code {code} is not a known service")
    districts = list(session.scalars(select(Area).where(Area.kind == "district").order_by(Area.name)))
    return present.definition(category, districts)


def list_requests(session: Session, *, viewer_id: int | None, service_request_id: list[str],
                  service_code: list[str], status: list[str], start_date: datetime | None,
                  end_date: datetime | None) -> list[dict]:
    """Requests newest first, at most MAX_REQUESTS. Registration numbers, when given, override every other filter;
    otherwise lodging times lie in [start_date, end_date] (the schema fills in the default 90-day window)."""
    stmt = select(Grievance)
    if service_request_id:
        stmt = stmt.where(Grievance.reg_no.in_(service_request_id))
    else:
        stmt = stmt.where(Grievance.lodged_at >= start_date, Grievance.lodged_at <= end_date)
        if service_code:
            stmt = stmt.where(Grievance.category_code.in_(service_code))
        if set(status) == {"closed"}:
            stmt = stmt.where(Grievance.status == CaseStatus.CLOSED)
        elif set(status) == {"open"}:
            stmt = stmt.where(Grievance.status != CaseStatus.CLOSED)
    rows = list(session.scalars(stmt.order_by(Grievance.lodged_at.desc(), Grievance.id.desc()).limit(MAX_REQUESTS)))
    return _present_all(session, rows, viewer_id)


def get_request(session: Session, reg_no: str, *, viewer_id: int | None) -> list[dict]:
    """A one-element list, as the specification answers requests/{id}."""
    grievance = session.scalar(select(Grievance).where(Grievance.reg_no == reg_no.upper()))
    if grievance is None:
        raise AppError(404, "request_not_found", f"service_request_id {reg_no} is not a known service request")
    return _present_all(session, [grievance], viewer_id)


def _present_all(session: Session, rows: list[Grievance], viewer_id: int | None) -> list[dict]:
    """Grievances as requests, the directory rows they name loaded once for the whole page."""
    categories = {c.code: c for c in list_categories(session)}
    departments, policy = _departments(session), active_policy(session)
    office_ids = {g.office_id for g in rows if g.office_id}
    offices = {o.id: o for o in session.scalars(select(Office).where(Office.id.in_(office_ids)))} if rows else {}
    standards = {(g.category_code, g.priority): present.service_standard(policy, categories[g.category_code],
                                                                        g.priority)
                 for g in rows if g.category_code in categories}
    media = _media_urls(session, [g.id for g in rows if viewer_id is not None and g.lodged_by_id == viewer_id])
    return [present.service_request(
        g, category=categories.get(g.category_code), department=departments.get(g.department_id),
        office=offices.get(g.office_id), standard=standards.get((g.category_code, g.priority), ""),
        full=viewer_id is not None and g.lodged_by_id == viewer_id, media_url=media.get(g.id)) for g in rows]


def media_url_of(session: Session, grievance_id: int) -> str | None:
    """The media_url a partner lodged this grievance with (a link to the partner's copy; we never fetch it)."""
    return _media_urls(session, [grievance_id]).get(grievance_id)


def _media_urls(session: Session, grievance_ids: list[int]) -> dict[int, str]:
    """The media_url each of these requests was lodged with (shown, like the description, to its client only)."""
    if not grievance_ids:
        return {}
    return dict(session.execute(select(InboundMessage.grievance_id, InboundMessage.media_url).where(
        InboundMessage.channel == CHANNEL, InboundMessage.grievance_id.in_(grievance_ids),
        InboundMessage.media_url.is_not(None))).all())


def lodging_notice(session: Session, grievance: Grievance) -> str:
    """The service notice a client gets back when it lodges `grievance`."""
    office = session.get(Office, grievance.office_id) if grievance.office_id else None
    category = find_category(session, grievance.category_code)
    standard = present.service_standard(active_policy(session), category, grievance.priority) if category else ""
    return present.lodging_notice(grievance, office, standard)


def get_token(session: Session, token: str) -> list[dict]:
    row = session.execute(select(InboundMessage.external_id, Grievance.reg_no)
                          .join(Grievance, Grievance.id == InboundMessage.grievance_id)
                          .where(InboundMessage.channel == CHANNEL, InboundMessage.external_id == token)).first()
    if row is None:
        raise AppError(404, "token_not_found", f"token {token} is not known")
    return [{"token": row.external_id, "service_request_id": row.reg_no}]
