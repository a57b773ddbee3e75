"""Read-side lookups of master data."""
from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from core.errors import AppError
from directory.models import Area, Category, Department, Office


def find_category(session: Session, code: str) -> Category | None:
    return session.scalar(select(Category).where(Category.code == code))


def find_department(session: Session, code: str) -> Department | None:
    return session.scalar(select(Department).where(Department.code == code))


def find_area(session: Session, code: str) -> Area | None:
    return session.scalar(select(Area).where(Area.code == code))


def find_district(session: Session, text: str) -> str | None:
    """The code of the district `text` names: its code (PUR) or its name in English or Bengali, any case."""
    text = " ".join(text.split())
    if not text:
        return None
    area = find_area(session, text.upper())
    if area is not None and area.kind == "district":
        return area.code
    return session.scalar(select(Area.code).where(
        Area.kind == "district", or_(func.lower(Area.name) == text.lower(), Area.name_bn == text)))


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


def list_departments(session: Session) -> list[Department]:
    return list(session.scalars(select(Department).order_by(Department.name)))


def list_districts(session: Session) -> list[Area]:
    return list(session.scalars(select(Area).where(Area.kind == "district").order_by(Area.name)))


def list_categories(session: Session) -> list[Category]:
    return list(session.scalars(select(Category).order_by(Category.code)))


def department_code(session: Session, department_id: int | None) -> str | None:
    if department_id is None:
        return None
    return session.scalar(select(Department.code).where(Department.id == department_id))
