"""Who may see which grievance, and which personal data each role is shown."""
from __future__ import annotations

from sqlalchemy import Select, false

from accounts.models import Role
from case_api.models import Grievance
from core.errors import AppError

SEE_ALL = {Role.CMO_CELL, Role.AUDITOR, Role.ADMIN}
DEPARTMENT_ROLES = {Role.HEAD_OF_DEPARTMENT, Role.SECRETARY}
# Those who lodge for citizens see what they lodged, with contact details, and nothing else.
LODGING_ROLES = {Role.CALL_CENTRE_OPERATOR, Role.SERVICE_CENTRE_OPERATOR, Role.INTEGRATION}


def scope(stmt: Select, actor) -> Select:
    """Restrict a grievance query to the cases `actor` may see (deny by default)."""
    role = actor.role
    if role in SEE_ALL:
        return stmt
    if role == Role.CITIZEN:
        # A citizen proved their mobile by OTP: every case lodged with it is theirs, whichever channel took it.
        return stmt.where(Grievance.mobile == actor.mobile) if actor.mobile else stmt.where(false())
    if role in LODGING_ROLES:
        return stmt.where(Grievance.lodged_by_id == actor.user_id)
    if role == Role.NODAL_OFFICER:
        return stmt.where(Grievance.office_id.in_(actor.office_ids) if actor.office_ids else false())
    if role in DEPARTMENT_ROLES:
        return stmt.where(Grievance.department_id == actor.department_id)
    if role == Role.DISTRICT_COLLECTOR:
        return stmt.where(Grievance.district_code == actor.district_code if actor.district_code else false())
    return stmt.where(false())


def is_complainant(actor, grievance: Grievance) -> bool:
    return actor.role == Role.CITIZEN and actor.mobile is not None and grievance.mobile == actor.mobile


def _lodged_or_acts(actor, grievance: Grievance) -> bool:
    return (is_complainant(actor, grievance)
            or (actor.role in LODGING_ROLES and grievance.lodged_by_id == actor.user_id)
            or (actor.role == Role.NODAL_OFFICER and grievance.office_id in actor.office_ids))


def can_view(actor, grievance: Grievance) -> bool:
    role = actor.role
    return (role in SEE_ALL or _lodged_or_acts(actor, grievance)
            or (role in DEPARTMENT_ROLES and grievance.department_id == actor.department_id
                and actor.department_id is not None)
            or (role == Role.DISTRICT_COLLECTOR and grievance.district_code == actor.district_code
                and actor.district_code is not None))


def ensure_can_view(actor, grievance: Grievance | None, reg_no: str) -> Grievance:
    # Same 404 for "absent" and "not yours", so registration numbers cannot be probed.
    if grievance is None or not can_view(actor, grievance):
        raise AppError.not_found("grievance", reg_no)
    return grievance


def sees_contact_details(actor, grievance: Grievance) -> bool:
    """Mobile, e-mail and address: the complainant, whoever lodged it for them, the office that must act,
    and the CMO cell that makes the verification call. Everyone else gets them masked."""
    return actor.role == Role.CMO_CELL or _lodged_or_acts(actor, grievance)
