"""Pure rules of call-centre quality: what a call reference and a call recording may be, and weekly scores."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from attachments.rules import UnacceptableFile

IST = ZoneInfo("Asia/Kolkata")
CALL_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_.:-]{2,79}$")
WAV, MP3, OGG, M4A = "audio/wav", "audio/mpeg", "audio/ogg", "audio/mp4"
EXTENSIONS = {WAV: ".wav", MP3: ".mp3", OGG: ".ogg", M4A: ".m4a"}


def check_call_reference(value: str) -> str:
    """The telephony system's id of the call, as typed; raises ValueError with a sentence for the operator."""
    value = value.strip()
    if not CALL_REFERENCE.match(value):
        raise ValueError("must be 3 to 80 letters, digits or / _ . : - as the telephony system shows it")
    return value


def _is_mp3(content: bytes) -> bool:
    # An ID3 tag, or an MPEG audio frame header (11 sync bits, a layer that is not "reserved").
    return content.startswith(b"ID3") or (len(content) > 1 and content[0] == 0xFF and content[1] & 0xE0 == 0xE0
                                          and content[1] & 0x06 != 0)


def sniff_recording(content: bytes) -> str:
    """The audio type of a call recording, judged by its content: WAV, MP3, Ogg or MP4 audio."""
    if not content:
        raise UnacceptableFile("the recording is empty")
    if content[:4] == b"RIFF" and content[8:12] == b"WAVE":
        return WAV
    if content.startswith(b"OggS"):
        return OGG
    if content[4:8] == b"ftyp" and content[8:11] in (b"M4A", b"mp4", b"iso", b"MP4"):
        return M4A
    if _is_mp3(content):
        return MP3
    raise UnacceptableFile("a call recording must be a WAV, MP3, Ogg or M4A audio file")


def week_of(moment: datetime) -> date:
    """The Monday (IST) of the week `moment` falls in."""
    day = moment.astimezone(IST).date()
    return day - timedelta(days=day.weekday())


def weekly_scores(reviews: list[tuple[int, datetime, float]]) -> dict[int, dict[date, tuple[int, float]]]:
    """(operator, lodged at, score) rows -> per operator, per week of lodging: (reviews, mean score 0..1)."""
    sums: dict[int, dict[date, list[float]]] = {}
    for operator_id, lodged_at, score in reviews:
        sums.setdefault(operator_id, {}).setdefault(week_of(lodged_at), []).append(score)
    return {operator: {week: (len(scores), sum(scores) / len(scores)) for week, scores in sorted(weeks.items())}
            for operator, weeks in sums.items()}
