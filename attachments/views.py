"""POST /attachments: upload a file first, then name it when lodging (or acting on) a grievance."""
from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from accounts.auth import current_actor, require_roles
from accounts.models import Role
from attachments import service
from attachments.schemas import AttachmentOut, UploadIn
from core.db import transaction
from core.request_checks import check_upload_form

blp = Blueprint("attachments", __name__, url_prefix="/attachments", description="Upload evidence files")

UPLOADERS = (Role.CITIZEN, Role.CALL_CENTRE_OPERATOR, Role.SERVICE_CENTRE_OPERATOR, Role.INTEGRATION,
             Role.NODAL_OFFICER, Role.CMO_CELL)


@blp.before_request
def _allow_file_sized_bodies() -> None:
    # Only this endpoint takes bodies above the API-wide limit: one file plus the multipart envelope.
    check_upload_form(service.upload_limit(current_app.extensions["settings"].attachment_max_bytes))


@blp.route("")
class Upload(MethodView):
    @blp.arguments(UploadIn, location="files")
    @blp.response(201, AttachmentOut)
    @require_roles(*UPLOADERS)
    def post(self, files):
        """Upload one JPEG, PNG or PDF (multipart field `file`); returns its id to cite when lodging."""
        settings = current_app.extensions["settings"]
        upload = files["file"]
        with transaction() as session:
            return service.upload(session, actor=current_actor(), filename=upload.filename, content=upload.read(),
                                  root=settings.attachments_dir, max_bytes=settings.attachment_max_bytes)
