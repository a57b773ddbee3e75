"""Marshmallow schemas of the testimonial endpoints."""
from zoneinfo import ZoneInfo

from marshmallow import Schema, fields, validate

from testimonials.models import ConsentMethod, TestimonialStatus

MAX_QUOTE = 2000


class TestimonialIn(Schema):
    quote = fields.String(required=True, validate=validate.Length(min=10, max=MAX_QUOTE),
                          metadata={"description": "the citizen's own words"})
    consent_method = fields.String(required=True, validate=validate.OneOf(list(ConsentMethod)),
                                   metadata={"description": "how the citizen consented"})
    consent_at = fields.AwareDateTime(default_timezone=ZoneInfo("Asia/Kolkata"),
                                      metadata={"description": "when the citizen consented (default: now); "
                                                               "a time without offset is read as IST"})
    consent_covers_photo = fields.Boolean(load_default=False,
                                          metadata={"description": "the citizen agreed the photo may be published"})
    attachment = fields.String(validate=validate.Length(min=8, max=40),
                               metadata={"description": "id from POST /attachments: a photo (JPEG, PNG) or a PDF"})


class DecisionIn(Schema):
    approve = fields.Boolean(required=True)
    note = fields.String(validate=validate.Length(max=1000),
                         metadata={"description": "required when rejecting: why it is not published"})


class ReviewArgs(Schema):
    status = fields.String(load_default=TestimonialStatus.PENDING,
                           validate=validate.OneOf([*TestimonialStatus, "all"]))


class FileOut(Schema):
    id = fields.String()
    name = fields.String()
    content_type = fields.String()


class TestimonialOut(Schema):
    id = fields.Integer()
    reg_no = fields.String()
    status = fields.String()
    quote = fields.String()
    consent_method = fields.String()
    consent_at = fields.DateTime()
    consent_recorded_by = fields.String()
    consent_covers_photo = fields.Boolean()
    created_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)
    decision_note = fields.String(allow_none=True)
    file = fields.Nested(FileOut, allow_none=True)


class NamesOut(Schema):
    en = fields.String()
    bn = fields.String()


class PublishedOut(Schema):
    id = fields.Integer()
    quote = fields.String()
    department = fields.Nested(NamesOut)
    district = fields.Nested(NamesOut)
    redressed_month = fields.String(metadata={"example": "2026-11"})
    has_photo = fields.Boolean()


class PublishedPage(Schema):
    items = fields.List(fields.Nested(PublishedOut))
    total = fields.Integer()


class PageArgs(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=1_000_000))
