"""Which open grievances tell of one problem: of one office and category, lodged within WINDOW of each other, their
descriptions alike (cosine of TF-IDF character 2-4-grams, so English and Bengali spellings both work) and, when
both carry a location, within RADIUS_KM. Linked pairs chain into groups; a group of MIN_SIZE or more is a candidate
mass grievance. Pure: no database."""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

MIN_SIZE = 3
ALIKE = 0.45
WINDOW = timedelta(hours=72)
RADIUS_KM = 2.0


@dataclass(frozen=True)
class Complaint:
    grievance_id: int
    text: str
    lodged_at: datetime
    latitude: float | None = None
    longitude: float | None = None


def _km(a: Complaint, b: Complaint) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def _near(a: Complaint, b: Complaint) -> bool:
    located = None not in (a.latitude, a.longitude, b.latitude, b.longitude)
    return abs(a.lodged_at - b.lodged_at) <= WINDOW and (not located or _km(a, b) <= RADIUS_KM)


def groups(complaints: list[Complaint], *, min_size: int = MIN_SIZE) -> list[tuple[list[int], float]]:
    """Groups of grievance ids (earliest first) telling of one problem, each with its mean likeness."""
    if len(complaints) < min_size:
        return []
    matrix = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True).fit_transform(
        [c.text.lower() for c in complaints])
    alike = cosine_similarity(matrix)
    parent = list(range(len(complaints)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
    for i in range(len(complaints)):
        for j in range(i + 1, len(complaints)):
            if alike[i, j] >= ALIKE and _near(complaints[i], complaints[j]):
                parent[root(i)] = root(j)
    members: dict[int, list[int]] = {}
    for i in range(len(complaints)):
        members.setdefault(root(i), []).append(i)
    out = []
    for indices in members.values():
        if len(indices) >= min_size:
            indices.sort(key=lambda i: (complaints[i].lodged_at, complaints[i].grievance_id))
            pairs = [alike[i, j] for n, i in enumerate(indices) for j in indices[n + 1:]]
            out.append(([complaints[i].grievance_id for i in indices], round(float(sum(pairs) / len(pairs)), 3)))
    return out
