"""Marshmallow schemas of the worklist endpoints."""
from marshmallow import Schema, fields, validate


class WorklistArgs(Schema):
    sla = fields.String(validate=validate.OneOf(["green", "amber", "red"]))
    task = fields.String(validate=validate.Length(max=120), metadata={"description": "BPMN task id"})
    claimed = fields.String(validate=validate.OneOf(["mine", "unclaimed"]))
    office = fields.String(validate=validate.Length(max=40), metadata={"description": "office code"})
    sort = fields.String(load_default="due_at", validate=validate.OneOf(["due_at", "-due_at", "opened_at",
                                                                          "-opened_at"]))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class WorkItemOut(Schema):
    task_id = fields.String()
    reg_no = fields.String()
    task = fields.String(metadata={"description": "BPMN task id"})
    title = fields.String()
    role = fields.String()
    office_id = fields.Integer(allow_none=True)
    status = fields.String()
    opened_at = fields.DateTime()
    remind_at = fields.DateTime(allow_none=True)
    due_at = fields.DateTime(allow_none=True)
    claimed_by_id = fields.Integer(allow_none=True)
    claimed_at = fields.DateTime(allow_none=True)
    sla = fields.String(metadata={"description": "green on time, amber past the reminder point, red overdue"})


class WorklistPage(Schema):
    items = fields.List(fields.Nested(WorkItemOut))
    total = fields.Integer()
    page = fields.Integer()
    page_size = fields.Integer()


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
