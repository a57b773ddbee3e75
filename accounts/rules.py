"""Pure rules about personal data: normalising and masking mobile numbers and addresses."""
from __future__ import annotations

import re

_MOBILE = re.compile(r"^(?:\+?91|0)?([6-9]\d{9})$")


def normalise_mobile(raw: str) -> str | None:
    """An Indian mobile number in E.164 form (+91XXXXXXXXXX), or None when it is not one."""
    digits = re.sub(r"[\s\-()]", "", raw or "")
    match = _MOBILE.match(digits)
    return f"+91{match.group(1)}" if match else None


def mask_mobile(mobile: str | None) -> str | None:
    if not mobile:
        return mobile
    return mobile[:3] + "*" * (len(mobile) - 7) + mobile[-4:]


def mask_text(text: str | None) -> str | None:
    """Addresses and names for roles that need to know one exists, not what it says."""
    if not text:
        return text
    return text[0] + "***"
