"""Serving a stored file: as a download (never rendered inline), typed by its checked content, tagged by checksum."""
from __future__ import annotations

import io
from pathlib import Path

from flask import Response, send_file

from attachments import service
from attachments.models import Attachment


def send_attachment(attachment: Attachment, root: Path) -> Response:
    response = send_file(io.BytesIO(service.read(root, attachment)), mimetype=attachment.content_type,
                         as_attachment=True, download_name=attachment.filename, etag=attachment.sha256, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
