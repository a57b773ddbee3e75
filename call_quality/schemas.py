"""Marshmallow schemas of the call-quality endpoints."""
from marshmallow import Schema, fields, validate

from intake.schemas import MAX_DESCRIPTION


class SampleArgs(Schema):
    days = fields.Integer(load_default=7, validate=validate.Range(min=1, max=90),
                          metadata={"description": "lodgings of the last N days"})
    per_operator = fields.Integer(load_default=5, validate=validate.Range(min=1, max=50))


class ScoreArgs(Schema):
    weeks = fields.Integer(load_default=12, validate=validate.Range(min=1, max=104))


class ReviewIn(Schema):
    category_ok = fields.Boolean(required=True, metadata={"description": "the category was registered rightly"})
    district_ok = fields.Boolean(required=True)
    text_ok = fields.Boolean(required=True, metadata={"description": "the text says what the caller said"})
    remark = fields.String(validate=validate.Length(max=2000),
                           metadata={"description": "required when anything is wrong"})
    send_back = fields.Boolean(load_default=False, metadata={"description": "send to the operator for correction"})


class CorrectionIn(Schema):
    category = fields.String(required=True, validate=validate.Length(min=2, max=40))
    district = fields.String(required=True, validate=validate.Length(min=2, max=20))
    description = fields.String(required=True, validate=validate.Length(min=10, max=MAX_DESCRIPTION))


class CallIn(Schema):
    call_reference = fields.String(validate=validate.Length(max=80),
                                   metadata={"description": "the telephony system's id of the call"})


class RecordingIn(Schema):
    recording = fields.Raw(metadata={"type": "string", "format": "binary",
                                     "description": "WAV, MP3, Ogg or M4A; judged by content"})


class CodeNamesOut(Schema):
    en = fields.String()
    bn = fields.String()


class ReviewOut(Schema):
    id = fields.Integer()
    category_ok = fields.Boolean()
    district_ok = fields.Boolean()
    text_ok = fields.Boolean()
    remark = fields.String(allow_none=True)
    status = fields.String(metadata={"description": "accepted, sent_back or corrected"})
    score = fields.Float(metadata={"description": "share of the three facts registered rightly"})
    reviewed_at = fields.DateTime()
    corrected_at = fields.DateTime(allow_none=True)


class LodgingOut(Schema):
    reg_no = fields.String()
    lodged_at = fields.DateTime()
    category = fields.String()
    category_name = fields.Nested(CodeNamesOut, allow_none=True)
    district = fields.String()
    district_name = fields.Nested(CodeNamesOut, allow_none=True)
    has_call = fields.Boolean()
    description = fields.String()
    complainant_name = fields.String()
    mobile = fields.String(metadata={"description": "masked"})
    operator = fields.String()
    call_reference = fields.String(allow_none=True)
    has_recording = fields.Boolean()
    review = fields.Nested(ReviewOut, allow_none=True)


class SampleRowOut(Schema):
    reg_no = fields.String()
    lodged_at = fields.DateTime()
    category = fields.String()
    district = fields.String()
    has_call = fields.Boolean()


class OperatorSampleOut(Schema):
    operator_id = fields.Integer()
    operator = fields.String()
    lodged = fields.Integer(metadata={"description": "lodgings not yet rated in the period"})
    items = fields.List(fields.Nested(SampleRowOut))


class SentBackOut(ReviewOut):
    reg_no = fields.String()
    operator = fields.String()


class CorrectionOut(Schema):
    reg_no = fields.String()
    lodged_at = fields.DateTime()
    category = fields.String()
    district = fields.String()
    description = fields.String()
    review = fields.Nested(ReviewOut)


class CorrectedOut(Schema):
    reg_no = fields.String()
    changed = fields.List(fields.String())
    rerouted = fields.Boolean()
    note = fields.String(allow_none=True)


class WeekScoreOut(Schema):
    week = fields.Date(metadata={"description": "Monday of the week of lodging (IST)"})
    reviews = fields.Integer()
    score = fields.Float()


class OperatorScoresOut(Schema):
    operator_id = fields.Integer()
    operator = fields.String()
    weeks = fields.List(fields.Nested(WeekScoreOut))


class ScoresOut(Schema):
    weeks = fields.List(fields.Date())
    operators = fields.List(fields.Nested(OperatorScoresOut))


class CallOut(Schema):
    call_reference = fields.String(allow_none=True)
    recording_name = fields.String(allow_none=True)
    recording_size = fields.Integer(allow_none=True)
