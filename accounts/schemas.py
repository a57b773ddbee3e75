"""Marshmallow schemas of the login endpoints."""
from marshmallow import Schema, fields, validate


class OfficerLoginIn(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=80))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200), load_only=True)


class CitizenOtpIn(Schema):
    mobile = fields.String(required=True, validate=validate.Length(min=10, max=20),
                           metadata={"example": "9830012345"})


class ChallengeOut(Schema):
    challenge_id = fields.String()
    method = fields.String(metadata={"description": "sms: a code was sent to the mobile; totp: give the code of "
                                                    "the officer's authenticator app"})
    sent_to = fields.String(allow_none=True, metadata={"description": "masked mobile the code was sent to"})
    expires_at = fields.DateTime()


class VerifyIn(Schema):
    challenge_id = fields.String(required=True, validate=validate.Length(min=1, max=40))
    code = fields.String(required=True, validate=validate.Regexp(r"^\s*\d{6}\s*$", error="must be 6 digits"))


class TokenOut(Schema):
    token = fields.String()
    expires_at = fields.DateTime()
    role = fields.String()
    user_id = fields.Integer()
