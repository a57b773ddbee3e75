"""The category model: character n-grams of the description (read through text_models.bilingual, so what is
learnt from English cases serves Bengali ones and back; no tokeniser needed)
weighted by TF-IDF, and a logistic regression over the categories. Trained on most of the cases, measured on the
rest (top-1 and top-3 accuracy against always guessing the commonest category). Pure: no database."""
from __future__ import annotations

from collections import Counter

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline

from text_models.bilingual import comparable

HELD_OUT = 0.2
SEED = 7


def pipeline() -> Pipeline:
    return Pipeline([("ngrams", TfidfVectorizer(analyzer="char_wb", preprocessor=comparable, ngram_range=(2, 4),
                                                min_df=2, sublinear_tf=True, max_features=200_000)),
                     ("classes", LogisticRegression(max_iter=2000, C=5.0))])


def top(model: Pipeline, texts: list[str], k: int = 3) -> list[list[tuple[str, float]]]:
    """The `k` likeliest categories of each text with their probability, likeliest first."""
    classes = model.classes_
    return [sorted(zip(classes, map(float, row), strict=True), key=lambda c: -c[1])[:k]
            for row in model.predict_proba(texts)]


def train(texts: list[str], labels: list[str]) -> tuple[Pipeline, dict]:
    """The model fitted on every case, and its accuracy measured by one fitted on (1 - HELD_OUT) of them."""
    counts = Counter(labels)
    stratify = labels if min(counts.values()) >= 2 else None
    train_x, test_x, train_y, test_y = train_test_split(texts, labels, test_size=HELD_OUT, random_state=SEED,
                                                        stratify=stratify)
    measured = pipeline().fit(train_x, train_y)
    ranked = top(measured, test_x, k=3)
    top1 = sum(r[0][0] == y for r, y in zip(ranked, test_y, strict=True)) / len(test_y)
    top3 = sum(y in [c for c, _p in r] for r, y in zip(ranked, test_y, strict=True)) / len(test_y)
    baseline = Counter(train_y).most_common(1)[0][0]
    metrics = {"top1": round(top1, 3), "top3": round(top3, 3), "held_out": len(test_y),
               "baseline_top1": round(sum(y == baseline for y in test_y) / len(test_y), 3),
               "categories": len(counts)}
    return pipeline().fit(texts, labels), metrics
