"""Marshmallow schemas of Open311 input: the POST requests form and the GET requests filters."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Request
from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, validate, validates, validates_schema

from accounts.rules import normalise_mobile
from core import clock
from core.errors import AppError

IST = ZoneInfo("Asia/Kolkata")
MAX_DESCRIPTION = 4000
DEFAULT_NAME = "Open311 complainant"
WINDOW = timedelta(days=90)
_TAG = re.compile(r"<\s*[A-Za-z!/?]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
REQUIRED = {"required": "is required", "null": "is required"}


def _text(max_length: int, *, required: bool = False, data_key: str | None = None) -> fields.String:
    return fields.String(required=required, data_key=data_key, error_messages={**REQUIRED, "invalid": "must be text"},
                         validate=validate.Length(max=max_length, error=f"must be at most {max_length:,} characters"))


def _coordinate(limit: int) -> fields.Float:
    return fields.Float(validate=validate.Range(min=-limit, max=limit, error=f"must be between -{limit} and {limit}"),
                        error_messages={"invalid": "must be a decimal number", "special": "must be a decimal number"})


class CreateRequestIn(Schema):
    """POST requests: the Open311 fields, answers to the service definition as attribute[code]."""

    class Meta:
        unknown = EXCLUDE

    service_code = _text(40, required=True)
    district = _text(20, required=True, data_key="attribute[district]")
    subdivision = _text(20, data_key="attribute[subdivision]")
    block = _text(20, data_key="attribute[block]")
    is_emergency = fields.Boolean(load_default=False, data_key="attribute[is_emergency]",
                                  error_messages={"invalid": "must be true or false"})
    lat = _coordinate(90)
    long = _coordinate(180)
    address_string = _text(1000)
    address_id = _text(100)
    phone = _text(20)
    description = _text(MAX_DESCRIPTION, required=True)
    first_name = _text(100)
    last_name = _text(100)
    email = fields.Email(validate=validate.Length(max=200, error="must be at most 200 characters"),
                         error_messages={"invalid": "must be an e-mail address"})
    media_url = fields.Url(schemes={"http", "https"}, error_messages={"invalid": "must be an http(s) URL"},
                           validate=validate.Length(max=2000, error="must be at most 2,000 characters"))
    device_id = _text(200)
    account_id = _text(200)

    @validates("phone")
    def _mobile(self, value: str, **_kwargs) -> None:
        if value.strip() and not normalise_mobile(value):
            raise ValidationError("must be the complainant's 10-digit Indian mobile number (we send them an SMS)")

    @validates("description")
    def _plain_text(self, value: str, **_kwargs) -> None:
        if len(value.strip()) < 10:
            raise ValidationError("must describe the grievance in at least 10 characters")
        if _TAG.search(value) or _CONTROL.search(value):
            raise ValidationError("must be plain text (line breaks allowed), without HTML or code")

    @validates_schema
    def _contact(self, data: dict, **_kwargs) -> None:
        """GeoReport makes phone and email optional; we need one of them to tell the complainant their number."""
        if not (data.get("phone") or "").strip() and not data.get("email"):
            raise ValidationError("is required when no email is given: the complainant gets their grievance's "
                                  "number and progress by SMS or e-mail", "phone")

    @validates_schema
    def _location(self, data: dict, **_kwargs) -> None:
        if ("lat" in data) != ("long" in data):
            missing, given = ("lat", "long") if "lat" not in data else ("long", "lat")
            raise ValidationError(f"is required when {given} is given", missing)
        if not ({"lat", "address_string", "address_id"} & data.keys()):
            raise ValidationError("is required: send lat and long, address_string or address_id", "location")

    @post_load
    def _to_lodging(self, data: dict, **_kwargs) -> dict:
        """The arguments of `intake.service.lodge_grievance`, and the media_url kept with the request (never
        fetched by us). device_id and account_id are checked but not kept: GeoReport leaves them to the client."""
        name = " ".join(data.get(k, "").strip() for k in ("first_name", "last_name")).strip()
        address = data.get("address_string") or (f"address_id {data['address_id']}" if data.get("address_id") else None)
        return {"category": data["service_code"].strip(), "district": data["district"].strip().upper(),
                "subdivision": (data.get("subdivision") or "").strip().upper() or None,
                "block": (data.get("block") or "").strip().upper() or None,
                "is_emergency": data["is_emergency"], "latitude": data.get("lat"), "longitude": data.get("long"),
                "address": address, "mobile": normalise_mobile(data.get("phone") or ""),
                "email": data.get("email") or None,
                "description": data["description"].strip(), "media_url": data.get("media_url"),
                "complainant_name": name if len(name) >= 2 else DEFAULT_NAME}


class IsoDateTime(fields.Field):
    """An ISO 8601 time; one without an offset is taken as India time, where the grievances are."""

    def _deserialize(self, value, attr, data, **kwargs) -> datetime:
        try:
            at = datetime.fromisoformat(str(value).strip())
        except ValueError as error:
            raise ValidationError("must be an ISO 8601 date and time, e.g. 2026-11-01T00:00:00+05:30") from error
        return at if at.tzinfo else at.replace(tzinfo=IST)


class CommaList(fields.Field):
    """A comma-separated list (service_request_id=a,b), as the specification writes multiple values."""

    def __init__(self, *, choices: tuple[str, ...] | None = None, upper: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.choices, self.upper = choices, upper

    def _deserialize(self, value, attr, data, **kwargs) -> list[str]:
        items = [item.strip() for item in str(value).split(",") if item.strip()]
        items = [item.upper() for item in items] if self.upper else items
        wrong = [item for item in items if self.choices and item not in self.choices]
        if wrong or len(items) > 1000:
            allowed = " or ".join(self.choices or ())
            raise ValidationError(f"must be {allowed}, comma-separated" if wrong else "may list at most 1,000 values")
        return items


class RequestsQuery(Schema):
    """GET requests filters; service_request_id overrides all the others, as the specification says."""

    class Meta:
        unknown = EXCLUDE

    service_request_id = CommaList(upper=True, load_default=list)
    service_code = CommaList(load_default=list)
    status = CommaList(choices=("open", "closed"), load_default=list)
    start_date = IsoDateTime(load_default=None)
    end_date = IsoDateTime(load_default=None)

    @validates_schema
    def _at_most_90_days(self, data: dict, **_kwargs) -> None:
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            raise ValidationError("must not be before start_date", "end_date")
        if start and end and end - start > WINDOW:
            raise ValidationError("may not be more than 90 days after start_date", "end_date")

    @post_load
    def _default_window(self, data: dict, **_kwargs) -> dict:
        """The specification's default: the last 90 days; a window given by one end spans 90 days from it."""
        start, end = data["start_date"], data["end_date"]
        if end is None:
            end = start + WINDOW if start else clock.now()
        data["start_date"], data["end_date"] = start or end - WINDOW, end
        return data


def request_body(request: Request) -> dict:
    """A POST body as one flat mapping: form-encoded (the specification's way) or JSON, where answers may also
    come nested as {"attribute": {"district": "PUR"}}."""
    if not request.is_json:
        return _given({key: request.form.get(key) for key in request.form})
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise AppError(400, "invalid_input", "The body is not JSON holding an object of Open311 fields; "
                                             "send it form-encoded, as the specification says, or as a JSON object.")
    flat = {key: value for key, value in body.items() if key != "attribute"}
    attributes = body.get("attribute")
    if isinstance(attributes, dict):
        flat.update({f"attribute[{code}]": value for code, value in attributes.items()})
    return _given(flat)


def _given(body: dict) -> dict:
    """Forms send empty fields for what the user left blank: those count as not sent, like JSON nulls."""
    return {key: value for key, value in body.items()
            if value is not None and not (isinstance(value, str) and not value.strip())}


def load(schema: Schema, data) -> dict:
    """Validated input, or a 400 AppError with one sentence per problem, each naming its field."""
    try:
        return schema.load(data)
    except ValidationError as error:
        messages = error.normalized_messages()
        problems = {field: [f"{field} {text}" for text in _flatten(msgs)] for field, msgs in messages.items()}
        first = next(iter(problems.values()))[0]
        raise AppError(400, "invalid_input", first, problems) from error


def _flatten(messages) -> list[str]:
    if isinstance(messages, dict):
        return [m for inner in messages.values() for m in _flatten(inner)]
    if isinstance(messages, list):
        return [m for inner in messages for m in _flatten(inner)]
    return [str(messages)]
