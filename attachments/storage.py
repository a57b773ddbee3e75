"""Files on disk, outside the database, addressed by their SHA-256: written atomically, verified on every read."""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


class DamagedFile(RuntimeError):
    """A stored file no longer matches its checksum."""


def _path(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256[2:4] / sha256


def put(root: Path, content: bytes) -> str:
    """Store `content` (once: the same bytes share one file) and return its SHA-256 hex digest."""
    digest = hashlib.sha256(content).hexdigest()
    target = _path(root, digest)
    if target.exists() and hashlib.sha256(target.read_bytes()).hexdigest() == digest:
        return digest
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o640)
        os.replace(tmp, target)  # atomic: a reader sees the whole file or none
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return digest


def get(root: Path, sha256: str) -> bytes:
    """The stored bytes, after checking they still hash to `sha256`."""
    content = _path(root, sha256).read_bytes()
    if hashlib.sha256(content).hexdigest() != sha256:
        raise DamagedFile(f"stored file {sha256[:12]} does not match its checksum")
    return content


def remove(root: Path, sha256: str) -> None:
    _path(root, sha256).unlink(missing_ok=True)
