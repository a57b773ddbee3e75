"""Bengali words read as their English counterparts (inflected forms too), other Bengali words transliterated."""
from __future__ import annotations

from text_models.bilingual import comparable, glossary


def test_glossary_words_inflections_and_place_names_meet_their_english():
    assert comparable("গলিতে বিদ্যুৎ নেই") == "lane electricity no", "-te taken off"
    assert comparable("রেশন কার্ডের আবেদন") == "ration card application", "-er taken off"
    assert comparable("কালীঘাট মন্দিরের কাছে") == "kalighat temple near", "a place name transliterated"
    assert comparable("ট্রান্সফর্মার পুড়ে গেছে।") == "transformer burnt ।", "an auxiliary dropped"
    assert comparable("No WATER at Hura") == "no water at hura", "English is only lower-cased"


def test_an_ending_is_taken_off_only_to_reach_a_glossary_word():
    assert comparable("দিনের") == "days"
    assert comparable("কলকাতার") == "klkatar", "not a glossary word: transliterated whole"


def test_the_glossary_file_is_well_formed():
    words = glossary()
    assert len(words) > 200 and words["জল"] == "water" and words["আছে"] == ""
    assert all(" " not in bengali for bengali in words), "one Bengali word per line"
