"""The call behind a call-centre lodging: its reference and recording, kept with the case for quality leads."""
from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.models import Role
from attachments import storage
from attachments.rules import UnacceptableFile, safe_filename
from call_quality.models import CallRecord
from call_quality.rules import EXTENSIONS, check_call_reference, sniff_recording
from case_api.history import append_event
from case_api.models import Grievance
from core import clock
from core.errors import AppError

logger = logging.getLogger(__name__)


def check_recording(content: bytes, *, max_bytes: int) -> str:
    """The recording's audio type, or a 413/415 AppError naming the `recording` field."""
    if len(content) > max_bytes:
        raise AppError(413, "recording_too_large", f"recording: more than the {max_bytes:,} bytes allowed.",
                       {"recording": [f"must be at most {max_bytes:,} bytes"]})
    try:
        return sniff_recording(content)
    except UnacceptableFile as exc:
        raise AppError(415, "unsupported_recording", f"recording: {exc}.", {"recording": [str(exc)]}) from None


def checked_call(reference: str | None, recording: tuple[str, bytes] | None, *, max_bytes: int) -> dict:
    """The call fields, validated before anything is stored; per-field problems in one 422."""
    problems: dict[str, list[str]] = {}
    call = {"reference": None, "recording": None}
    if reference:
        try:
            call["reference"] = check_call_reference(reference)
        except ValueError as exc:
            problems["call_reference"] = [str(exc)]
    if recording:
        try:
            call["recording"] = (recording[0], recording[1], check_recording(recording[1], max_bytes=max_bytes))
        except AppError as exc:
            problems.update(exc.fields)
    if problems:
        raise AppError(422, "invalid_input", "The call reference or recording is not right.", problems)
    return call


def keep_call(session: Session, *, actor, grievance: Grievance, call: dict, root: Path) -> CallRecord | None:
    """Keep a checked call (see `checked_call`) with a grievance the actor lodged at the call centre; recorded in
    the case's history. Nothing to keep, nothing written."""
    if not call.get("reference") and not call.get("recording"):
        return None
    if actor.role != Role.CALL_CENTRE_OPERATOR or grievance.lodged_by_id != actor.user_id:
        raise AppError.forbidden("Only the call-centre operator who lodged a grievance keeps its call with it.")
    if session.scalar(select(CallRecord.id).where(CallRecord.grievance_id == grievance.id)):
        raise AppError.conflict("call_kept", f"Grievance {grievance.reg_no} already has its call kept.")
    record = CallRecord(grievance_id=grievance.id, operator_id=actor.user_id, call_reference=call.get("reference"),
                        recorded_at=clock.now())
    if call.get("recording"):
        name, content, content_type = call["recording"]
        record.recording_sha256 = storage.put(root, content)
        record.recording_content_type, record.recording_size = content_type, len(content)
        record.recording_name = safe_filename(name, "application/pdf").removesuffix(".pdf") + EXTENSIONS[content_type]
    session.add(record)
    append_event(session, grievance_id=grievance.id, event_type="call_kept", at=record.recorded_at, actor=actor,
                 data={"call_reference": record.call_reference, "recording": record.recording_sha256})
    session.flush()
    logger.info("call kept with %s", grievance.reg_no)
    return record


def find_call(session: Session, grievance_id: int) -> CallRecord | None:
    return session.scalar(select(CallRecord).where(CallRecord.grievance_id == grievance_id))


def from_lodging_form(actor, values: dict, recording, *, max_bytes: int) -> tuple[dict, dict, dict]:
    """Split the call fields off a lodging form: (the lodging's own values, the checked call, per-field problems).
    Only a call-centre operator's form carries a call; anyone else's call fields are ignored."""
    values = dict(values)
    reference = values.pop("call_reference", None)
    if actor.role != Role.CALL_CENTRE_OPERATOR:
        return values, {}, {}
    posted = (recording.filename, recording.read()) if recording and recording.filename else None
    try:
        return values, checked_call(reference, posted, max_bytes=max_bytes), {}
    except AppError as exc:
        return values, {}, exc.fields
