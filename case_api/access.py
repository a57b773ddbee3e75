"""Who may see which grievance, and which personal data each role is shown."""
from __future__ import annotations

from sqlalchemy import Select, false

from accounts.models import Role
from case_api.models import Grievance
from core.errors import AppError

SEE_ALL = {Role.CMO_CELL, Role.AUDITOR, Role.ADMIN}
DEPARTMENT_ROLES = {Role.HEAD_OF_DEPARTMENT, Role.SECRETARY}


def scope(stmt: Select, actor) -> Select:
    """Restrict a grievance query to the cases `actor` may see (deny by default)."""
    role = actor.role
    if role in SEE_ALL:
        return stmt
    if role == Role.CITIZEN:
        return stmt.where(Grievance.citizen_id == actor.user_id)
    if role == Role.CALL_CENTRE_OPERATOR:
        return stmt.where(Grievance.lodged_by_id == actor.user_id)
    if role == Role.NODAL_OFFICER:
        return stmt.where(Grievance.office_id.in_(actor.office_ids) if actor.office_ids else false())
    if role in DEPARTMENT_ROLES:
        return stmt.where(Grievance.department_id == actor.department_id)
    return stmt.where(false())


def can_view(actor, grievance: Grievance) -> bool:
    role = actor.role
    return (role in SEE_ALL
            or (role == Role.CITIZEN and grievance.citizen_id == actor.user_id)
            or (role == Role.CALL_CENTRE_OPERATOR and grievance.lodged_by_id == actor.user_id)
            or (role == Role.NODAL_OFFICER and grievance.office_id in actor.office_ids)
            or (role in DEPARTMENT_ROLES and grievance.department_id == actor.department_id
                and actor.department_id is not None))


def ensure_can_view(actor, grievance: Grievance | None, reg_no: str) -> Grievance:
    # Same 404 for "absent" and "not yours", so registration numbers cannot be probed.
    if grievance is None or not can_view(actor, grievance):
        raise AppError.not_found("grievance", reg_no)
    return grievance


def sees_contact_details(actor, grievance: Grievance) -> bool:
    """Mobile, e-mail and address: the complainant, whoever lodged it for them, the office that must act,
    and the CMO cell that makes the verification call. Everyone else gets them masked."""
    role = actor.role
    return ((role == Role.CITIZEN and grievance.citizen_id == actor.user_id)
            or (role == Role.CALL_CENTRE_OPERATOR and grievance.lodged_by_id == actor.user_id)
            or (role == Role.NODAL_OFFICER and grievance.office_id in actor.office_ids)
            or role == Role.CMO_CELL)
