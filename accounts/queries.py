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


def heads_of_department(session: Session, department_id: int | None) -> list[User]:
    if department_id is None:
        return []
    return list(session.scalars(select(User).where(
        User.department_id == department_id, User.role == Role.HEAD_OF_DEPARTMENT, User.is_active.is_(True))
        .order_by(User.id)))
