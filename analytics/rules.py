"""Pure rules of the dashboard: who sees which department, SLA compliance, and when a cell turns red or amber."""
from __future__ import annotations

from accounts.models import Role
from core.errors import AppError

# A cell turns red when more than this many pending grievances are past their deadline.
OVERDUE_ALERT_ABOVE = 0
# A cell turns amber when SLA compliance (per cent) falls below this target.
COMPLIANCE_TARGET_PCT = 80

DEPARTMENT_ROLES = {Role.HEAD_OF_DEPARTMENT, Role.SECRETARY}


def department_in_view(actor, requested_id: int | None) -> int | None:
    """The department whose figures `actor` sees: the CMO cell any (None: all of them), a head of department
    or secretary only their own, whatever they ask for."""
    if actor.role == Role.CMO_CELL:
        return requested_id
    if actor.role in DEPARTMENT_ROLES and actor.department_id is not None:
        if requested_id not in (None, actor.department_id):
            raise AppError.forbidden("You see the figures of your own department only.")
        return actor.department_id
    raise AppError.forbidden("The dashboard is for heads of department, secretaries and the CMO cell.")


def area_in_view(actor, requested_id: int | None, requested_district: str | None) -> tuple[int | None, str | None]:
    """(department, district) whose figures `actor` sees: a district collector any department, within their own
    district only; everyone else as `department_in_view`, in any district they ask for."""
    if actor.role != Role.DISTRICT_COLLECTOR:
        return department_in_view(actor, requested_id), requested_district
    if not actor.district_code:
        raise AppError.forbidden("Your account has no district; an administrator must post you to one.")
    if requested_district not in (None, actor.district_code):
        raise AppError.forbidden("You see the figures of your own district only.")
    return requested_id, actor.district_code


def office_in_view(actor, office) -> int:
    """The department of `office` if `actor` may see its figures (403 otherwise): an office is seen by whoever
    sees its department (a district collector: its district)."""
    if area_in_view(actor, office.department_id, office.district_code)[0] != office.department_id:
        raise AppError.forbidden("You see the figures of your own department only.")
    return office.department_id


def may_pick_district(actor) -> bool:
    return actor.role != Role.DISTRICT_COLLECTOR


def may_pick_department(actor) -> bool:
    return actor.role in (Role.CMO_CELL, Role.DISTRICT_COLLECTOR)


def compliance_pct(met: int, judged: int) -> float | None:
    """Share of judged cases that met their deadline, in per cent to one decimal; None when none is judged yet."""
    return round(100 * met / judged, 1) if judged else None


def is_overdue_alert(overdue: int) -> bool:
    return overdue > OVERDUE_ALERT_ABOVE


def is_compliance_alert(compliance: float | None) -> bool:
    return compliance is not None and compliance < COMPLIANCE_TARGET_PCT
