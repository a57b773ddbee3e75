"""Use cases of administration. Each change is checked, made and recorded in `admin_change` in one transaction;
cases and their history are never touched (an office's or category's new values apply to cases routed later)."""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts import security_keys
from accounts import service as accounts
from accounts.models import ApiToken, Role, TotpAuthenticator, User, UserOffice
from administration.models import AdminChange
from core import clock
from core.errors import AppError
from directory.models import Area, Category, Department, Office
from escalation_rules.service import current_version, save_policy
from worklists.models import ItemStatus, WorkItem
from worklists.service import record

# Accounts an administrator makes: staff, never citizens (who sign in with their mobile).
STAFF_ROLES = tuple(r for r in Role if r != Role.CITIZEN)
OFFICE_ROLES = {Role.NODAL_OFFICER}
DEPARTMENT_ROLES = {Role.HEAD_OF_DEPARTMENT, Role.SECRETARY}
DISTRICT_ROLES = {Role.DISTRICT_COLLECTOR}
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,79}$")
MIN_PASSWORD = 10


def _record(session: Session, actor, *, subject: str, key: str, action: str, before=None, after=None) -> None:
    session.add(AdminChange(at=clock.now(), actor_id=actor.user_id, actor_name=actor.name, subject=subject,
                            subject_key=key, action=action, before=before, after=after))


def list_changes(session: Session, *, limit: int = 50) -> list[AdminChange]:
    return list(session.scalars(select(AdminChange).order_by(AdminChange.id.desc()).limit(limit)))


# --- users --------------------------------------------------------------------------------------------------
def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD or password.isalpha() or password.isdigit():
        raise AppError.invalid("password", f"must be at least {MIN_PASSWORD} characters, not only letters or "
                                           "only digits")


def _user(session: Session, username: str) -> User:
    user = accounts.find_user(session, username)
    if user is None or user.role == Role.CITIZEN:
        raise AppError.not_found("user", username)
    return user


def _posting(session: Session, role: Role, department_code: str, office_codes: list[str], district_code: str = ""):
    """(department id, office ids, district code) a role needs: offices for a nodal officer, a department for its
    heads, a district for its collector (and no district for anyone else)."""
    department = None
    if department_code:
        department = session.scalar(select(Department).where(Department.code == department_code))
        if department is None:
            raise AppError.invalid("department", f"unknown department {department_code!r}")
    offices = list(session.scalars(select(Office).where(Office.code.in_(office_codes)))) if office_codes else []
    if len(offices) != len(set(office_codes)):
        unknown = sorted(set(office_codes) - {o.code for o in offices})
        raise AppError.invalid("offices", f"unknown office {', '.join(unknown)}")
    if role in OFFICE_ROLES and not offices:
        raise AppError.invalid("offices", "a nodal officer needs at least one office")
    if role in DEPARTMENT_ROLES and department is None:
        raise AppError.invalid("department", "a head of department or secretary needs a department")
    if department is None and offices:
        department = session.get(Department, offices[0].department_id)
    return (department.id if department else None), tuple(o.id for o in offices), _district(session, role,
                                                                                             district_code)


def _district(session: Session, role: Role, code: str) -> str | None:
    if role not in DISTRICT_ROLES:
        return None
    if not code:
        raise AppError.invalid("district", "a district collector needs a district")
    area = session.scalar(select(Area).where(Area.code == code, Area.kind == "district"))
    if area is None:
        raise AppError.invalid("district", f"unknown district {code!r}")
    return area.code


def user_summary(session: Session, user: User) -> dict:
    offices = session.scalars(select(Office.code).join(UserOffice, UserOffice.office_id == Office.id)
                              .where(UserOffice.user_id == user.id).order_by(Office.code)).all()
    department = session.get(Department, user.department_id) if user.department_id else None
    return {"username": user.username, "full_name": user.full_name, "role": user.role, "mobile": user.mobile,
            "email": user.email, "department": department.code if department else None, "offices": list(offices),
            "district": user.district_code, "is_active": user.is_active}


def list_staff(session: Session) -> list[dict]:
    users = session.scalars(select(User).where(User.role != Role.CITIZEN).order_by(User.username))
    return [user_summary(session, u) for u in users]


def create_officer(session: Session, *, actor, username: str, full_name: str, role: str, password: str,
                   mobile: str, email: str | None = None, department: str = "",
                   offices: list[str] | None = None, district: str = "") -> dict:
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise AppError.invalid("username", "use 3 to 80 lower-case letters, digits, dots, hyphens or underscores")
    if accounts.find_user(session, username):
        raise AppError.conflict("username_taken", f"The username {username} is already in use.")
    if not full_name.strip():
        raise AppError.invalid("full_name", "is required")
    if role not in STAFF_ROLES:
        raise AppError.invalid("role", f"unknown role {role!r}")
    if not mobile:
        raise AppError.invalid("mobile", "is required: the one-time password of every login goes to it")
    _check_password(password)
    department_id, office_ids, district_code = _posting(session, Role(role), department, offices or [], district)
    user = accounts.create_user(session, username=username, full_name=full_name.strip(), role=Role(role),
                                password=password, mobile=mobile, email=email or None,
                                department_id=department_id, office_ids=office_ids, district_code=district_code)
    after = user_summary(session, user)
    _record(session, actor, subject="user", key=username, action="created", after=after)
    return after


def set_active(session: Session, *, actor, username: str, active: bool) -> dict:
    """Disable (or enable again) an account; disabling ends its sessions and tokens at once."""
    user = _user(session, username)
    if user.id == actor.user_id and not active:
        raise AppError.conflict("own_account", "You cannot disable your own account.")
    if user.is_active == active:
        return user_summary(session, user)
    before = user_summary(session, user)
    user.is_active = active
    if not active:
        for token in session.scalars(select(ApiToken).where(ApiToken.user_id == user.id,
                                                            ApiToken.revoked_at.is_(None))):
            token.revoked_at = clock.now()
        _release_held(session, actor, user, still_serves=lambda item: False, reason="account_disabled")
    after = user_summary(session, user)
    _record(session, actor, subject="user", key=username, action="enabled" if active else "disabled",
            before=before, after=after)
    return after


def _release_held(session: Session, actor, user: User, *, still_serves, reason: str) -> None:
    """Tasks `user` holds but may no longer work go back to their office's pool, each release in its case's
    history with the reason, so no case waits on an officer who cannot act on it."""
    held = session.scalars(select(WorkItem).where(WorkItem.claimed_by_id == user.id,
                                                  WorkItem.status == ItemStatus.OPEN)
                           .order_by(WorkItem.id).with_for_update())
    for item in held:
        if not still_serves(item):
            item.claimed_by_id = item.claimed_at = None
            record(session, item, "task_released", actor=actor,
                   data={"holder_name": user.full_name, "reason": reason})


def change_posting(session: Session, *, actor, username: str, role: str, department: str = "",
                   offices: list[str] | None = None, district: str = "") -> dict:
    """Give an officer another role, department or offices (a transfer). Tasks they hold and may no longer work
    are released to their office; the change is recorded with before and after."""
    user = _user(session, username)
    if role not in STAFF_ROLES:
        raise AppError.invalid("role", f"unknown role {role!r}")
    if user.id == actor.user_id and role != user.role:
        raise AppError.conflict("own_account", "You cannot change your own role.")
    department_id, office_ids, district_code = _posting(session, Role(role), department, offices or [], district)
    before = user_summary(session, user)
    user.role, user.department_id, user.district_code = Role(role), department_id, district_code
    for link in session.scalars(select(UserOffice).where(UserOffice.user_id == user.id)):
        session.delete(link)
    session.flush()
    session.add_all(UserOffice(user_id=user.id, office_id=oid) for oid in office_ids)
    session.flush()
    after = user_summary(session, user)
    if after == before:
        return after

    def still_serves(item) -> bool:
        if item.role != role:
            return False
        if item.role == Role.NODAL_OFFICER:
            return item.office_id in office_ids
        return item.role not in DEPARTMENT_ROLES or item.department_id == department_id

    _release_held(session, actor, user, still_serves=still_serves, reason="posting_changed")
    _record(session, actor, subject="user", key=username, action="posting_changed", before=before, after=after)
    return after


def reset_password(session: Session, *, actor, username: str, password: str) -> None:
    """A new password for an officer (the value itself is never recorded)."""
    user = _user(session, username)
    _check_password(password)
    user.password_hash = accounts.hash_password(password)
    _record(session, actor, subject="user", key=username, action="password_reset")


def reset_second_factor(session: Session, *, actor, username: str) -> int:
    """An officer lost their security key or phone app: both are removed and the next login sends a code by SMS to
    their registered mobile. Returns how many were removed."""
    user = _user(session, username)
    keys = security_keys.keys_of(session, user.id)
    app = session.get(TotpAuthenticator, user.id)
    for item in [*keys, *([app] if app else [])]:
        session.delete(item)
    _record(session, actor, subject="user", key=username, action="second_factor_reset",
            before={"security_keys": [key.name for key in keys], "authenticator_app": app is not None})
    return len(keys) + (1 if app else 0)


# --- offices and categories ---------------------------------------------------------------------------------
def _office_values(office: Office, parent: Office | None) -> dict:
    return {"name": office.name, "parent": parent.code if parent else None}


def update_office(session: Session, *, actor, code: str, name: str, parent_code: str) -> dict:
    """Rename an office or move it under another office of the same department (no loops)."""
    office = session.scalar(select(Office).where(Office.code == code))
    if office is None:
        raise AppError.not_found("office", code)
    if not name.strip():
        raise AppError.invalid("name", "is required")
    parent = None
    if parent_code:
        parent = session.scalar(select(Office).where(Office.code == parent_code))
        if parent is None:
            raise AppError.invalid("parent", f"unknown office {parent_code!r}")
        if parent.department_id != office.department_id:
            raise AppError.invalid("parent", "must be an office of the same department")
        ancestor = parent
        while ancestor is not None:
            if ancestor.id == office.id:
                raise AppError.invalid("parent", "would put the office under itself")
            ancestor = session.get(Office, ancestor.parent_id) if ancestor.parent_id else None
    before = _office_values(office, session.get(Office, office.parent_id) if office.parent_id else None)
    office.name, office.parent_id = name.strip(), parent.id if parent else None
    after = _office_values(office, parent)
    if after != before:
        _record(session, actor, subject="office", key=code, action="updated", before=before, after=after)
    return after


def update_category(session: Session, *, actor, code: str, name: str, name_bn: str, department: str) -> dict:
    """Rename a category or give it to another department (new grievances are routed by it)."""
    category = session.scalar(select(Category).where(Category.code == code))
    if category is None:
        raise AppError.not_found("category", code)
    dept = session.scalar(select(Department).where(Department.code == department))
    if dept is None:
        raise AppError.invalid("department", f"unknown department {department!r}")
    if not name.strip() or not name_bn.strip():
        raise AppError.invalid("name", "the English and Bengali names are required")
    old_dept = session.get(Department, category.department_id)
    before = {"name": category.name, "name_bn": category.name_bn, "department": old_dept.code}
    category.name, category.name_bn, category.department_id = name.strip(), name_bn.strip(), dept.id
    after = {"name": category.name, "name_bn": category.name_bn, "department": dept.code}
    if after != before:
        _record(session, actor, subject="category", key=code, action="updated", before=before, after=after)
    return after


# --- holidays -----------------------------------------------------------------------------------------------
def holidays(session: Session) -> list[dict]:
    """The state's extra holidays in the current SLA policy (the gazetted ones come with the calendar)."""
    return sorted(current_version(session).body.get("calendar", {}).get("extra_holidays", []),
                  key=lambda h: h["date"])


def _save_holidays(session: Session, actor, days: list[dict], note: str) -> None:
    body = dict(current_version(session).body)
    body["calendar"] = {**body.get("calendar", {}), "extra_holidays": days}
    save_policy(session, body=body, actor=f"{actor.role}:{actor.user_id} {actor.name}", note=note)


def add_holiday(session: Session, *, actor, day: date, reason: str) -> None:
    """A holiday of the state's own: a new version of the SLA policy, so later deadlines skip it."""
    if not reason.strip():
        raise AppError.invalid("reason", "is required")
    days = holidays(session)
    if any(h["date"] == day.isoformat() for h in days):
        raise AppError.conflict("holiday_exists", f"{day.isoformat()} is already a holiday.")
    entry = {"date": day.isoformat(), "reason": reason.strip()[:200]}
    _save_holidays(session, actor, days + [entry], note=f"holiday added: {day.isoformat()}")
    _record(session, actor, subject="holiday", key=day.isoformat(), action="added", after=entry)


def remove_holiday(session: Session, *, actor, day: date) -> None:
    days = holidays(session)
    kept = [h for h in days if h["date"] != day.isoformat()]
    if len(kept) == len(days):
        raise AppError.not_found("holiday", day.isoformat())
    [removed] = [h for h in days if h["date"] == day.isoformat()]
    _save_holidays(session, actor, kept, note=f"holiday removed: {day.isoformat()}")
    _record(session, actor, subject="holiday", key=day.isoformat(), action="removed", before=removed)
