"""POST /intake/sms: the SMS operator's signed webhook for pull-SMS sent to the grievance number."""
from __future__ import annotations

from datetime import UTC

from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate, validates

from accounts.rules import normalise_mobile
from core import clock
from core.db import transaction
from intake import sms

blp = Blueprint("intake_sms", __name__, url_prefix="/intake/sms",
                description="Inbound SMS: lodge with `GRV <district> <grievance>`, track with `STATUS <number>`")

SIGNATURE_HEADERS = [
    {"in": "header", "name": "X-Timestamp", "required": True, "schema": {"type": "string"},
     "description": "unix seconds when the gateway sent the request; refused beyond 5 minutes of our clock"},
    {"in": "header", "name": "X-Signature", "required": True, "schema": {"type": "string"},
     "description": "sha256=<hex HMAC-SHA256 under the shared secret of X-Timestamp + '.' + the raw body>"},
]


class SmsIn(Schema):
    message_id = fields.String(required=True, validate=validate.Length(min=1, max=200),
                               metadata={"description": "the gateway's id; a redelivery is answered as before"})
    sender = fields.String(required=True, data_key="from", validate=validate.Length(max=20),
                           metadata={"example": "+919830012345"})
    text = fields.String(required=True, validate=validate.Length(max=2000))
    received_at = fields.AwareDateTime(default_timezone=UTC)

    @validates("sender")
    def _indian_mobile(self, value: str, **_kwargs) -> None:
        if normalise_mobile(value) is None:
            raise ValidationError("must be an Indian mobile number")


class SmsReplyOut(Schema):
    outcome = fields.String(metadata={"description": "lodged, rejected (a help SMS explains why) or status_reply"})
    reg_no = fields.String(allow_none=True, metadata={"example": "CMO/2026/000123",
                                                      "description": "the grievance lodged, or the one asked about"})
    reply = fields.String(allow_none=True, metadata={
        "description": "the SMS queued to the sender, for the gateway's records: it is sent from our outbox"})


@blp.before_request
def _signed_by_the_gateway() -> None:
    sms.verify_signature(secret=current_app.extensions["settings"].sms_webhook_secret,
                         timestamp=request.headers.get("X-Timestamp"), signature=request.headers.get("X-Signature"),
                         body=request.get_data(cache=True), now=clock.now())


@blp.route("")
class InboundSms(MethodView):
    @blp.doc(parameters=SIGNATURE_HEADERS)
    @blp.arguments(SmsIn)
    @blp.response(200, SmsReplyOut)
    @blp.alt_response(401, description="missing or wrong signature, or a stale timestamp")
    @blp.alt_response(503, description="no SMS_WEBHOOK_SECRET configured")
    def post(self, body):
        """One SMS from a citizen: lodges it, answers a status query, or replies with the format."""
        with transaction() as session:
            return sms.receive_sms(session, message_id=body["message_id"], sender=body["sender"],
                                   text=body["text"], received_at=body.get("received_at"))
