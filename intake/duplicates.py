"""Likely duplicates: the same mobile number with a similar description within 30 days. A duplicate is linked
to the earlier grievance, never dropped: the citizen may be adding to it, and officers decide."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from difflib import SequenceMatcher

from sqlalchemy import select
from sqlalchemy.orm import Session

from case_api.models import Grievance

WINDOW = timedelta(days=30)
THRESHOLD = 0.75
_WORDS = re.compile(r"\w+", re.UNICODE)


def similarity(a: str, b: str) -> float:
    """How alike two descriptions are (0..1), ignoring case, punctuation and spacing (works for Bengali too)."""
    return SequenceMatcher(None, " ".join(_WORDS.findall(a.lower())), " ".join(_WORDS.findall(b.lower()))).ratio()


def find_likely_duplicate(session: Session, *, mobile: str | None, description: str,
                          now: datetime) -> tuple[Grievance, float] | None:
    if not mobile:  # an e-mail-only case has no mobile to compare by (and NULL must not match every such case)
        return None
    earlier = session.scalars(select(Grievance).where(Grievance.mobile == mobile, Grievance.lodged_at >= now - WINDOW)
                              .order_by(Grievance.lodged_at.desc()).limit(50))
    scored = [(g, similarity(description, g.description)) for g in earlier]
    best = max(scored, key=lambda pair: pair[1], default=None)
    return best if best and best[1] >= THRESHOLD else None


def earlier_similar(session: Session, *, mobile: str | None, description: str, now: datetime) -> Grievance | None:
    """The earlier grievance a new one would repeat, to tell whoever is lodging before they confirm."""
    if not mobile or len(description.strip()) < 10:
        return None
    found = find_likely_duplicate(session, mobile=mobile, description=description, now=now)
    return found[0] if found else None
