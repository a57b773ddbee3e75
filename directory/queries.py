"""Read-side lookups of master data."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import AppError
from directory.models import Area, Category, Department, Office


def find_category(session: Session, code: str) -> Category | None:
    return session.scalar(select(Category).where(Category.code == code))


def find_department(session: Session, code: str) -> Department | None:
    return session.scalar(select(Department).where(Department.code == code))


def find_area(session: Session, code: str) -> Area | None:
    return session.scalar(select(Area).where(Area.code == code))


def get_office(session: Session, code: str) -> Office:
    office = session.scalar(select(Office).where(Office.code == code))
    if office is None:
        raise AppError.not_found("office", code)
    return office


def find_office_id(session: Session, code: str | None) -> int | None:
    if not code:
        return None
    return session.scalar(select(Office.id).where(Office.code == code))


def route_office(session: Session, *, department: str, district: str, subdivision: str | None) -> str | None:
    """The office of `department` nearest the complainant: the sub-division office, else the district
    office, else none (the CMO cell then routes by hand)."""
    dept_id = select(Department.id).where(Department.code == department).scalar_subquery()
    candidates = session.execute(
        select(Office.code, Office.subdivision_code)
        .where(Office.department_id == dept_id, Office.district_code == district)).all()
    by_sub = {sub: code for code, sub in candidates}
    if subdivision and subdivision in by_sub:
        return by_sub[subdivision]
    return by_sub.get(None)


def list_categories(session: Session) -> list[Category]:
    return list(session.scalars(select(Category).order_by(Category.code)))


def department_code(session: Session, department_id: int | None) -> str | None:
    if department_id is None:
        return None
    return session.scalar(select(Department.code).where(Department.id == department_id))
