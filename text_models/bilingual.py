"""Bengali and English tellings of one problem made comparable, pure: each Bengali word becomes its English
counterpart from a glossary of grievance words (`bengali_english.tsv`, inflections such as -er, -e, -te taken
off), or else its Latin transliteration (anyascii), so place names and loanwords meet their English spelling
('কালীঘাট' -> 'kalighat'). The character n-gram models (category suggestion, root-cause themes, mass
grievances) read every text through `comparable`; what people see keeps the words as written."""
from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

from anyascii import anyascii

GLOSSARY = Path(__file__).with_name("bengali_english.tsv")
BENGALI_WORD = re.compile(r"[\u0980-\u09ff\u200c\u200d]+")
# Case and number endings, longest first; one is taken off only when what remains is a glossary word.
ENDINGS = tuple(unicodedata.normalize("NFC", e) for e in
                ("গুলোর", "গুলো", "দের", "টির", "টার", "য়ের", "ের", "টি", "টা", "তে", "কে", "রা", "র", "ে", "য়"))


@cache
def glossary() -> dict[str, str]:
    """Bengali word -> its English words ('' for a word dropped), from the data file."""
    words = {}
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            bengali, _tab, english = line.partition("\t")
            words[unicodedata.normalize("NFC", bengali.strip())] = english.strip()
    return words


@lru_cache(maxsize=50_000)
def english(word: str) -> str:
    """The English counterpart of one Bengali word, or its transliteration."""
    words = glossary()
    if word in words:
        return words[word]
    for ending in ENDINGS:
        stem = word[:-len(ending)]
        if word.endswith(ending) and len(stem) > 1 and stem in words:
            return words[stem]
    return anyascii(word).replace("'", "")


def comparable(text: str) -> str:
    """The text lower-cased, with its Bengali words in English (or transliterated)."""
    text = unicodedata.normalize("NFC", text)
    return BENGALI_WORD.sub(lambda m: english(m.group()), text).lower()
