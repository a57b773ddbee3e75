"""Grouping texts into themes, pure (scikit-learn): TF-IDF of character 2-4-grams within words of the texts made
comparable across English and Bengali (text_models.bilingual; spelling variants still match), reduced to at most
100 dimensions (truncated SVD) and normalised, then k-means with k = the square root of the number of texts (2 to
MAX_THEMES). A text less alike than ALIKE (cosine) to its theme's centre, or alone in its theme, belongs to no theme
(label OTHER): unrelated grievances are not forced into one. Each theme is named by the words that weigh most in it.
The fitted grouping also places other texts (the month before) into the same themes."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import Normalizer

from text_models.bilingual import comparable

MAX_THEMES = 40
ALIKE = 0.5
OTHER = -1
MAX_TEXTS = 5000  # the latest of a month, so a page answers in seconds
SEED = 7
WORD = r"[^\s\d.,;:!?()\[\]\"'।/\-]{3,}"  # words of three letters or more; '।' ends a Bengali sentence
STOP = {"the", "and", "for", "our", "has", "have", "not", "since", "with", "from", "this", "that", "please", "are",
        "was", "been", "there", "they", "their", "them", "its", "all", "any", "into", "only", "case", "about"}


@dataclass
class Grouping:
    features: Pipeline
    kmeans: KMeans
    names: list[list[str]]

    def assign(self, texts: list[str]) -> list[int]:
        if not texts:
            return []
        points = self.features.transform(texts)
        return _alike_only(points, list(self.kmeans.predict(points)), self.kmeans.cluster_centers_)


def _alike_only(points, labels: list[int], centres) -> list[int]:
    """`labels` with OTHER for the texts too unlike their theme's centre."""
    unit = centres / np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-12)
    return [int(label) if float(points[i] @ unit[label]) >= ALIKE else OTHER for i, label in enumerate(labels)]


def theme_count(n: int) -> int:
    return max(2, min(MAX_THEMES, round(math.sqrt(n))))


def group(texts: list[str]) -> tuple[list[int], Grouping]:
    """The theme of each text and the grouping (needs two texts or more)."""
    n = len(texts)
    vectors = TfidfVectorizer(analyzer="char_wb", preprocessor=comparable, ngram_range=(2, 4), min_df=1,
                              sublinear_tf=True, max_features=50_000)
    matrix = vectors.fit_transform(texts)
    dims = max(1, min(100, matrix.shape[1] - 1, n - 1))
    reduce = make_pipeline(TruncatedSVD(n_components=dims, random_state=SEED), Normalizer(copy=False))
    points = reduce.fit_transform(matrix)
    kmeans = KMeans(n_clusters=min(theme_count(n), n), n_init=4, random_state=SEED).fit(points)
    features = Pipeline([("ngrams", vectors), ("reduce", reduce)])
    labels = _alike_only(points, list(kmeans.labels_), kmeans.cluster_centers_)
    sizes = {label: labels.count(label) for label in set(labels)}
    labels = [label if sizes[label] > 1 else OTHER for label in labels]
    return labels, Grouping(features, kmeans, _names(texts, labels, kmeans.n_clusters))


def _names(texts: list[str], labels: list[int], k: int, top: int = 4) -> list[list[str]]:
    words = TfidfVectorizer(token_pattern=WORD, lowercase=True, stop_words=sorted(STOP), min_df=1)
    try:
        matrix = words.fit_transform(texts)
    except ValueError:  # nothing but stop words
        return [[] for _ in range(k)]
    vocabulary = np.array(words.get_feature_names_out())
    names = []
    for theme in range(k):
        rows = [i for i, label in enumerate(labels) if label == theme]
        weights = np.asarray(matrix[rows].mean(axis=0)).ravel() if rows else np.zeros(len(vocabulary))
        names.append([w for w in vocabulary[np.argsort(-weights)[:top]] if re.search(r"\w", w)])
    return names
