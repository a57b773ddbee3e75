"""Process owners' pages: the versions of each process and the cases on them, moving open cases to another version,
and the BPMN modeler and DMN editor that validate and deploy an edit (the same services as /api/v1/processes)."""
from __future__ import annotations

from dataclasses import asdict

from flask import jsonify, render_template, request
from marshmallow import ValidationError

from accounts.models import Role
from core.db import transaction
from core.errors import AppError
from directory import queries as directory
from processes import service
from processes.replay import CaseChoice
from processes.schemas import DeployIn, FilesIn, MigrateIn, ReplayIn
from web.forms import errors_of
from web.login import login_required, page_actor
from web.modeler_words import studio_choices
from web.pages import page_blueprint

bp = page_blueprint("process_pages", __name__)
EDITABLE = (".bpmn", ".dmn")


def _index(report=None, report_for: str | None = None, errors: dict | None = None, status: int = 200):
    with transaction(readonly=True) as db:
        processes = service.list_processes(db)
    return render_template("processes/index.html", processes=processes, report=report, report_for=report_for,
                           errors=errors or {}, values=request.form), status


@bp.get("/processes")
@login_required(Role.PROCESS_OWNER)
def index():
    return _index()


@bp.post("/processes/<process_id>/migrate")
@login_required(Role.PROCESS_OWNER)
def migrate(process_id):
    """The migration form: "Dry run" reports, "Migrate" moves the cases; the report shows under the process."""
    try:
        args = MigrateIn().load({"from_version": request.form.get("from_version"),
                                 "to_version": request.form.get("to_version"),
                                 "dry_run": request.form.get("action") != "migrate"})
        with transaction() as db:
            report = service.migrate_cases(db, process_id=process_id, actor=page_actor(), **args)
    except (ValidationError, AppError) as exc:
        return _index(report_for=process_id, errors=errors_of(exc), status=422)
    return _index(report=report, report_for=process_id)


@bp.get("/processes/<process_id>/edit")
@login_required(Role.PROCESS_OWNER)
def edit(process_id):
    with transaction(readonly=True) as db:
        model = service.get_version(db, process_id=process_id)
        departments = [(d.code, d.name) for d in directory.list_departments(db)]
    editable = {name: text for name, text in sorted(model.files.items()) if name.endswith(EDITABLE)}
    carried = sorted(name for name in model.files if not name.endswith(EDITABLE))
    forms = [name.rsplit("/", 1)[-1] for name in carried if name.endswith(".schema.json")]
    return render_template("processes/edit.html", model=model, files=editable, carried=carried,
                           departments=departments, studio=studio_choices(forms))


def _json_body(schema) -> tuple[dict | None, tuple | None]:
    """The edit sent by the editor, or the 422 answer naming what could not be read."""
    try:
        return schema.load(request.get_json(silent=True) or {}), None
    except ValidationError as exc:
        problems = [{"file": "", "element_id": "", "line": None, "message": f"{field}: {message}", "severity": "error"}
                    for field, messages in errors_of(exc).items() for message in messages]
        return None, (jsonify(ok=False, problems=problems), 422)


def _problems(problems) -> list[dict]:
    return [asdict(p) for p in problems]


@bp.post("/processes/<process_id>/validate")
@login_required(Role.PROCESS_OWNER)
def validate(process_id):
    """The editor's Validate button (JSON in, JSON out; CSRF token in the X-CSRFToken header)."""
    body, refused = _json_body(FilesIn())
    if refused:
        return refused
    with transaction(readonly=True) as db:
        checked = service.validate_model(db, process_id=process_id, files=body["files"])
    return jsonify(ok=checked.ok, problems=_problems(checked.problems))


@bp.post("/processes/<process_id>/replay")
@login_required(Role.PROCESS_OWNER)
def replay(process_id):
    """The editor's "Test on real cases" button: the replay report of the edit on recent cases (nothing is kept)."""
    body, refused = _json_body(ReplayIn())
    if refused:
        return refused
    files = body.pop("files")
    try:
        with transaction(readonly=True) as db:
            report = service.replay_model(db, process_id=process_id, files=files, choice=CaseChoice(**body))
    except service.InvalidEdit as invalid:
        return jsonify(ok=False, problems=_problems(invalid.problems)), 422
    return jsonify(ok=True, replay=report)


@bp.post("/processes/<process_id>/deploy")
@login_required(Role.PROCESS_OWNER)
def deploy(process_id):
    """The editor's Deploy button: 201 with the version, or 422 with the problems for the page to mark (and the
    replay report when the edit fails on recent cases and no reason was given)."""
    body, refused = _json_body(DeployIn())
    if refused:
        return refused
    edit = {"process_id": process_id, "files": body["files"], "override_reason": body["override_reason"]}
    try:
        with transaction(readonly=True) as db:  # replayed before the write transaction: see the service
            replayed = service.check_on_recent_cases(db, **edit)
        with transaction() as db:
            deployed = service.deploy_model(db, **edit, note=body["note"], replayed=replayed, actor=page_actor())
    except service.ReplayRefused as failing:
        return jsonify(ok=False, problems=_problems(failing.problems), replay=failing.report), 422
    except service.InvalidEdit as invalid:
        return jsonify(ok=False, problems=_problems(invalid.problems)), 422
    answer = {k: v for k, v in deployed.items() if k not in ("deployed_at", "warnings")}
    return jsonify(ok=True, warnings=_problems(deployed["warnings"]), **answer), 201
