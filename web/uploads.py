"""Files posted with a page's form: how large such a request may be, reading them, storing them as uploads."""
from __future__ import annotations

from flask import current_app, request

from attachments import service as attachments
from core.request_checks import check_upload_form


def allow_files(count: int) -> None:
    """Let this request carry `count` files of the allowed size (the API-wide body limit is smaller)."""
    check_upload_form(attachments.upload_limit(current_app.extensions["settings"].attachment_max_bytes, count))


def posted_files(limit: int) -> list[tuple[str, bytes]]:
    """(name, content) of the files in the form's `files` input; one past `limit` is kept so linking refuses it."""
    return [(f.filename, f.read()) for f in request.files.getlist("files") if f and f.filename][:limit + 1]


def store(db, actor, files: list[tuple[str, bytes]]) -> list[str]:
    """Store each file (checked by content) as the actor's upload; their ids, to cite when lodging or acting."""
    settings = current_app.extensions["settings"]
    return [attachments.upload(db, actor=actor, filename=name, content=content, root=settings.attachments_dir,
                               max_bytes=settings.attachment_max_bytes).public_id for name, content in files]
