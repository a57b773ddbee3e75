"""Marshmallow schemas of lodging."""
from marshmallow import Schema, ValidationError, fields, validate, validates

MAX_DESCRIPTION = 8000


class LodgeIn(Schema):
    complainant_name = fields.String(required=True, validate=validate.Length(min=2, max=200))
    mobile = fields.String(validate=validate.Length(max=20),
                           metadata={"description": "required when an operator lodges for a citizen"})
    email = fields.Email(validate=validate.Length(max=200))
    address = fields.String(validate=validate.Length(max=1000))
    district = fields.String(required=True, validate=validate.Length(min=2, max=20), metadata={
        "description": "a district code of GET /api/v1/districts", "x-code-list": "/api/v1/districts"})
    subdivision = fields.String(validate=validate.Length(min=2, max=20), metadata={
        "description": "a sub-division code of GET /api/v1/subdivisions?district=...",
        "x-code-list": "/api/v1/subdivisions"})
    block = fields.String(validate=validate.Length(min=2, max=20), metadata={
        "description": "a community development block code of GET /api/v1/blocks?district=... (rural areas); "
                       "the sub-division follows from it", "x-code-list": "/api/v1/blocks"})
    category = fields.String(required=True, validate=validate.Length(min=2, max=40), metadata={
        "description": "a category code of GET /api/v1/categories", "x-code-list": "/api/v1/categories"})
    description = fields.String(required=True, validate=validate.Length(max=MAX_DESCRIPTION))
    is_emergency = fields.Boolean(load_default=False)
    attachments = fields.List(fields.String(validate=validate.Length(min=8, max=40)), load_default=list,
                              validate=validate.Length(max=5),
                              metadata={"description": "ids from POST /attachments (JPEG, PNG, PDF)"})
    language = fields.String(load_default="en", validate=validate.OneOf(["en", "bn"]),
                             metadata={"description": "language of the SMS the complainant gets"})

    @validates("description")
    def _not_blank(self, value: str, **_kwargs) -> None:
        if len(value.strip()) < 10:
            raise ValidationError("must describe the grievance in at least 10 characters")

    @validates("complainant_name")
    def _name_not_blank(self, value: str, **_kwargs) -> None:
        if not value.strip():
            raise ValidationError("must not be blank")
