"""Administrators' pages: officers' accounts, offices and their hierarchy, categories and their department,
holidays, and the record of every change (administration/service.py does the work and the recording)."""
from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from accounts.models import Role
from administration import service
from analytics.queries import districts
from core.db import transaction
from core.errors import AppError
from directory.models import Category, Department, Office
from web.forms import errors_of, form_values
from web.login import login_required, page_actor
from web.pages import page_blueprint

bp = page_blueprint("admin_pages", __name__)
ADMIN = Role.ADMIN


def _departments(db) -> list[Department]:
    return list(db.scalars(select(Department).order_by(Department.name)))


def _refused(template: str, exc: AppError, **context):
    """The page again, with what was filled in and why it was refused (422 or 409)."""
    return _render(template, errors=errors_of(exc), values=form_values(request.form), **context), exc.status


def _render(template: str, **context):
    with transaction(readonly=True) as db:
        context.setdefault("departments", _departments(db))
        context.setdefault("changes", service.list_changes(db, limit=20))
        loader = {"admin/users.html": _users_context, "admin/offices.html": _offices_context,
                  "admin/categories.html": _categories_context, "admin/holidays.html": _holidays_context}.get(template)
        if loader:
            context = {**loader(db), **context}
    context.setdefault("errors", {})
    context.setdefault("values", {})
    return render_template(template, **_words(), **context)


def _words() -> dict:
    """Names of fields, things and actions as the change record and the refusals show them."""
    return {"field_names": {"username": _("Username"), "full_name": _("Full name"), "role": _("Role"),
                            "password": _("Password"), "mobile": _("Mobile number"), "email": _("E-mail"),
                            "department": _("Department"), "offices": _("Offices"), "name": _("Name"),
                            "district": _("District"),
                            "parent": _("Parent office"), "date": _("Date"), "reason": _("Reason")},
            "subjects": {"user": _("User"), "office": _("Office"), "category": _("Category"),
                         "holiday": _("Holiday")},
            "actions": {"created": _("created"), "disabled": _("disabled"), "enabled": _("enabled"),
                        "password_reset": _("password reset"),
                        "second_factor_reset": _("security keys and app removed"), "updated": _("changed"),
                        "added": _("added"),
                        "removed": _("removed"), "posting_changed": _("role or postings changed")},
            "role_names": {"call_centre_operator": _("Call-centre operator"),
                           "service_centre_operator": _("Bangla Sahayata Kendra operator"),
                           "integration": _("Integration (another system)"), "nodal_officer": _("Nodal officer"),
                           "head_of_department": _("Head of department"), "secretary": _("Secretary"),
                           "cmo_cell": _("CMO cell"), "process_owner": _("Process owner"), "auditor": _("Auditor"),
                           "admin": _("Administrator"), "quality_lead": _("Quality lead (call centre)"),
                           "district_collector": _("District collector")}}


def _users_context(db) -> dict:
    names = _words()["role_names"]
    return {"users": service.list_staff(db),
            "role_options": [(str(role), names.get(str(role), str(role))) for role in service.STAFF_ROLES],
            "department_options": [(d.code, d.name) for d in _departments(db)],
            "district_options": [(d.code, d.name_bn if get_locale().language == "bn" else d.name)
                                 for d in districts(db)]}


def _offices_context(db) -> dict:
    department = request.args.get("department") or "FOOD"
    dept = db.scalar(select(Department).where(Department.code == department))
    offices = list(db.scalars(select(Office).where(Office.department_id == (dept.id if dept else -1))
                              .order_by(Office.level.desc(), Office.code))) if dept else []
    by_id = {o.id: o for o in offices}
    return {"department": department, "offices": offices, "parent_of": {o.id: by_id.get(o.parent_id) for o in offices}}


def _categories_context(db) -> dict:
    rows = db.execute(select(Category, Department.code).join(Department, Department.id == Category.department_id)
                      .order_by(Category.code)).all()
    return {"categories": [(c, code) for c, code in rows]}


def _holidays_context(db) -> dict:
    return {"holidays": service.holidays(db)}


def _change(template: str, done: str, work, back: str, **back_args):
    """Run `work(db)` as the administrator; on success back to the page with `done`, else the refusal."""
    try:
        with transaction() as db:
            work(db)
    except AppError as exc:
        return _refused(template, exc)
    flash(done)
    return redirect(url_for(back, **back_args))


def _office_codes(form) -> list[str]:
    """Office codes typed in one field, separated by commas or spaces."""
    return [code.strip().upper() for code in form.get("offices", "").replace(",", " ").split() if code.strip()]


@bp.get("/admin")
@login_required(ADMIN)
def index():
    return _render("admin/index.html")


@bp.get("/admin/users")
@login_required(ADMIN)
def users():
    return _render("admin/users.html")


@bp.post("/admin/users")
@login_required(ADMIN)
def create_user():
    form = request.form
    offices = _office_codes(form)
    return _change("admin/users.html", _("Account %(name)s created.", name=form.get("username", "").strip().lower()),
                   lambda db: service.create_officer(
                       db, actor=page_actor(), username=form.get("username", ""), full_name=form.get("full_name", ""),
                       role=form.get("role", ""), password=form.get("password", ""),
                       mobile=form.get("mobile", "").strip(), email=form.get("email", "").strip(),
                       department=form.get("department", ""), offices=offices, district=form.get("district", "")),
                   "admin_pages.users")


@bp.post("/admin/users/<username>/active")
@login_required(ADMIN)
def set_active(username):
    active = request.form.get("active") == "1"
    return _change("admin/users.html", _("Account %(name)s enabled.", name=username) if active
                   else _("Account %(name)s disabled.", name=username),
                   lambda db: service.set_active(db, actor=page_actor(), username=username, active=active),
                   "admin_pages.users")


@bp.post("/admin/users/<username>/posting")
@login_required(ADMIN)
def change_posting(username):
    form = request.form
    return _change("admin/users.html", _("Role and postings of %(name)s changed.", name=username),
                   lambda db: service.change_posting(db, actor=page_actor(), username=username,
                                                     role=form.get("role", ""), department=form.get("department", ""),
                                                     offices=_office_codes(form), district=form.get("district", "")),
                   "admin_pages.users")


@bp.post("/admin/users/<username>/password")
@login_required(ADMIN)
def reset_password(username):
    return _change("admin/users.html", _("New password set for %(name)s.", name=username),
                   lambda db: service.reset_password(db, actor=page_actor(), username=username,
                                                     password=request.form.get("password", "")),
                   "admin_pages.users")


@bp.post("/admin/users/<username>/second-factor")
@login_required(ADMIN)
def reset_second_factor(username):
    return _change("admin/users.html", _("%(name)s's security keys and authenticator app are removed; their next "
                                         "login sends a code by SMS.", name=username),
                   lambda db: service.reset_second_factor(db, actor=page_actor(), username=username),
                   "admin_pages.users")


@bp.get("/admin/offices")
@login_required(ADMIN)
def offices():
    return _render("admin/offices.html")


@bp.post("/admin/offices/<code>")
@login_required(ADMIN)
def update_office(code):
    form = request.form
    return _change("admin/offices.html", _("Office %(code)s saved.", code=code),
                   lambda db: service.update_office(db, actor=page_actor(), code=code, name=form.get("name", ""),
                                                    parent_code=form.get("parent", "").strip().upper()),
                   "admin_pages.offices", department=form.get("department", "FOOD"))


@bp.get("/admin/categories")
@login_required(ADMIN)
def categories():
    return _render("admin/categories.html")


@bp.post("/admin/categories/<code>")
@login_required(ADMIN)
def update_category(code):
    form = request.form
    return _change("admin/categories.html", _("Category %(code)s saved.", code=code),
                   lambda db: service.update_category(db, actor=page_actor(), code=code, name=form.get("name", ""),
                                                      name_bn=form.get("name_bn", ""),
                                                      department=form.get("department", "")),
                   "admin_pages.categories")


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise AppError.invalid("date", "must be a date such as 2026-12-25") from None


@bp.get("/admin/holidays")
@login_required(ADMIN)
def holidays():
    return _render("admin/holidays.html")


@bp.post("/admin/holidays")
@login_required(ADMIN)
def add_holiday():
    form = request.form
    return _change("admin/holidays.html", _("Holiday added."),
                   lambda db: service.add_holiday(db, actor=page_actor(), day=_day(form.get("date", "")),
                                                  reason=form.get("reason", "")), "admin_pages.holidays")


@bp.post("/admin/holidays/<day>/remove")
@login_required(ADMIN)
def remove_holiday(day):
    return _change("admin/holidays.html", _("Holiday removed."),
                   lambda db: service.remove_holiday(db, actor=page_actor(), day=_day(day)), "admin_pages.holidays")
