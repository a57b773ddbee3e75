"""Request and response shapes of /processes."""
from __future__ import annotations

from datetime import UTC

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates, validates_schema

MAX_FILES = 50
FILE_NAME = validate.Regexp(r"^[\w./-]{1,200}$", error="a file name: letters, digits, _ . / - only")


class Note(fields.String):
    """Free text judged without its surrounding spaces: a note of spaces only is no note."""

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        return super()._deserialize(value, attr, data, **kwargs).strip()


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
    note = Note(required=True, validate=validate.Length(min=5, max=500, error="must say in 5 to 500 characters "
                                                                             "what changed and why"),
                         metadata={"description": "what changed and why (required), shown with the version"})
    override_reason = fields.String(load_default=None, validate=validate.Length(max=200), metadata={
        "description": "why to deploy although replay on recent cases finds errors (recorded in the note); "
                       "without it such a deploy is refused with the replay report"})


class RestoreIn(Schema):
    note = Note(required=True, validate=validate.Length(min=5, max=400, error="must say in 5 to 400 characters "
                                                                             "why the older version comes back"),
                         metadata={"description": "why the older version comes back (required)"})
    override_reason = fields.String(load_default=None, validate=validate.Length(max=200), metadata={
        "description": "why to restore although replay on recent cases finds errors (recorded in the note)"})


class WaitsArgs(Schema):
    """The version page's "where cases wait" choice: cases lodged in a period, of a department and district."""

    class Meta:
        unknown = EXCLUDE

    first = fields.Date(data_key="from", load_default=None)
    last = fields.Date(data_key="to", load_default=None)
    department = fields.String(load_default=None, validate=validate.Length(max=20))
    district = fields.String(load_default=None, validate=validate.Length(max=20))


class ReplayIn(FilesIn):
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000),
                           metadata={"description": "how many recent cases (the latest lodged first)"})
    since = fields.AwareDateTime(load_default=None, default_timezone=UTC,
                                 metadata={"description": "cases lodged at or after (ISO 8601; UTC if no offset)"})
    until = fields.AwareDateTime(load_default=None, default_timezone=UTC,
                                 metadata={"description": "cases lodged before"})
    department = fields.String(load_default=None, validate=validate.Length(min=1, max=40),
                               metadata={"description": "department code, e.g. FOOD"})

    @validates_schema
    def _period(self, data: dict, **_kwargs) -> None:
        if data.get("since") and data.get("until") and data["since"] >= data["until"]:
            raise ValidationError("must be after since", "until")


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
    override_reason = fields.String(allow_none=True, metadata={
        "description": "the reason given to deploy despite replay errors (also in the note); null when none"})
    replay = fields.Dict(metadata={"description": "cases_replayed, outcomes and errors of the replay on recent "
                                                  "cases run before deploying"})

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


class DivergenceOut(Schema):
    index = fields.Integer(metadata={"description": "position on the path where the two part"})
    recorded = fields.String(allow_none=True, metadata={"description": "element the case took (null: ended)"})
    replayed = fields.String(allow_none=True, metadata={"description": "element the edit takes (null: ended)"})


class CaseReplayOut(Schema):
    reg_no = fields.String()
    status = fields.String(metadata={"description": "the grievance's status now"})
    outcome = fields.String(metadata={"description": "same, different (path), stuck (a recorded step's element is "
                                                     "not open) or error"})
    steps = fields.Integer(metadata={"description": "recorded decisions, timer firings and messages"})
    steps_replayed = fields.Integer()
    diverged_at = fields.Nested(DivergenceOut, allow_none=True)
    element_id = fields.String(allow_none=True, metadata={"description": "where it is stuck or failed"})
    message = fields.String(allow_none=True)
    waiting_at = fields.List(fields.String(), metadata={"description": "where the replayed case ends up waiting"})
    deadline_changes = fields.List(fields.Dict(), metadata={"description": "task openings whose deadlines move"})
    escalations = fields.Dict(allow_none=True, metadata={"description": "timers fired, recorded vs replayed, when "
                                                                        "they differ"})


class ReplayOut(Schema):
    process_id = fields.String()
    criteria = fields.Dict()
    cases_replayed = fields.Integer()
    outcomes = fields.Dict(keys=fields.String(), values=fields.Integer(),
                           metadata={"description": "cases per outcome: same, different, stuck, error"})
    errors = fields.List(fields.Dict(), metadata={"description": "element, message and how many cases fail there"})
    deadlines = fields.List(fields.Dict(), metadata={
        "description": "per task (earliest deadline) and timer (due time, firings): compared, moved, shifts in hours"})
    workload = fields.Dict(metadata={"description": "tasks opened by_lane and by_office, recorded vs replayed"})
    never_reached = fields.List(fields.Dict(), metadata={"description": "elements of the edit no case reaches"})
    cases = fields.List(fields.Nested(CaseReplayOut))
