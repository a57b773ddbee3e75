"""Call-quality endpoints: quality leads sample, rate and send back operators' lodgings and read weekly scores;
operators keep the call with a lodging and correct what was sent back."""
from __future__ import annotations

from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint

from accounts.auth import current_actor, require_roles
from accounts.models import Role
from attachments import service as attachments
from call_quality import calls, queries, service
from call_quality.downloads import send_recording
from call_quality.schemas import (
    CallIn,
    CallOut,
    CorrectedOut,
    CorrectionIn,
    CorrectionOut,
    LodgingOut,
    OperatorSampleOut,
    RecordingIn,
    ReviewIn,
    SampleArgs,
    ScoreArgs,
    ScoresOut,
    SentBackOut,
)
from case_api.queries import get_visible
from core.db import transaction
from core.request_checks import check_upload_form

blp = Blueprint("call_quality", __name__, url_prefix="/quality", description="Call-centre quality")


@blp.before_request
def _room_for_a_recording() -> None:
    if request.endpoint and request.endpoint.endswith("CallOfLodging"):
        check_upload_form(attachments.upload_limit(current_app.extensions["settings"].attachment_max_bytes))


@blp.route("/sample")
class Sample(MethodView):
    @blp.arguments(SampleArgs, location="query")
    @blp.response(200, OperatorSampleOut(many=True))
    @require_roles(Role.QUALITY_LEAD)
    def get(self, args):
        """A random sample of each operator's call-centre lodgings of the last N days, not yet rated."""
        with transaction(readonly=True) as session:
            return queries.sample_lodgings(session, current_actor(), **args)


@blp.route("/lodgings/<regno:reg_no>")
class Lodging(MethodView):
    @blp.response(200, LodgingOut)
    @require_roles(Role.QUALITY_LEAD)
    def get(self, reg_no):
        """One lodging as registered, with its call and any rating."""
        with transaction(readonly=True) as session:
            return queries.get_lodging(session, current_actor(), reg_no)


@blp.route("/lodgings/<regno:reg_no>/review")
class Review(MethodView):
    @blp.arguments(ReviewIn)
    @blp.response(201, LodgingOut)
    @require_roles(Role.QUALITY_LEAD)
    def post(self, body, reg_no):
        """Rate how faithfully the lodging was registered; `send_back` asks the operator to correct it."""
        actor = current_actor()
        with transaction() as session:
            service.rate_lodging(session, actor=actor, reg_no=reg_no, **body)
            return queries.get_lodging(session, actor, reg_no)


@blp.route("/lodgings/<regno:reg_no>/call")
class CallOfLodging(MethodView):
    @blp.arguments(CallIn, location="form")
    @blp.arguments(RecordingIn, location="files")
    @blp.response(201, CallOut)
    @require_roles(Role.CALL_CENTRE_OPERATOR)
    def post(self, form, files, reg_no):
        """Keep the call (reference and/or recording, multipart) with a grievance you lodged at the call centre."""
        settings, actor = current_app.extensions["settings"], current_actor()
        upload = files.get("recording")
        recording = (upload.filename, upload.read()) if upload else None
        call = calls.checked_call(form.get("call_reference"), recording, max_bytes=settings.attachment_max_bytes)
        with transaction() as session:
            grievance = get_visible(session, actor, reg_no)
            return calls.keep_call(session, actor=actor, grievance=grievance, call=call,
                                   root=settings.attachments_dir)

    @require_roles(Role.QUALITY_LEAD, Role.CALL_CENTRE_OPERATOR)
    def get(self, reg_no):
        """The call recording, for quality leads and the operator who lodged it."""
        with transaction(readonly=True) as session:
            call = queries.recording_of(session, current_actor(), reg_no)
        return send_recording(call, current_app.extensions["settings"].attachments_dir)


@blp.route("/corrections")
class Corrections(MethodView):
    @blp.response(200, CorrectionOut(many=True))
    @require_roles(Role.CALL_CENTRE_OPERATOR)
    def get(self):
        """Your lodgings a quality lead sent back for correction."""
        with transaction(readonly=True) as session:
            return queries.list_corrections(session, current_actor())


@blp.route("/corrections/<int:review_id>")
class Correct(MethodView):
    @blp.arguments(CorrectionIn)
    @blp.response(200, CorrectedOut)
    @require_roles(Role.CALL_CENTRE_OPERATOR)
    def post(self, body, review_id):
        """Correct category, district or text of a lodging sent back to you (recorded in its history)."""
        with transaction() as session:
            return service.correct_registration(session, actor=current_actor(), review_id=review_id, **body)


@blp.route("/sent-back")
class SentBack(MethodView):
    @blp.response(200, SentBackOut(many=True))
    @require_roles(Role.QUALITY_LEAD)
    def get(self):
        """Lodgings sent back for correction in the last 30 days: still waiting, or corrected and when."""
        with transaction(readonly=True) as session:
            return queries.list_sent_back(session, current_actor())


@blp.route("/scores")
class Scores(MethodView):
    @blp.arguments(ScoreArgs, location="query")
    @blp.response(200, ScoresOut)
    @require_roles(Role.QUALITY_LEAD)
    def get(self, args):
        """Each operator's mean score per week of lodging (1 = category, district and text all right)."""
        with transaction(readonly=True) as session:
            return queries.operator_scores(session, current_actor(), **args)
