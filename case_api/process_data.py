"""The data each process of a case starts with, built from the grievance row: lodging and appeals start their
processes with it, and replay rebuilds it for recorded cases."""
from __future__ import annotations

from sqlalchemy.orm import Session

from case_api.models import Grievance
from directory import queries as directory
from directory.models import Category, Office

GRIEVANCE_PROCESS = "grievance"
APPEAL_PROCESS = "appeal"


def grievance_start_data(session: Session, grievance: Grievance, *, category: Category | None = None) -> dict:
    """What the grievance process starts with. `category` is the one lodged (the row's own by default: a review
    may have changed the row's since)."""
    category = category or directory.find_category(session, grievance.category_code)
    return {"grievance_id": grievance.id, "reg_no": grievance.reg_no, "category": category.code,
            "category_department": directory.department_code(session, category.department_id),
            "category_priority": category.priority, "is_emergency": grievance.is_emergency,
            "district": grievance.district_code, "subdivision": grievance.subdivision_code,
            "channel": grievance.channel}


def appeal_start_data(session: Session, grievance: Grievance, *, rating: int, comment: str | None) -> dict:
    """What the appeal process starts with: the case as the grievance process left it, and the feedback."""
    office = session.get(Office, grievance.office_id) if grievance.office_id else None
    return {"grievance_id": grievance.id, "reg_no": grievance.reg_no, "category": grievance.category_code,
            "priority": grievance.priority, "district": grievance.district_code,
            "department": directory.department_code(session, grievance.department_id),
            "office": office.code if office else None, "rating": rating, "appeal_reason": comment or ""}
