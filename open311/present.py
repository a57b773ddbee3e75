"""How our categories, districts and grievances look as Open311 services, attributes and service requests."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from case_api.models import CaseStatus, Grievance
from directory.models import Area, Category, Department, Office
from escalation_rules.rules import Policy, Span

IST = ZoneInfo("Asia/Kolkata")
CMO_CELL = "Chief Minister's Office, grievance cell"


def iso(at: datetime | None) -> str | None:
    """ISO 8601 with India's offset, the time the complainant and the offices live in."""
    return at.astimezone(IST).isoformat(timespec="seconds") if at else None


def _ist(at: datetime | None) -> str:
    return at.astimezone(IST).strftime("%Y-%m-%d %H:%M IST") if at else "not yet set"


def _span_text(span: Span) -> str:
    parts = []
    if span.working_days:
        parts.append(f"{span.working_days} working day{'s' if span.working_days != 1 else ''}")
    minutes = round(span.hours * 60)
    if minutes % 60:
        parts.append(f"{minutes} minutes")
    elif minutes:
        parts.append(f"{minutes // 60} hour{'s' if minutes != 60 else ''}")
    return " and ".join(parts) or "at once"


def service_standard(policy: Policy, category: Category, priority: str | None = None) -> str:
    """The published service level of a category (the SLA policy in force), or of one grievance of it at
    `priority` (an emergency is answered sooner)."""
    priority = priority or category.priority
    try:
        deadline = policy.level(priority, category.code).deadline
    except ValueError:
        return "The office responsible sends an Action Taken Report, which the CM's Office verifies."
    sooner = "" if priority == "emergency" else " (sooner for an emergency)"
    return (f"The office responsible sends an Action Taken Report within {_span_text(deadline)}{sooner}; "
            f"the CM's Office verifies it with the complainant before closing.")


def service(category: Category, department: Department | None, policy: Policy) -> dict:
    return {"service_code": category.code, "service_name": category.name,
            "description": f"{category.name}. {service_standard(policy, category)}",
            "metadata": True, "type": "realtime",
            "keywords": ", ".join(filter(None, [department.code.lower() if department else None, category.priority,
                                                category.name_bn])),
            "group": department.name if department else CMO_CELL}


def definition(category: Category, districts: list[Area]) -> dict:
    """The questions every grievance answers: where (district, sub-division, block) and whether it is an
    emergency."""
    return {"service_code": category.code, "attributes": [
        {"variable": True, "code": "district", "datatype": "singlevaluelist", "required": True,
         "datatype_description": "The district code, one of the values listed", "order": 1,
         "description": "District where the grievance arose", "values": [
             {"key": area.code, "name": area.name} for area in districts]},
        {"variable": True, "code": "subdivision", "datatype": "string", "required": False,
         "datatype_description": "A sub-division code of the chosen district, e.g. PUR-SDR for Purulia Sadar",
         "order": 2, "description": "Sub-division where the grievance arose, if known", "values": []},
        {"variable": True, "code": "block", "datatype": "string", "required": False,
         "datatype_description": "A community development block code of the chosen district (GET /api/v1/blocks),"
                                 " e.g. PUR-03 for Purulia-I", "order": 3,
         "description": "Block where the grievance arose, if rural and known", "values": []},
        {"variable": True, "code": "is_emergency", "datatype": "singlevaluelist", "required": False,
         "datatype_description": "true or false; false when left out", "order": 4,
         "description": "Is a life, health or safety at risk now?", "values": [
             {"key": "true", "name": "Yes, an emergency"}, {"key": "false", "name": "No"}]},
    ]}


def agency(department: Department | None, office: Office | None) -> str:
    if office is None:
        return f"{department.name} (via the {CMO_CELL})" if department else CMO_CELL
    if department is None or office.name.startswith(department.name):
        return office.name
    return f"{department.name}, {office.name}"


def status_notes(grievance: Grievance, office: Office | None) -> str:
    """Our detailed status in a sentence; Open311's own status is only open or closed."""
    where, due = office.name if office else "the office responsible", _ist(grievance.sla_due_at)
    notes = {
        CaseStatus.LODGED: f"lodged; the {CMO_CELL} is routing it",
        CaseStatus.UNDER_REVIEW: f"under review by the {CMO_CELL}",
        CaseStatus.FORWARDED: f"forwarded to {where}; Action Taken Report due {due}",
        CaseStatus.AWAITING_CLARIFICATION: "awaiting clarification from the complainant; the deadline is paused",
        CaseStatus.ATR_SUBMITTED: f"Action Taken Report received from {where}; the CM's Office is verifying it",
        CaseStatus.SENT_BACK: f"Action Taken Report sent back to {where}; a new report is due {due}",
        CaseStatus.CLOSED: f"closed {_ist(grievance.closed_at or grievance.updated_at)}",
        CaseStatus.UNDER_APPEAL: "under_appeal: the complainant appealed against the closure",
    }
    text = notes.get(grievance.status, grievance.status.replace("_", " "))
    if grievance.is_escalated and grievance.status != CaseStatus.CLOSED and grievance.escalation_level:
        text += f"; escalated to the {grievance.escalation_level.replace('_', ' ')}"
    return text


def lodging_notice(grievance: Grievance, office: Office | None, standard: str) -> str:
    """What a client tells the complainant right after lodging."""
    if grievance.sla_due_at is None:
        return f"Lodged as {grievance.reg_no}. {standard}"
    return (f"Lodged as {grievance.reg_no} and forwarded to {office.name if office else 'the office responsible'}; "
            f"Action Taken Report due by {_ist(grievance.sla_due_at)}.")


def service_request(grievance: Grievance, *, category: Category | None, department: Department | None,
                    office: Office | None, standard: str, full: bool, media_url: str | None = None) -> dict:
    """One grievance as an Open311 request. `full` (the client that lodged it) adds what it said and where;
    names, mobile numbers and e-mail addresses are never shown."""
    closed = grievance.status == CaseStatus.CLOSED
    return {
        "service_request_id": grievance.reg_no, "status": "closed" if closed else "open",
        "status_notes": status_notes(grievance, office),
        "service_name": category.name if category else grievance.category_code,
        "service_code": grievance.category_code,
        "description": grievance.description if full else None,
        "agency_responsible": agency(department, office), "service_notice": standard,
        "requested_datetime": iso(grievance.lodged_at),
        "updated_datetime": iso(grievance.closed_at if closed and grievance.closed_at else grievance.updated_at),
        "expected_datetime": iso(grievance.sla_due_at),
        "address": grievance.address if full else None, "address_id": None, "zipcode": None,
        "lat": grievance.latitude if full else None, "long": grievance.longitude if full else None,
        "media_url": media_url if full else None,
    }
