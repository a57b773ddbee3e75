"""Marshmallow schemas of attachments."""
from marshmallow import Schema, fields


class UploadIn(Schema):
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary",
                                               "description": "JPEG, PNG or PDF; judged by content"})


class AttachmentOut(Schema):
    id = fields.String(attribute="public_id")
    filename = fields.String()
    content_type = fields.String()
    size_bytes = fields.Integer()
    sha256 = fields.String()
    uploaded_at = fields.DateTime()
    linked = fields.Function(lambda a: a.grievance_id is not None)


class AttachmentList(Schema):
    items = fields.List(fields.Nested(AttachmentOut))
