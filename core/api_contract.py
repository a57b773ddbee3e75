"""The OpenAPI document as the truth about errors, authentication and roles.

flask-smorest documents what the view decorators say (schemas, the success status, 422 for bad arguments). This
module adds, for every operation, what the rest of the system does: errors are application/problem+json with
the `Error` schema below (what core/errors.py sends); a bearer token is needed unless the operation is public
(`security`); the roles allowed (`x-roles`, also in the description); and each error status the operation can
answer: 400/413 for a body that cannot be read, 401 without a token, 403 for another role, 404 for a path that
names nothing visible, 409 when the case moved on or someone else changed it, 422 for bad input, 429 when
throttled, 500 (with the request id to quote). No `default` response: an undocumented status is a contract bug.

Roles come from `accounts.auth.require_roles` on the view; operations that check roles inside (a citizen and an
officer see different things) are listed in ROLES below. An operation in neither refuses to be documented."""
from __future__ import annotations

import http
from pathlib import Path

import yaml
from apispec import BasePlugin

PROBLEM_MEDIA = "application/problem+json"
ERROR_REF = {"$ref": "#/components/schemas/Error"}
BEARER = "bearer"

ERROR_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details, sent as application/problem+json on every error.",
    "required": ["type", "title", "status", "detail", "instance", "code", "request_id"],
    "properties": {
        "type": {"type": "string", "description": "URI naming the kind of problem (ends with `code`)"},
        "title": {"type": "string", "description": "the HTTP status phrase"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599, "description": "the HTTP status"},
        "detail": {"type": "string", "description": "what is wrong, for a person to read"},
        "instance": {"type": "string", "description": "the path requested"},
        "code": {"type": "string", "description": "stable machine-readable code, e.g. invalid_input, forbidden"},
        "request_id": {"type": "string", "description": "quote it to support; echoes X-Request-Id if sent"},
        "errors": {"type": "object", "additionalProperties": {},
                   "description": "per-field messages of a 422 (field name -> list of messages)"},
    },
    "additionalProperties": True,
}

PUBLIC = "public"
ANY_ROLE = "any"
OFFICERS = ("nodal_officer", "head_of_department", "secretary", "cmo_cell")
CASE_READERS = ("citizen", "call_centre_operator", "service_centre_operator", "integration", *OFFICERS,
                "auditor", "admin")
# Operations that decide who may do what inside the view rather than with require_roles.
ROLES: dict[str, object] = {
    "auth.OfficerLogin": PUBLIC, "auth.CitizenOtp": PUBLIC, "auth.Verify": PUBLIC, "auth.VerifyKey": PUBLIC,
    "auth.Logout": ANY_ROLE,
    "intake_sms.InboundSms": PUBLIC, "track.PublicTrack": PUBLIC,
    "grievances.GrievanceSearch": CASE_READERS, "grievances.GrievanceDetail": CASE_READERS,
    "grievances.GrievanceAttachments": CASE_READERS, "grievances.GrievanceAttachment": CASE_READERS,
    "worklist.Worklist": OFFICERS, "worklist.Task": OFFICERS, "worklist.Claim": OFFICERS,
    "worklist.Release": OFFICERS, "worklist.Complete": OFFICERS, "worklist.BulkClaim": OFFICERS,
    "worklist.SavedFilters": OFFICERS, "worklist.SavedFilter": OFFICERS,
    "worklist.Assignees": ("head_of_department", "cmo_cell"), "worklist.Assign": ("head_of_department", "cmo_cell"),
    "codes.Districts": PUBLIC, "codes.Subdivisions": PUBLIC, "codes.Blocks": PUBLIC, "codes.Categories": PUBLIC,
    "codes.Departments": PUBLIC, "codes.Offices": PUBLIC, "testimonials.Published": PUBLIC,
}
ROLE_NOTES = {
    "grievances.GrievanceSearch": "a citizen sees the cases lodged with their mobile, an operator those they "
                                  "lodged, an officer those of their offices or department, the CMO cell, "
                                  "auditors and administrators all (personal data masked by role).",
    "worklist.Worklist": "tasks of the caller's role in the caller's offices or department.",
}
THROTTLED = {"auth.OfficerLogin", "auth.CitizenOtp", "auth.Verify", "auth.VerifyKey", "auth.TotpConfirm"}
# Endpoints whose state can have moved on (a task completed, a case not closed, a duplicate upload...).
CONFLICTS = {"worklist.Claim", "worklist.Release", "worklist.Complete", "grievances.Feedback",
             "grievances.Clarification", "incidents.Retry", "processes.Deploy", "processes.Migrate",
             "auth.TotpConfirm", "auth.OfficerLogin"}
# Further statuses particular to one endpoint.
EXTRA = {
    "auth.OfficerLogin": {401: "wrong username or password (the same answer for an unknown name)"},
    "auth.Verify": {401: "wrong, expired or used one-time password"},
    "auth.VerifyKey": {401: "the security key's signature was not accepted, or the login expired or was used"},
    "attachments.Upload": {415: "the file's content is not JPEG, PNG or PDF"},
    "worklist.Worklist": {404: "no office by the `office` code given or no saved filter by that id"},
    "testimonials.Testimonials": {404: "no grievance by that registration number that the caller may see"},
}
# Where the lodging schema's codes come from: field -> (code list path, masterdata section).
CODE_LISTS = {"district": ("/api/v1/districts", "districts"), "subdivision": ("/api/v1/subdivisions", None),
              "category": ("/api/v1/categories", "categories")}


def problem_response(status: int, why: str | None = None) -> dict:
    phrase = http.HTTPStatus(status).phrase
    return {"description": f"{phrase}: {why}" if why else phrase,
            "content": {PROBLEM_MEDIA: {"schema": ERROR_REF}}}


def _roles_of(endpoint: str, view_method) -> object:
    declared = getattr(view_method, "required_roles", None)
    if declared:
        return tuple(declared)
    if endpoint in ROLES:
        return ROLES[endpoint]
    raise LookupError(f"OpenAPI: say who may call {endpoint} (require_roles or core.api_contract.ROLES)")


def _error_statuses(endpoint: str, method: str, operation: dict, path: str, roles) -> dict[int, str]:
    statuses: dict[int, str] = {500: "unexpected failure; quote request_id"}
    if roles != PUBLIC:
        statuses[401] = "no valid bearer token"
    if roles not in (PUBLIC, ANY_ROLE):
        statuses[403] = "the caller's role may not do this"
    if "{" in path:
        statuses[404] = "nothing by that identifier that the caller may see"
    if "requestBody" in operation:
        statuses[400] = "the body is not valid JSON or is nested too deeply"
        statuses[413] = "the body is too large"
        statuses[422] = "invalid input; `errors` names the fields"
    if operation.get("parameters") and any(p.get("in") == "query" for p in operation["parameters"]):
        statuses[422] = "invalid input; `errors` names the fields"
    if method != "get" and roles != PUBLIC:
        statuses[409] = "the case or task moved on, or someone else changed it at the same moment"
    if endpoint in CONFLICTS:
        statuses[409] = "the case or task is not in a state that allows this"
    statuses.update(EXTRA.get(endpoint, {}))
    if endpoint in THROTTLED:
        statuses[429] = "too many attempts from this address; see Retry-After"
    return statuses


class ContractPlugin(BasePlugin):
    """apispec plugin: completes each operation as the module docstring says."""

    def __init__(self, app):
        self.app = app

    def operation_helper(self, path=None, operations=None, **kwargs):
        rule = kwargs.get("rule")
        if rule is None or not operations:
            return
        view = self.app.view_functions[rule.endpoint]
        view_class = getattr(view, "view_class", None)
        for method, operation in operations.items():
            view_method = getattr(view_class, method, None) if view_class else view
            roles = _roles_of(rule.endpoint, view_method)
            self._document(rule.endpoint, method, operation, path or rule.rule, roles)

    @staticmethod
    def _document(endpoint: str, method: str, operation: dict, path: str, roles) -> None:
        responses = operation.setdefault("responses", {})
        responses.pop("default", None)
        for status, why in _error_statuses(endpoint, method, operation, path, roles).items():
            responses[str(status)] = problem_response(status, why)
        if roles == PUBLIC:
            operation["security"] = []
            who = "Public: no login needed."
        else:
            operation["security"] = [{BEARER: []}]
            listed = ["any logged-in user"] if roles == ANY_ROLE else list(roles)
            operation["x-roles"] = listed
            who = "Roles: " + ", ".join(listed) + "."
            if note := ROLE_NOTES.get(endpoint):
                who += " " + note[0].upper() + note[1:]
        operation["description"] = (operation.get("description", "") + "\n\n" + who).strip()


def register_error_components(spec, media_default: str) -> None:
    """The `Error` schema, the bearer scheme and flask-smorest's per-status responses as problem+json."""
    spec.components.schema("Error", ERROR_SCHEMA)
    spec.components.security_scheme(BEARER, {
        "type": "http", "scheme": "bearer",
        "description": "A token from POST /api/v1/auth/verify (login) or `flask accounts token` (integrations)."})
    for status in http.HTTPStatus:
        response = {"description": status.phrase}
        if status >= 400:
            response["content"] = {PROBLEM_MEDIA: {"schema": ERROR_REF}}
        spec.components.response(status.name, response, lazy=True)
    spec.components.response("DEFAULT_ERROR", problem_response(500), lazy=True)


def add_code_enums(spec, masterdata_file: Path) -> None:
    """Lodging's district, sub-division and category: the codes as an enum and the code list that names them."""
    data = yaml.safe_load(masterdata_file.read_text(encoding="utf-8"))
    codes = {"districts": sorted(d["code"] for d in data["districts"]),
             "categories": sorted(c["code"] for c in data["categories"])}
    codes_subdivision = sorted(s["code"] for d in data["districts"] for s in d.get("subdivisions", []))
    schemas = spec.components.schemas
    for schema in schemas.values():
        properties = schema.get("properties", {}) if isinstance(schema, dict) else {}
        for field, (link, section) in CODE_LISTS.items():
            prop = properties.get(field)
            if not prop or prop.get("x-code-list") != link:
                continue
            prop["enum"] = codes[section] if section else codes_subdivision
            prop.pop("minLength", None)
            prop.pop("maxLength", None)
