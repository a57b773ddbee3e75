"""Read-side lookups of accounts: who serves an office or heads a department (for notifications)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.models import Role, User, UserOffice


def officers_of_office(session: Session, office_id: int | None) -> list[User]:
    if office_id is None:
        return []
    return list(session.scalars(select(User).join(UserOffice, UserOffice.user_id == User.id).where(
        UserOffice.office_id == office_id, User.role == Role.NODAL_OFFICER, User.is_active.is_(True))
        .order_by(User.id)))


def department_officers(session: Session, department_id: int | None, role: Role) -> list[User]:
    """Active users with `role` posted to the department (heads of department, secretaries)."""
    if department_id is None:
        return []
    return list(session.scalars(select(User).where(
        User.department_id == department_id, User.role == role, User.is_active.is_(True)).order_by(User.id)))


def heads_of_department(session: Session, department_id: int | None) -> list[User]:
    return department_officers(session, department_id, Role.HEAD_OF_DEPARTMENT)
