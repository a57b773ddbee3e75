"""Marshmallow schemas of the login endpoints."""
import json

from marshmallow import Schema, ValidationError, fields, validate, validates

MAX_CREDENTIAL = 16_000


class OfficerLoginIn(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=80))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200), load_only=True)


class CitizenOtpIn(Schema):
    mobile = fields.String(required=True, validate=validate.Length(min=10, max=20),
                           metadata={"example": "9830012345"})


class ChallengeOut(Schema):
    challenge_id = fields.String()
    method = fields.String(metadata={"description": "sms: a code was sent to the mobile; totp: give the code of "
                                                    "the officer's authenticator app; security_key: the officer's "
                                                    "security key signs (POST /auth/verify-key)"})
    sent_to = fields.String(allow_none=True, metadata={"description": "masked mobile the code was sent to"})
    expires_at = fields.DateTime()
    public_key = fields.Dict(metadata={"description": "security_key only: the options to pass to the browser's "
                                                      "navigator.credentials.get (WebAuthn, JSON form)"})


class VerifyIn(Schema):
    challenge_id = fields.String(required=True, validate=validate.Length(min=1, max=40))
    code = fields.String(required=True, validate=validate.Regexp(r"^\s*\d{6}\s*$", error="must be 6 digits"))


class TokenOut(Schema):
    token = fields.String()
    expires_at = fields.DateTime()
    role = fields.String()
    user_id = fields.Integer()


class VerifyKeyIn(Schema):
    challenge_id = fields.String(required=True, validate=validate.Length(min=1, max=40))
    credential = fields.Dict(required=True, metadata={
        "description": "the security key's answer: the browser's PublicKeyCredential in its JSON form "
                       "(id, rawId, type, response with clientDataJSON, authenticatorData, signature)"})

    @validates("credential")
    def _bounded(self, value: dict, **_kwargs) -> None:
        if len(json.dumps(value)) > MAX_CREDENTIAL:
            raise ValidationError(f"must be at most {MAX_CREDENTIAL:,} characters as JSON")
