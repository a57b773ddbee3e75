"""Use cases of attachments: upload (checked by content), link to a grievance in the caller's transaction, read."""
from __future__ import annotations

import logging
import secrets
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from attachments import storage
from attachments.models import Attachment
from attachments.rules import UnacceptableFile, safe_filename, sniff
from core import clock
from core.errors import AppError

logger = logging.getLogger(__name__)

MAX_PER_GRIEVANCE = 5
MULTIPART_OVERHEAD = 64 * 1024


def upload_limit(max_bytes: int, files: int = 1) -> int:
    """The largest request body that carries `files` files of `max_bytes` each, with the multipart envelope."""
    return max_bytes * files + MULTIPART_OVERHEAD


def check(content: bytes, *, max_bytes: int) -> str:
    """The file's content type if we keep such a file; otherwise a 413 or 415 saying why."""
    if len(content) > max_bytes:
        raise AppError(413, "attachment_too_large",
                       f"file: {len(content):,} bytes is more than the {max_bytes:,} bytes allowed.",
                       {"file": [f"must be at most {max_bytes:,} bytes"]})
    try:
        return sniff(content)
    except UnacceptableFile as exc:
        raise AppError(415, "unsupported_attachment", f"file: {exc}.", {"file": [str(exc)]}) from None


def upload(session: Session, *, actor, filename: str | None, content: bytes, root: Path,
           max_bytes: int) -> Attachment:
    """Check the file, store it on disk and record it, not yet linked to any grievance."""
    content_type = check(content, max_bytes=max_bytes)
    digest = storage.put(root, content)
    attachment = Attachment(public_id=secrets.token_urlsafe(16), sha256=digest, content_type=content_type,
                            size_bytes=len(content), filename=safe_filename(filename, content_type),
                            uploaded_by_id=actor.user_id or None, uploaded_at=clock.now())
    session.add(attachment)
    session.flush()
    logger.info("attachment %s stored (%s, %s bytes)", attachment.public_id, content_type, len(content))
    return attachment


def link(session: Session, *, actor, public_ids: list[str], grievance_id: int) -> list[Attachment]:
    """Attach the caller's own pending uploads to a grievance; any unknown, foreign or used id is a 422."""
    if not public_ids:
        return []
    already = session.scalar(select(func.count()).select_from(Attachment)
                             .where(Attachment.grievance_id == grievance_id))
    files = attach(unused_uploads(session, actor=actor, public_ids=public_ids, already=already),
                   grievance_id)
    session.flush()
    return files


def unused_uploads(session: Session, *, actor, public_ids: list[str], already: int = 0) -> list[Attachment]:
    """The caller's own uploads named by `public_ids`, not yet cited by any grievance, checked before a grievance
    (with `already` files) cites them: any unknown, foreign or used id, or too many files, is a 422."""
    if not public_ids:
        return []
    rows = {a.public_id: a for a in session.scalars(select(Attachment).where(Attachment.public_id.in_(public_ids)))}
    for public_id in public_ids:
        row = rows.get(public_id)
        if row is None or row.uploaded_by_id != (actor.user_id or None) or row.grievance_id is not None:
            raise AppError.invalid("attachments", f"{public_id} is not a file you uploaded and have not used yet")
    if already + len(rows) > MAX_PER_GRIEVANCE:
        raise AppError.invalid("attachments", f"a grievance keeps at most {MAX_PER_GRIEVANCE} files")
    return list(rows.values())


def attach(uploads: list[Attachment], grievance_id: int) -> list[Attachment]:
    """Cite `uploads` (checked by `unused_uploads`) from the grievance (written at the caller's next flush)."""
    for row in uploads:
        row.grievance_id = grievance_id
    return uploads


def purge_unlinked(session: Session, *, before: datetime, root: Path) -> int:
    """Forget uploads never cited by a grievance since `before`; a file goes once no row refers to it."""
    stale = list(session.scalars(select(Attachment).where(Attachment.grievance_id.is_(None),
                                                         Attachment.uploaded_at < before)))
    for row in stale:
        session.delete(row)
    session.flush()
    for digest in {row.sha256 for row in stale}:
        if not session.scalar(select(func.count()).select_from(Attachment).where(Attachment.sha256 == digest)):
            storage.remove(root, digest)
    return len(stale)


def list_for(session: Session, grievance_id: int) -> list[Attachment]:
    return list(session.scalars(select(Attachment).where(Attachment.grievance_id == grievance_id)
                                .order_by(Attachment.id)))


def get_of_grievance(session: Session, *, grievance_id: int, public_id: str) -> Attachment:
    """A file of this grievance; 404 for an unknown id or another grievance's file."""
    found = session.scalar(select(Attachment).where(Attachment.public_id == public_id))
    if found is None or found.grievance_id != grievance_id:
        raise AppError.not_found("attachment", public_id)
    return found


def read(root: Path, attachment: Attachment) -> bytes:
    """The file's bytes; a file that no longer matches its checksum is never served."""
    try:
        return storage.get(root, attachment.sha256)
    except (storage.DamagedFile, FileNotFoundError):
        logger.error("attachment %s is missing or damaged on disk", attachment.public_id)
        raise AppError(500, "attachment_damaged", "This file is damaged in storage; the administrators are "
                                                  "alerted. Quote its id when asking.") from None
