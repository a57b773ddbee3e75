"""AppError, the one exception services raise, and its rendering as application/problem+json (RFC 9457)."""
from __future__ import annotations

import logging
import uuid

from flask import Flask, Response, current_app, g, json, request
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException

logger = logging.getLogger(__name__)

PROBLEM_BASE = "https://grievance.example.gov.in/problems/"


class AppError(Exception):
    """A failure the caller can act on: an HTTP status, a stable code, a sentence, optional per-field errors."""

    def __init__(self, status: int, code: str, detail: str, fields: dict | None = None, extra: dict | None = None):
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.fields = fields or {}
        self.extra = extra or {}  # more members of the problem body (e.g. the replay report of a refused deploy)

    @classmethod
    def not_found(cls, what: str, key: object) -> AppError:
        return cls(404, f"{what}_not_found", f"No {what.replace('_', ' ')} {key}.")

    @classmethod
    def invalid(cls, field: str, message: str) -> AppError:
        return cls(422, "invalid_input", f"{field}: {message}", {field: [message]})

    @classmethod
    def forbidden(cls, detail: str = "You may not do this.") -> AppError:
        return cls(403, "forbidden", detail)

    @classmethod
    def conflict(cls, code: str, detail: str) -> AppError:
        return cls(409, code, detail)


def request_id() -> str:
    if "request_id" not in g:
        g.request_id = request.headers.get("X-Request-Id", "")[:64] or uuid.uuid4().hex
    return g.request_id


def problem(status: int, code: str, title: str, detail: str, fields: dict | None = None,
            headers: dict | None = None, extra: dict | None = None) -> Response:
    body = {**(extra or {}),
        "type": PROBLEM_BASE + code,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.path,
        "code": code,
        "request_id": request_id(),
    }
    if fields:
        body["errors"] = fields
    response = Response(json.dumps(body, default=str), status=status, mimetype="application/problem+json")
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _flatten_messages(messages: dict) -> dict:
    """webargs nests errors by location (json, query...); callers want them by field."""
    flat: dict = {}
    for location, errors in messages.items():
        if isinstance(errors, dict):
            flat.update(errors)
        else:
            flat[location] = errors
    return flat


def render_http_exception(error: HTTPException) -> Response:
    for prefix, render in current_app.extensions.get("error_renderers", {}).items():
        if request.path.startswith(prefix):  # a 404/405 of routing, before any blueprint is known
            return render(error)
    data = getattr(error, "data", None) or {}
    fields = _flatten_messages(data.get("messages", {})) if data.get("messages") else None
    code = (error.name or "error").lower().replace(" ", "_")
    detail = error.description or error.name
    if fields:
        first = next(iter(fields.items()))
        detail = f"Invalid input: {first[0]}: {_first_message(first[1])}"
        code = "invalid_input"
    if error.code == 413:
        limit = request.max_content_length or 0
        code, detail = "request_too_large", f"The request body is larger than the {limit:,} bytes allowed."
    headers = dict(data.get("headers") or {})
    return problem(error.code or 500, code, error.name, detail, fields, headers)


def _first_message(value) -> str:
    while isinstance(value, (list, tuple)) and value:
        value = value[0]
    if isinstance(value, dict) and value:
        key, inner = next(iter(value.items()))
        return f"{key}: {_first_message(inner)}"
    return str(value)


def render_errors_under(app: Flask, prefix: str, render) -> None:
    """Errors of paths under `prefix` that no route of it caught (unknown path, wrong method) rendered by `render`,
    in the format clients of that interface expect (Open311's error list rather than problem+json)."""
    app.extensions.setdefault("error_renderers", {})[prefix] = render


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(AppError)
    def _app_error(error: AppError):
        title = _status_title(error.status)
        return problem(error.status, error.code, title, error.detail, error.fields or None, extra=error.extra)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        return render_http_exception(error)

    @app.errorhandler(DataError)
    def _data_error(error: DataError):
        logger.warning("value refused by the database, request %s: %s", request_id(), error.orig)
        return problem(422, "invalid_input", "Unprocessable Entity",
                       "A value is too long or out of range for what it names.")

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        logger.exception("unhandled error, request %s", request_id())
        return problem(500, "internal_error", "Internal Server Error",
                       f"Something went wrong on our side. Quote request id {request_id()}.")


def _status_title(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
