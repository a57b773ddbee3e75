"""The common make of every page blueprint: CSRF-checked forms, and refusals shown as a page, not as JSON."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from core.errors import AppError
from web.forms import human
from web.login import protect_form


def _page_error(error):
    status = getattr(error, "status", None) or getattr(error, "code", None) or 500
    detail = getattr(error, "detail", None) or getattr(error, "description", None) or ""
    title = {403: _("You may not see this page"), 404: _("Not found"),
             422: _("This request cannot be read")}.get(status, _("Something went wrong"))
    if isinstance(error, AppError) and error.fields:  # e.g. a NUL in the address: the refusal in the page's words
        detail = " ".join(human(message) for messages in error.fields.values() for message in messages)
    return render_template("error.html", title=title, detail=detail), status


def page_blueprint(name: str, import_name: str) -> Blueprint:
    bp = Blueprint(name, import_name)
    bp.before_request(protect_form)
    bp.register_error_handler(AppError, _page_error)
    bp.register_error_handler(HTTPException, _page_error)
    return bp
