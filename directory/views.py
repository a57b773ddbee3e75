"""GET /districts, /subdivisions, /blocks, /categories, /departments, /offices: the codes lodging and filters take.

Public (no personal data): a client learns here what `district`, `subdivision`, `block` and `category` may be."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from core.db import transaction
from directory import queries
from directory.models import Department, Office

blp = Blueprint("codes", __name__, url_prefix="", description="Code lists: districts, sub-divisions, blocks, "
                                                             "categories, departments, offices")


class CodeOut(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    name_bn = fields.String(required=True, metadata={"description": "the name in Bengali"})


class SubdivisionOut(CodeOut):
    district = fields.String(required=True, metadata={"description": "code of its district"})


class BlockOut(SubdivisionOut):
    subdivision = fields.String(required=True, metadata={"description": "code of its sub-division"})


class CategoryOut(CodeOut):
    department = fields.String(required=True, metadata={"description": "code of the department that acts on it"})
    priority = fields.String(required=True, metadata={"description": "normal, urgent or emergency"})


class OfficeOut(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    level = fields.String(required=True, metadata={"description": "state, district or subdivision"})
    department = fields.String(required=True)
    district = fields.String(allow_none=True)
    subdivision = fields.String(allow_none=True)


def _list_of(name: str, item: type[Schema]) -> type[Schema]:
    return type(name, (Schema,), {"items": fields.List(fields.Nested(item), required=True)})


class SubdivisionArgs(Schema):
    district = fields.String(validate=validate.Length(min=2, max=20),
                             metadata={"description": "only this district's sub-divisions"})


class BlockArgs(SubdivisionArgs):
    subdivision = fields.String(validate=validate.Length(min=2, max=20),
                                metadata={"description": "only this sub-division's blocks"})


class OfficeArgs(Schema):
    department = fields.String(validate=validate.Length(min=2, max=20))
    district = fields.String(validate=validate.Length(min=2, max=20))


def _named(row) -> dict:
    return {"code": row.code, "name": row.name, "name_bn": row.name_bn}


@blp.route("/districts")
class Districts(MethodView):
    @blp.response(200, _list_of("DistrictList", CodeOut))
    def get(self):
        """The districts: the codes `district` takes when lodging."""
        with transaction(readonly=True) as session:
            return {"items": [_named(a) for a in queries.list_districts(session)]}


@blp.route("/subdivisions")
class Subdivisions(MethodView):
    @blp.arguments(SubdivisionArgs, location="query")
    @blp.response(200, _list_of("SubdivisionList", SubdivisionOut))
    def get(self, args):
        """The sub-divisions (optionally of one district): the codes `subdivision` takes when lodging."""
        with transaction(readonly=True) as session:
            subdivisions = queries.list_subdivisions(session, (args.get("district") or "").upper() or None)
            return {"items": [{**_named(a), "district": a.district_code} for a in subdivisions]}


@blp.route("/blocks")
class Blocks(MethodView):
    @blp.arguments(BlockArgs, location="query")
    @blp.response(200, _list_of("BlockList", BlockOut))
    def get(self, args):
        """The community development blocks (optionally of one district or sub-division): the codes `block` takes
        when lodging. Urban areas have none."""
        with transaction(readonly=True) as session:
            blocks = queries.list_blocks(session, district=(args.get("district") or "").upper() or None,
                                         subdivision=(args.get("subdivision") or "").upper() or None)
            return {"items": [{**_named(a), "district": a.district_code, "subdivision": a.subdivision_code}
                              for a in blocks]}


@blp.route("/categories")
class Categories(MethodView):
    @blp.response(200, _list_of("CategoryList", CategoryOut))
    def get(self):
        """The grievance categories: the codes `category` takes when lodging, with the department that acts."""
        with transaction(readonly=True) as session:
            departments = {d.id: d.code for d in queries.list_departments(session)}
            return {"items": [{**_named(c), "department": departments[c.department_id], "priority": c.priority}
                              for c in queries.list_categories(session)]}


@blp.route("/departments")
class Departments(MethodView):
    @blp.response(200, _list_of("DepartmentList", CodeOut))
    def get(self):
        """The departments."""
        with transaction(readonly=True) as session:
            return {"items": [_named(d) for d in queries.list_departments(session)]}


@blp.route("/offices")
class Offices(MethodView):
    @blp.arguments(OfficeArgs, location="query")
    @blp.response(200, _list_of("OfficeList", OfficeOut))
    def get(self, args):
        """The offices grievances are forwarded to (optionally of one department and/or district)."""
        query = select(Office, Department.code).join(Department, Department.id == Office.department_id)
        if args.get("department"):
            query = query.where(Department.code == args["department"].upper())
        if args.get("district"):
            query = query.where(Office.district_code == args["district"].upper())
        with transaction(readonly=True) as session:
            rows = session.execute(query.order_by(Office.code)).all()
            return {"items": [{"code": o.code, "name": o.name, "level": o.level, "department": dept,
                               "district": o.district_code, "subdivision": o.subdivision_code} for o, dept in rows]}
