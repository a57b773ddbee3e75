"""Marshmallow schemas of the worklist endpoints."""
from marshmallow import Schema, fields, validate

from worklists.keyset import SORTS


class WorklistQuery(Schema):
    """What a worklist shows: filters and searches, the same in the API, the page and a saved filter."""

    sla = fields.String(validate=validate.OneOf(["green", "amber", "red"]))
    task = fields.String(validate=validate.Length(max=120), metadata={"description": "BPMN task id"})
    claimed = fields.String(validate=validate.OneOf(["mine", "unclaimed"]))
    office = fields.String(validate=validate.Length(max=40), metadata={"description": "office code"})
    category = fields.String(validate=validate.Length(max=40), metadata={"description": "category code"})
    district = fields.String(validate=validate.Length(max=20), metadata={"description": "district code"})
    reg_no = fields.String(validate=validate.Length(max=24), metadata={"description": "registration number, exact"})
    mobile = fields.String(validate=validate.Length(max=20), metadata={"description": "complainant's mobile"})
    name = fields.String(validate=validate.Length(min=2, max=100),
                         metadata={"description": "part of the complainant's name, any case"})
    lane = fields.String(validate=validate.OneOf(["nodal_officer", "head_of_department", "secretary", "cmo_cell"]),
                         metadata={"description": "supervisors: list the tasks of this role that they supervise "
                                                  "(head of department: nodal_officer; CMO cell: any), to assign them"})
    sort = fields.String(load_default="due_at", validate=validate.OneOf(SORTS))


class WorklistArgs(WorklistQuery):
    cursor = fields.String(validate=validate.Length(max=200),
                           metadata={"description": "next_cursor of the previous page"})
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class WorkItemOut(Schema):
    task_id = fields.String()
    reg_no = fields.String()
    task = fields.String(metadata={"description": "BPMN task id"})
    title = fields.String()
    title_bn = fields.String(allow_none=True, metadata={"description": "the task's name in Bengali, when the diagram "
                                                                      "gives one (its name_bn property)"})
    role = fields.String()
    office_id = fields.Integer(allow_none=True)
    status = fields.String()
    opened_at = fields.DateTime()
    remind_at = fields.DateTime(allow_none=True)
    due_at = fields.DateTime(allow_none=True)
    claimed_by_id = fields.Integer(allow_none=True)
    claimed_at = fields.DateTime(allow_none=True)
    sla = fields.String(metadata={"description": "green on time, amber past the reminder point, red overdue"})


class WorklistRowOut(WorkItemOut):
    office_name = fields.String(allow_none=True)
    claimed_by_name = fields.String(allow_none=True, metadata={"description": "who holds the task"})
    complainant_name = fields.String()
    mobile = fields.String(allow_none=True, metadata={"description": "masked unless the caller's role needs it"})
    category = fields.String()
    category_name = fields.String(allow_none=True)
    category_name_bn = fields.String(allow_none=True)
    district = fields.String()
    district_name = fields.String(allow_none=True)
    district_name_bn = fields.String(allow_none=True)
    lodged_at = fields.DateTime()
    age_days = fields.Integer(metadata={"description": "whole days since the grievance was lodged"})
    breach_risk = fields.Float(allow_none=True, metadata={
        "description": "the breach-risk model's probability that the ATR deadline is missed (open cases within "
                       "their deadline; null before the hourly scoring or once escalated)"})
    likely_late = fields.Boolean(metadata={"description": "breach_risk is 0.5 or more"})


class WorklistPage(Schema):
    items = fields.List(fields.Nested(WorklistRowOut))
    next_cursor = fields.String(allow_none=True, metadata={"description": "pass as cursor for the next page; "
                                                                          "null on the last page"})
    count = fields.Integer(metadata={"description": "matching tasks, counted up to 1,000"})
    count_is_exact = fields.Boolean(metadata={"description": "false when more than `count` tasks match"})


class BulkClaimIn(Schema):
    task_ids = fields.List(fields.String(validate=validate.Length(max=40)), required=True,
                           validate=validate.Length(min=1, max=100))


class Refusal(Schema):
    task_id = fields.String()
    code = fields.String()
    detail = fields.String()


class BulkClaimOut(Schema):
    claimed = fields.List(fields.String())
    refused = fields.List(fields.Nested(Refusal))


class AssignIn(Schema):
    assignee = fields.String(required=True, validate=validate.Length(min=1, max=80),
                             metadata={"description": "username of the officer who is to hold the task"})


class AssignedOut(WorkItemOut):
    claimed_by_name = fields.String()


class AssigneeOut(Schema):
    username = fields.String()
    full_name = fields.String()
    holds_it = fields.Boolean()


class SavedFilterIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=80))
    query = fields.Nested(WorklistQuery, required=True)


class SavedFilterOut(Schema):
    id = fields.Integer()
    name = fields.String()
    query = fields.Dict()
    created_at = fields.DateTime()


class TaskOut(WorkItemOut):
    form = fields.Raw(allow_none=True, metadata={"description": "JSON Schema of the task's form"})
    data = fields.Raw(metadata={"description": "process data the task sees"})


class CompleteIn(Schema):
    data = fields.Dict(keys=fields.String(validate=validate.Length(max=80)), required=True)


class CompletedOut(Schema):
    task_id = fields.String()
    reg_no = fields.String()
    status = fields.String()
    open_tasks = fields.List(fields.Nested(WorkItemOut))
    held_by_incident = fields.Boolean(metadata={
        "description": "true when the process failed at a later step: the submission is kept with the case, which "
                       "waits for the process owners to fix the fault and retry"})
