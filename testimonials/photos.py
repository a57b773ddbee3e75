"""A testimonial photo made fit for the public page: decoded and re-encoded by Pillow, so nothing but the pixels
leaves (no EXIF with the GPS position of the citizen's home, no camera serial, no text chunks)."""
from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps

from core.errors import AppError

FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
MAX_PIXELS = 40_000_000  # far above any phone photo; a "decompression bomb" is refused instead of decoded


def public_copy(content: bytes, content_type: str) -> bytes:
    """The photo's pixels only, upright (EXIF orientation applied before the EXIF is dropped), same format."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise ValueError("too many pixels")
                upright = ImageOps.exif_transpose(image)
                if content_type == "image/jpeg" and upright.mode not in ("RGB", "L"):
                    upright = upright.convert("RGB")
                out = io.BytesIO()
                upright.save(out, format=FORMATS[content_type], **({"quality": 90} if content_type == "image/jpeg"
                                                                    else {}))
    except (OSError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise AppError.not_found("photo", "(cannot be shown)") from None
    return out.getvalue()
