"""Process owners' pages: the BPMN modeler and DMN editor, validation, deployment, versions and migration."""
from __future__ import annotations

from flask import render_template

from accounts.models import Role
from web.login import login_required
from web.pages import page_blueprint

bp = page_blueprint("process_pages", __name__)


@bp.get("/processes")
@login_required(Role.PROCESS_OWNER)
def index():
    return render_template("error.html", title="Processes", detail="Coming in this issue.")
