"""Request and response shapes of /processes."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates

MAX_FILES = 50
FILE_NAME = validate.Regexp(r"^[\w./-]{1,200}$", error="a file name: letters, digits, _ . / - only")


class FilesIn(Schema):
    files = fields.Dict(keys=fields.String(validate=FILE_NAME), values=fields.String(), required=True,
                        metadata={"description": "file name -> content (.bpmn, .dmn, .schema.json) to add or "
                                                 "replace; the latest version's other files are carried over "
                                                 "unchanged"})

    @validates("files")
    def _some_files(self, value: dict, **_kwargs) -> None:
        if not value:
            raise ValidationError("send at least one file")
        if len(value) > MAX_FILES:
            raise ValidationError(f"at most {MAX_FILES} files")


class DeployIn(FilesIn):
    note = fields.String(load_default=None, validate=validate.Length(max=500),
                         metadata={"description": "what changed and why, shown with the version"})


class MigrateIn(Schema):
    from_version = fields.Integer(required=True, validate=validate.Range(min=1))
    to_version = fields.Integer(required=True, validate=validate.Range(min=1))
    dry_run = fields.Boolean(load_default=True, metadata={"description": "report only (the default); false moves "
                                                                         "the cases"})


class ProblemOut(Schema):
    file = fields.String()
    element_id = fields.String()
    line = fields.Integer(allow_none=True)
    message = fields.String()
    severity = fields.String(metadata={"description": "error (blocks the deploy) or warning (shown, does not block)"})


class ValidationOut(Schema):
    ok = fields.Boolean(metadata={"description": "true when no error would stop the deploy (warnings may remain)"})
    problems = fields.List(fields.Nested(ProblemOut), metadata={"description": "errors first, then warnings"})


class VersionOut(Schema):
    version = fields.Integer()
    sha256 = fields.String()
    deployed_by = fields.String()
    deployed_at = fields.DateTime()
    note = fields.String(allow_none=True)
    file_names = fields.List(fields.String())
    open_instances = fields.Integer(metadata={"description": "running cases on this version"})


class ProcessOut(Schema):
    process_id = fields.String()
    latest_version = fields.Integer()
    open_instances = fields.Integer()
    open_by_version = fields.Dict(keys=fields.String(), values=fields.Integer())
    versions = fields.List(fields.Nested(VersionOut), metadata={"description": "newest first"})


class ModelOut(Schema):
    process_id = fields.String()
    version = fields.Integer()
    sha256 = fields.String()
    deployed_by = fields.String()
    deployed_at = fields.DateTime()
    note = fields.String(allow_none=True)
    files = fields.Dict(keys=fields.String(), values=fields.String())


class DeployedOut(ModelOut):
    is_new = fields.Boolean(metadata={"description": "false when identical content was already deployed"})
    warnings = fields.List(fields.Nested(ProblemOut), metadata={"description": "lint warnings (they do not block)"})

    class Meta:
        exclude = ("files",)


class TimerOut(Schema):
    element_id = fields.String()
    title = fields.String()
    due_at = fields.DateTime()


class InstanceMigrationOut(Schema):
    instance_id = fields.Integer()
    business_key = fields.String(allow_none=True, metadata={"description": "the grievance's registration number"})
    outcome = fields.String(metadata={"description": "migrated, would_migrate (dry run) or refused"})
    reason = fields.String(allow_none=True)
    waiting_at = fields.List(fields.String())
    changed = fields.List(fields.String())
    timers = fields.List(fields.Nested(TimerOut))
    next_timer_at = fields.DateTime(allow_none=True)


class MigrationReportOut(Schema):
    process_id = fields.String()
    from_version = fields.Integer()
    to_version = fields.Integer()
    dry_run = fields.Boolean()
    added = fields.List(fields.String())
    changed = fields.List(fields.String())
    removed = fields.List(fields.String())
    migrated = fields.Integer(metadata={"description": "cases moved (or, in a dry run, that would move)"})
    refused = fields.Integer()
    instances = fields.List(fields.Nested(InstanceMigrationOut))
