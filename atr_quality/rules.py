"""Pure rules: when an Action Taken Report looks like boilerplate. No I/O.

Signs, per ATR: very short (under SHORT_CHARS characters once spaces are squeezed), "does not pertain", or nearly
the same words as an ATR of another case of the same office (rapidfuzz's token-set ratio at least NEAR, so a
template with a changed name or number still matches). An office is flagged when at least FLAG_SHARE of its ATRs
in the month show a sign, over at least FLAG_MIN ATRs."""
from __future__ import annotations

import re

import numpy
from rapidfuzz import fuzz, process

SHORT_CHARS = 60
NEAR = 90
FLAG_SHARE = 0.3
FLAG_MIN = 3
SAMPLE = 500  # the latest ATRs of an office compared pairwise (a bounded all-pairs comparison)
_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")


def normalised(text: str) -> str:
    """Lower case, numbers as '#', spaces squeezed: what a template keeps between cases."""
    return _SPACES.sub(" ", _DIGITS.sub("#", text.lower())).strip()


def is_short(text: str) -> bool:
    return len(_SPACES.sub(" ", text).strip()) < SHORT_CHARS


def near_twins(texts: list[tuple[object, str]]) -> set[int]:
    """Indexes of the (case, text) pairs whose text nearly repeats that of another case."""
    if len(texts) < 2:
        return set()
    words = [normalised(text) for _case, text in texts]
    cases = numpy.array([case for case, _text in texts])
    alike = process.cdist(words, words, scorer=fuzz.token_set_ratio, score_cutoff=NEAR, workers=1) >= NEAR
    alike &= cases[:, None] != cases[None, :]  # another case's, so never the ATR itself
    return set(numpy.flatnonzero(alike.any(axis=1)).tolist())


def is_flagged(atrs: int, signs: int) -> bool:
    return atrs >= FLAG_MIN and signs / atrs >= FLAG_SHARE
