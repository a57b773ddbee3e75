"""Open311 GeoReport v2 endpoints under /open311/v2, each in .json and .xml, errors in the specification's format."""
from __future__ import annotations

from flask import Blueprint, current_app, request
from werkzeug.exceptions import HTTPException

from core.config import DEFAULT_PUBLIC_URL
from core.db import transaction
from core.errors import AppError
from open311 import queries, render, schemas, service

blp = Blueprint("open311", __name__)


def _format() -> str:
    fmt = (request.view_args or {}).get("fmt")
    return fmt if fmt in render.FORMATS else "json"


@blp.before_request
def _known_format():
    fmt = (request.view_args or {}).get("fmt")
    if fmt not in render.FORMATS:
        raise AppError(404, "unknown_format", f"The format .{fmt} is not offered: use .json or .xml")


@blp.errorhandler(AppError)
def _app_error(error: AppError):
    return render.error_response(_format(), error.status, render.error_descriptions(error))


@blp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    return render.error_response(_format(), error.code or 500, [error.description or error.name])


def routing_error(error: HTTPException):
    """An unknown path (e.g. without the .json/.xml suffix) or method under /open311: the specification's error list,
    as XML when the path asks for it."""
    fmt = "xml" if request.path.endswith(".xml") else "json"
    if error.code == 404:
        return render.error_response(fmt, 404, [f"{request.path} is not an Open311 resource: paths end in .json or "
                                                "'.xml', e.g. /open311/v2/services.json"])
    return render.error_response(fmt, error.code or 500, [error.description or error.name])


@blp.get("/discovery.<fmt>")
def discovery(fmt: str):
    settings = current_app.extensions["settings"]
    public_url = request.host_url if settings.public_url == DEFAULT_PUBLIC_URL else settings.public_url
    return render.respond(fmt, "discovery", queries.discovery(public_url=public_url,
                                                              mail=settings.grievance_mail_address))


@blp.get("/services.<fmt>")
def services(fmt: str):
    with transaction(readonly=True) as session:
        body = queries.list_services(session)
    return render.respond(fmt, "services", body)


@blp.get("/services/<service_code>.<fmt>")
def service_definition(service_code: str, fmt: str):
    with transaction(readonly=True) as session:
        body = queries.get_service_definition(session, service_code)
    return render.respond(fmt, "service_definition", body)


@blp.post("/requests.<fmt>")
def create_request(fmt: str):
    """Lodge a grievance for a registered system (api_key); form-encoded as the specification says, or JSON."""
    body = schemas.request_body(request)
    with transaction() as session:
        client = service.authenticate(session, api_key=body.get("api_key") or request.args.get("api_key"))
        created = service.create_request(session, client=client, **schemas.load(schemas.CreateRequestIn(), body))
    return render.respond(fmt, "service_requests", [created], 201)


@blp.get("/requests.<fmt>")
def list_requests(fmt: str):
    """Requests, newest first; public, with what the complainant said and where only for the client that
    lodged them."""
    filters = schemas.load(schemas.RequestsQuery(), request.args)
    with transaction(readonly=True) as session:
        viewer = service.viewer_id(session, api_key=request.args.get("api_key"))
        body = queries.list_requests(session, viewer_id=viewer, **filters)
    return render.respond(fmt, "service_requests", body)


@blp.get("/requests/<path:service_request_id>.<fmt>")
def get_request(service_request_id: str, fmt: str):
    """One request by its id, our registration number (CMO/2026/000123), slashes and all."""
    with transaction(readonly=True) as session:
        viewer = service.viewer_id(session, api_key=request.args.get("api_key"))
        body = queries.get_request(session, service_request_id, viewer_id=viewer)
    return render.respond(fmt, "service_requests", body)


@blp.get("/tokens/<token>.<fmt>")
def token(token: str, fmt: str):
    with transaction(readonly=True) as session:
        body = queries.get_token(session, token)
    return render.respond(fmt, "service_requests", body)
