"""Benchmark: the text models on a synthetic month of grievances (no real citizens' texts are in the repository).

Texts are made from per-category phrase pools in English and Bengali (the seeds' categories: ration card, power,
water, roads, pensions...), with districts, places and noise words, and a share of them deliberately ambiguous
(a phrase of another category mixed in). Measured: the category model's top-1 and top-3 accuracy on held-out
texts against always guessing the commonest category (text_models/category.py); across languages, the top-1 accuracy
on Bengali descriptions of a model that learnt from English ones only, read through text_models.bilingual and as
written; and the time and memory to group N texts into themes (themes/rules.py). Results go to
bench/results/text_models.json.

Usage: .venv/bin/python bench/text_models.py [--n 100000] [--train 20000]
"""
from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from text_models import category  # noqa: E402
from themes import rules  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "text_models.json"
POOLS = {
    "FOOD_RATION_CARD": ["ration card not issued", "ration card application pending", "name wrong on ration card",
                         "রেশন কার্ড পাইনি", "রেশন কার্ডে নাম ভুল"],
    "FOOD_PDS_DEALER": ["ration dealer gives short weight", "dealer refuses rice", "PDS shop closed all week",
                        "রেশন ডিলার কম দিচ্ছে", "রেশন দোকান বন্ধ"],
    "POWER_OUTAGE": ["no electricity for days", "transformer burnt", "power cut every evening",
                     "বিদ্যুৎ নেই", "ট্রান্সফর্মার পুড়ে গেছে"],
    "POWER_BILLING": ["electricity bill too high", "wrong meter reading on bill", "billed for another meter",
                      "বিদ্যুতের বিল বেশি এসেছে", "মিটার রিডিং ভুল"],
    "PHE_DRINKING_WATER": ["no drinking water supply", "tap water stopped", "pipeline broken, no water",
                           "পানীয় জল পাচ্ছি না", "জলের কল বন্ধ"],
    "PHE_TUBEWELL": ["tube-well not repaired", "tube-well gives dirty water", "hand pump broken",
                     "নলকূপ খারাপ", "টিউবওয়েল সারানো হয়নি"],
    "PRD_ROAD_REPAIR": ["village road full of potholes", "road washed away in rain", "Pathashree road not built",
                        "গ্রামের রাস্তা ভাঙা", "রাস্তায় গর্ত"],
    "PRD_OLD_AGE_PENSION": ["old-age pension not received", "pension stopped three months", "Jai Bangla pension",
                            "বার্ধক্য ভাতা পাইনি", "পেনশন বন্ধ"],
    "WCD_LAKSHMIR_BHANDAR": ["Lakshmir Bhandar money not credited", "Lakshmir Bhandar stopped",
                             "লক্ষ্মীর ভাণ্ডারের টাকা আসেনি", "লক্ষ্মীর ভাণ্ডার বন্ধ"],
    "LAND_MUTATION": ["land mutation pending at BLRO", "mutation application not done", "জমির মিউটেশন হয়নি",
                      "মিউটেশনের আবেদন পড়ে আছে"],
}
NOISE = ["please help", "since last month", "for two weeks", "in our para", "near the school", "কেউ দেখছে না",
         "অনেক দিন ধরে", "urgent", "we are poor people", "I have complained before", "at the block office"]
PLACES = ["Hura", "Khatra", "Raghunathpur", "Bishnupur", "Suri", "Kalna", "Tamluk", "Contai", "Siliguri", "Malda"]


def corpus(n: int, seed: int = 11, ambiguous: float = 0.15) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    weights = [rng.uniform(0.5, 3) for _ in POOLS]  # categories are not equally common
    labels = rng.choices(list(POOLS), weights=weights, k=n)
    texts = []
    for label in labels:
        words = [rng.choice(POOLS[label]), rng.choice(NOISE), rng.choice(PLACES), rng.choice(NOISE)]
        if rng.random() < ambiguous:
            words.insert(rng.randrange(len(words)), rng.choice(POOLS[rng.choice(list(POOLS))]))
        rng.shuffle(words)
        texts.append(", ".join(words) + ".")
    return texts, labels


def across_languages(n: int = 4000, seed: int = 13) -> dict:
    """Top-1 accuracy on Bengali-only descriptions of a category model fitted on English-only ones."""
    rng = random.Random(seed)

    def texts(bengali: bool) -> tuple[list[str], list[str]]:
        labels = rng.choices(list(POOLS), k=n)
        return [", ".join([rng.choice([p for p in POOLS[label] if bool(re.search("[\u0980-\u09ff]", p)) == bengali]),
                           rng.choice(NOISE), rng.choice(PLACES)]) for label in labels], labels

    (train_x, train_y), (test_x, test_y) = texts(False), texts(True)
    measured = {"trained_on_english": n, "bengali_held_out": n}
    for reading, model in (("bilingual", category.pipeline()),
                           ("as_written", category.pipeline().set_params(ngrams__preprocessor=None))):
        predicted = model.fit(train_x, train_y).predict(test_x)
        measured[f"top1_{reading}"] = round(sum(p == y for p, y in zip(predicted, test_y, strict=True)) / n, 3)
    return measured


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000, help="texts grouped into themes (a month)")
    parser.add_argument("--train", type=int, default=20_000, help="texts the category model learns from")
    args = parser.parse_args()
    texts, labels = corpus(args.train)
    started = time.perf_counter()
    _model, metrics = category.train(texts, labels)
    metrics["train_seconds"] = round(time.perf_counter() - started, 1)
    print("category:", metrics, flush=True)
    metrics["across_languages"] = across_languages()
    print("across languages:", metrics["across_languages"], flush=True)

    month, _labels = corpus(args.n, seed=12)
    started = time.perf_counter()
    themes, grouping = rules.group(month)
    took = time.perf_counter() - started
    grouped = {"texts": args.n, "themes": grouping.kmeans.n_clusters, "seconds": round(took, 1),
               "like_no_theme": sum(t == rules.OTHER for t in themes),
               "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
    print("themes:", grouped, flush=True)
    RESULTS.write_text(json.dumps({"measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                                   "synthetic": True, "category": metrics, "themes": grouped}, indent=1) + "\n")


if __name__ == "__main__":
    main()
