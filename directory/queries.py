"""Read-side lookups of master data. The lookups a lodging or a task makes on the way (by code or id) are cached
per process: master data changes only when the seed file is loaded again, which this process sees at once (a flush
of any master-data row clears the cache) and other processes within a minute."""
from __future__ import annotations

from sqlalchemy import event, func, or_, select
from sqlalchemy.orm import Session

from core.cache import MasterData
from core.errors import AppError
from directory.models import Area, Category, Department, Office

_cached = MasterData("directory", ttl=60.0)
_MASTER_DATA = (Area, Category, Department, Office)


@event.listens_for(Session, "before_flush")
def _changed(session: Session, _context, _instances) -> None:
    if any(isinstance(obj, _MASTER_DATA) for obj in (*session.new, *session.dirty, *session.deleted)):
        _cached.forget_all(session)


def find_category(session: Session, code: str) -> Category | None:
    return _cached.get(session, ("category", code),
                       lambda: session.scalar(select(Category).where(Category.code == code)))


def find_department(session: Session, code: str) -> Department | None:
    return _cached.get(session, ("department", code),
                       lambda: session.scalar(select(Department).where(Department.code == code)))


def find_area(session: Session, code: str) -> Area | None:
    return _cached.get(session, ("area", code), lambda: session.scalar(select(Area).where(Area.code == code)))


def department_by_id(session: Session, department_id: int | None) -> Department | None:
    if department_id is None:
        return None
    return _cached.get(session, ("department_id", department_id), lambda: session.get(Department, department_id))


def office_by_id(session: Session, office_id: int | None) -> Office | None:
    if office_id is None:
        return None
    return _cached.get(session, ("office_id", office_id), lambda: session.get(Office, office_id))


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
    return _cached.get(session, ("office_code", code),
                       lambda: session.scalar(select(Office.id).where(Office.code == code)))


def route_office(session: Session, *, department: str, district: str, subdivision: str | None) -> str | None:
    """The office of `department` nearest the complainant: the sub-division office, else the district
    office (<DEPT>-<DISTRICT>: where a district has several, as the police's commissionerates, the main one),
    else none (the CMO cell then routes by hand)."""
    dept_id = select(Department.id).where(Department.code == department).scalar_subquery()
    candidates = _cached.get(session, ("route", department, district), lambda: tuple(session.execute(
        select(Office.code, Office.subdivision_code)
        .where(Office.department_id == dept_id, Office.district_code == district)).all()))
    by_sub = {sub: code for code, sub in candidates if sub}
    if subdivision and subdivision in by_sub:
        return by_sub[subdivision]
    district_level = [code for code, sub in candidates if not sub]
    main = f"{department}-{district}"
    return main if main in district_level else (district_level[0] if district_level else None)


def list_departments(session: Session) -> list[Department]:
    return list(session.scalars(select(Department).order_by(Department.name)))


def list_districts(session: Session) -> list[Area]:
    return list(session.scalars(select(Area).where(Area.kind == "district").order_by(Area.name)))


def list_subdivisions(session: Session, district: str | None = None) -> list[Area]:
    query = select(Area).where(Area.kind == "subdivision").order_by(Area.district_code, Area.name)
    return list(session.scalars(query.where(Area.district_code == district) if district else query))


def list_blocks(session: Session, *, district: str | None = None, subdivision: str | None = None) -> list[Area]:
    """The community development blocks, of one district or sub-division if given, by sub-division and name."""
    query = select(Area).where(Area.kind == "block").order_by(Area.district_code, Area.subdivision_code, Area.name)
    if district:
        query = query.where(Area.district_code == district)
    if subdivision:
        query = query.where(Area.subdivision_code == subdivision)
    return list(session.scalars(query))


def list_categories(session: Session) -> list[Category]:
    return list(session.scalars(select(Category).order_by(Category.code)))


def department_code(session: Session, department_id: int | None) -> str | None:
    department = department_by_id(session, department_id)
    return department.code if department else None
