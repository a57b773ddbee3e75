"""/processes: process models and their versions, validation and deployment of edits, migration of open cases.
Process owners only."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from accounts.auth import current_actor, require_roles
from accounts.models import Role
from core.db import transaction
from processes import service
from processes.replay import CaseChoice
from processes.schemas import (
    DeployedOut,
    DeployIn,
    FilesIn,
    MigrateIn,
    MigrationReportOut,
    ModelOut,
    ProcessOut,
    ReplayIn,
    ReplayOut,
    RestoreIn,
    ValidationOut,
)

blp = Blueprint("processes", __name__, url_prefix="/processes",
                description="Process models: versions, edits, migration of open cases")
PROCESS_ID = "<process_id>"


@blp.route("")
class Processes(MethodView):
    @blp.response(200, ProcessOut(many=True))
    @require_roles(Role.PROCESS_OWNER)
    def get(self):
        """Every process: its versions (who deployed each, when, why) and how many open cases run on each."""
        with transaction(readonly=True) as session:
            return service.list_processes(session)


@blp.route(f"/{PROCESS_ID}/versions/<int:version>")
class Version(MethodView):
    @blp.response(200, ModelOut)
    @require_roles(Role.PROCESS_OWNER)
    def get(self, process_id, version):
        """One version's files (BPMN, DMN and form schemas)."""
        with transaction(readonly=True) as session:
            return service.get_version(session, process_id=process_id, version=version)


@blp.route(f"/{PROCESS_ID}/versions/<int:version>/restore")
class Restore(MethodView):
    @blp.arguments(RestoreIn)
    @blp.response(201, DeployedOut)
    @require_roles(Role.PROCESS_OWNER)
    def post(self, body, process_id, version):
        """Deploy an older version's files, exactly, as the next version (new cases start on it; open cases stay
        on theirs). Checked and replayed on recent cases like any deploy; 409 when it is already the newest."""
        with transaction(readonly=True) as session:
            replayed = service.check_restore_on_recent_cases(session, process_id=process_id, version=version,
                                                             override_reason=body["override_reason"])
        with transaction() as session:
            return service.restore_version(session, process_id=process_id, version=version, note=body["note"],
                                           override_reason=body["override_reason"], replayed=replayed,
                                           actor=current_actor())


@blp.route(f"/{PROCESS_ID}/validate")
class Validate(MethodView):
    @blp.arguments(FilesIn)
    @blp.response(200, ValidationOut)
    @require_roles(Role.PROCESS_OWNER)
    def post(self, body, process_id):
        """Check an edit without deploying it: every problem with its file, element and line."""
        with transaction(readonly=True) as session:
            return service.validate_model(session, process_id=process_id, files=body["files"])


@blp.route(f"/{PROCESS_ID}/deploy")
class Deploy(MethodView):
    @blp.arguments(DeployIn)
    @blp.response(201, DeployedOut)
    @require_roles(Role.PROCESS_OWNER)
    def post(self, body, process_id):
        """Deploy an edit as the next version: new cases start on it, open cases stay on theirs. 422 lists the
        problems (keyed file#element), or, when the edit fails on recent cases in replay and no `override_reason`
        is given, the replay report; the newest version's own content returns that version. `note` is required."""
        with transaction(readonly=True) as session:  # replayed before the write transaction: see the service
            replayed = service.check_on_recent_cases(session, process_id=process_id, files=body["files"],
                                                     override_reason=body["override_reason"])
        with transaction() as session:
            return service.deploy_model(session, process_id=process_id, files=body["files"], note=body["note"],
                                        override_reason=body["override_reason"], replayed=replayed,
                                        actor=current_actor())


@blp.route(f"/{PROCESS_ID}/replay")
class Replay(MethodView):
    @blp.arguments(ReplayIn)
    @blp.response(200, ReplayOut)
    @require_roles(Role.PROCESS_OWNER, Role.ADMIN)
    def post(self, body, process_id):
        """Test an edit on recent real cases before deploying it: each case's recorded decisions and timer firings
        replayed on the edit (nothing is kept). Per case same path / different path / stuck / error; deadlines,
        escalations and workload that would move; elements never reached."""
        files = body.pop("files")
        with transaction(readonly=True) as session:
            return service.replay_model(session, process_id=process_id, files=files, choice=CaseChoice(**body))


@blp.route(f"/{PROCESS_ID}/migrate")
class Migrate(MethodView):
    @blp.arguments(MigrateIn)
    @blp.response(200, MigrationReportOut)
    @require_roles(Role.PROCESS_OWNER)
    def post(self, body, process_id):
        """Move the open cases of one version to another, keeping every SLA due time; a case is refused (and
        stays) when the target removes anything. `dry_run` (the default) reports without changing anything."""
        with transaction() as session:
            return service.migrate_cases(session, process_id=process_id, actor=current_actor(), **body)
