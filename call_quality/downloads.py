"""Serving a call recording: typed by its checked content, read back only when it still matches its checksum."""
from __future__ import annotations

import io
from pathlib import Path

from flask import Response, send_file

from attachments import storage
from call_quality.models import CallRecord
from core.errors import AppError


def send_recording(call: CallRecord, root: Path) -> Response:
    try:
        content = storage.get(root, call.recording_sha256)
    except (storage.DamagedFile, FileNotFoundError):
        raise AppError(500, "recording_damaged", "This recording is damaged in storage; the administrators are "
                                                 "alerted.") from None
    response = send_file(io.BytesIO(content), mimetype=call.recording_content_type, etag=call.recording_sha256,
                         download_name=call.recording_name, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
