"""Schemas of the category suggestion."""
from marshmallow import Schema, fields, validate


class SuggestIn(Schema):
    description = fields.String(required=True, validate=validate.Length(min=10, max=4000),
                                metadata={"description": "the grievance as the complainant tells it"})


class SuggestionOut(Schema):
    category = fields.String(required=True)
    category_name = fields.String(required=True)
    category_name_bn = fields.String(allow_none=True)
    department = fields.String(required=True)
    department_name = fields.String(required=True)
    confidence = fields.Float(required=True, metadata={"description": "the model's probability, 0 to 1"})


class ModelInfoOut(Schema):
    trained_at = fields.DateTime(required=True)
    first_lodged = fields.DateTime(required=True)
    last_lodged = fields.DateTime(required=True)
    cases = fields.Integer(required=True)
    accuracy_top1 = fields.Float(required=True, metadata={"description": "share of held-out cases whose first "
                                                                         "suggestion was their category"})
    accuracy_top3 = fields.Float(required=True)
    baseline_top1 = fields.Float(required=True, metadata={"description": "always guessing the commonest category"})


class SuggestOut(Schema):
    suggestions = fields.List(fields.Nested(SuggestionOut), required=True)
    model = fields.Nested(ModelInfoOut, required=True)
