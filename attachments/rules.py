"""What a file is, judged by its content and never by its name: JPEG, PNG and PDF are accepted, nothing else."""
from __future__ import annotations

import re
import unicodedata

JPEG, PNG, PDF = "image/jpeg", "image/png", "application/pdf"
EXTENSIONS = {JPEG: ".jpg", PNG: ".png", PDF: ".pdf"}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Active content an officer's PDF reader would run; grievance evidence never needs it.
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|OpenAction|AA)\b")


class UnacceptableFile(ValueError):
    """The file is not one we keep; the message says why, for the person uploading it."""


def sniff(content: bytes) -> str:
    """The content type of `content`, checked from its first and last bytes; raises UnacceptableFile."""
    if not content:
        raise UnacceptableFile("the file is empty")
    tail = content[-1024:].rstrip(b"\r\n\t \x00")
    if content.startswith(b"\xff\xd8\xff"):
        if not tail.endswith(b"\xff\xd9"):
            raise UnacceptableFile("the JPEG image is incomplete (no end-of-image marker)")
        return JPEG
    if content.startswith(_PNG_SIGNATURE):
        if b"IEND" not in content[-64:]:
            raise UnacceptableFile("the PNG image is incomplete (no IEND chunk)")
        return PNG
    if content.startswith(b"%PDF-"):
        if b"%%EOF" not in tail[-64:]:
            raise UnacceptableFile("the PDF is incomplete (no %%EOF marker)")
        if _PDF_ACTIVE.search(content):
            raise UnacceptableFile("the PDF carries scripts, launch actions or embedded files, which are not accepted")
        return PDF
    raise UnacceptableFile("only JPEG, PNG and PDF files are accepted; this file's content is none of them")


def _display_char(char: str) -> str:
    # Letters with their combining signs (Bengali vowel signs are marks, not \w), digits, a little punctuation.
    return char if unicodedata.category(char)[0] in "LMN" or char in "_ .-()" else "_"


def safe_filename(name: str | None, content_type: str) -> str:
    """A display name without paths, control characters or odd punctuation; the extension follows the content."""
    base = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    stem = "".join(map(_display_char, base.rsplit(".", 1)[0] if "." in base else base)).strip(" .")[:150]
    return (stem or "attachment") + EXTENSIONS[content_type]
