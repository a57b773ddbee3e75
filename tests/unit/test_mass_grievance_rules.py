"""Grouping complaints that tell of one problem: alike words, close in time and place; not a loose chain."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mass_grievances.rules import Complaint, groups

START = datetime(2026, 11, 2, 4, 30, tzinfo=UTC)
TRANSFORMER = ["The transformer near Kalighat temple burnt, no electricity in the lane since last night.",
               "Transformer burnt near Kalighat temple; our lane has had no electricity since last night.",
               "no electricity in our lane, the transformer near kalighat temple has burnt",
               "Since last night the Kalighat temple transformer is burnt and the lane has no electricity",
               "Kalighat temple transformer burnt last night. No electricity in the lane."]
OTHERS = ["My old-age pension has not been credited since August.", "The road to the block office is broken.",
          "Ration dealer gives 3 kg instead of 5 kg of rice.", "Tube-well in our para gives dirty water.",
          "Electricity bill of Rs 9,870 for two months; our usual bill is Rs 600.",
          "Street light pole leaning dangerously near the school gate.",
          "New connection applied in June, no meter installed yet."]


def _complaints(texts, *, hours=6, first_id=1, **place):
    return [Complaint(first_id + n, text, START + timedelta(hours=hours * n), **place) for n, text in enumerate(texts)]


def test_one_problem_told_many_ways_is_one_group_and_the_rest_stay_apart():
    found = groups(_complaints(TRANSFORMER) + _complaints(OTHERS, first_id=100))
    assert [ids for ids, _likeness in found] == [[1, 2, 3, 4, 5]]
    assert 0.5 <= found[0][1] <= 1


def test_too_far_apart_in_time_or_place_is_not_one_problem():
    assert groups(_complaints(TRANSFORMER, hours=80)) == [], "each over 72 hours from the next"
    near = _complaints(TRANSFORMER[:3], latitude=22.5204, longitude=88.3467)
    far = [Complaint(50 + n, text, START, latitude=22.62, longitude=88.45) for n, text in enumerate(TRANSFORMER[3:])]
    assert [ids for ids, _l in groups(near + far)] == [[1, 2, 3]], "the ones 15 km away are another place"


def test_a_chain_of_half_alike_texts_does_not_swallow_unrelated_ones():
    drift = ["transformer burnt near the temple", "transformer burnt near the temple lane",
             "burnt near the temple lane school", "near the temple lane school road broken",
             "temple lane school road broken potholes", "school road broken potholes ambulance"]
    for ids, _likeness in groups(_complaints(drift, hours=1)):
        assert not ({1, 6} <= set(ids)), "the two ends of the chain tell of different problems"


def test_bengali_tellings_of_one_problem_group_together():
    bengali = ["কালীঘাট মন্দিরের কাছে ট্রান্সফর্মার পুড়ে গেছে, গলিতে বিদ্যুৎ নেই",
               "গলিতে বিদ্যুৎ নেই, কালীঘাট মন্দিরের কাছের ট্রান্সফর্মার পুড়ে গেছে",
               "কালীঘাট মন্দিরের ট্রান্সফর্মার পুড়ে গেছে, কাল রাত থেকে গলিতে বিদ্যুৎ নেই",
               "বার্ধক্য ভাতা আগস্ট থেকে আসেনি"]
    assert [ids for ids, _l in groups(_complaints(bengali))] == [[1, 2, 3]]


def test_a_bengali_and_an_english_telling_of_one_problem_are_one_group():
    bengali = ["কালীঘাট মন্দিরের কাছে ট্রান্সফর্মার পুড়ে গেছে, গলিতে বিদ্যুৎ নেই",
               "গলিতে বিদ্যুৎ নেই, কালীঘাট মন্দিরের কাছের ট্রান্সফর্মার পুড়ে গেছে"]
    unrelated = ["রেশন ডিলার ৫ কেজির বদলে ৩ কেজি চাল দিচ্ছে", "ব্লক অফিসের রাস্তা ভেঙে গেছে"]
    complaints = (_complaints(TRANSFORMER[:2]) + _complaints(bengali, first_id=3)
                  + _complaints(unrelated + OTHERS, first_id=100))
    assert [ids for ids, _l in groups(complaints)] == [[1, 3, 2, 4]], "both languages, nothing else"
    assert groups(_complaints(bengali[:1] + TRANSFORMER[:1] + unrelated[:1])) == [], "two alike are not a mass"
