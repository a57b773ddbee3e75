"""Which open grievances tell of one problem: of one office and category, lodged within WINDOW of each other, their
descriptions alike (cosine of TF-IDF character 2-4-grams over the texts made comparable across English and Bengali,
text_models.bilingual, so a Bengali and an English telling of one problem meet) and, when
both carry a location, within RADIUS_KM. Linked pairs chain into groups; to keep a chain from drifting across
loosely related cases, a chain is peeled into groups: the members linked to its most typical one (the medoid),
then the same again among the rest. A group of MIN_SIZE or more is a candidate mass grievance. Pure: no
database."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer

from text_models.bilingual import comparable

MIN_SIZE = 3
ALIKE = 0.5
WINDOW = timedelta(hours=72)
RADIUS_KM = 2.0
MAX_COMPARED = 3000  # the latest of one office and category in the look-back (a few hundred in a busy week)


@dataclass(frozen=True)
class Complaint:
    grievance_id: int
    text: str
    lodged_at: datetime
    latitude: float | None = None
    longitude: float | None = None


def _km(lat: numpy.ndarray, lon: numpy.ndarray) -> numpy.ndarray:
    """Great-circle distances (haversine) between every two points, in km."""
    lat, lon = numpy.radians(lat), numpy.radians(lon)
    h = (numpy.sin((lat[:, None] - lat[None, :]) / 2) ** 2
         + numpy.cos(lat[:, None]) * numpy.cos(lat[None, :]) * numpy.sin((lon[:, None] - lon[None, :]) / 2) ** 2)
    return 6371 * 2 * numpy.arcsin(numpy.sqrt(numpy.clip(h, 0, 1)))


def _linked(complaints: list[Complaint], alike: numpy.ndarray) -> numpy.ndarray:
    """Pairs alike enough, close enough in time and (when both are located) in place."""
    times = numpy.array([c.lodged_at.timestamp() for c in complaints])
    near_in_time = numpy.abs(times[:, None] - times[None, :]) <= WINDOW.total_seconds()
    lat = numpy.array([numpy.nan if c.latitude is None else c.latitude for c in complaints])
    lon = numpy.array([numpy.nan if c.longitude is None else c.longitude for c in complaints])
    located = ~numpy.isnan(lat) & ~numpy.isnan(lon)
    both = located[:, None] & located[None, :]
    near_in_place = ~both | (numpy.nan_to_num(_km(lat, lon), nan=0.0) <= RADIUS_KM)
    return (alike >= ALIKE) & near_in_time & near_in_place


def groups(complaints: list[Complaint], *, min_size: int = MIN_SIZE) -> list[tuple[list[int], float]]:
    """Groups of grievance ids (earliest first) telling of one problem, each with its mean likeness."""
    complaints = sorted(complaints, key=lambda c: c.lodged_at)[-MAX_COMPARED:]
    if len(complaints) < min_size:
        return []
    matrix = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True,
                             dtype=numpy.float32).fit_transform([comparable(c.text) for c in complaints])
    alike = (matrix @ matrix.T).toarray()  # rows are unit length: the cosine
    linked = _linked(complaints, alike)
    count, labels = connected_components(linked, directed=False)
    out = []
    for label in range(count):
        for kept in _peeled(numpy.flatnonzero(labels == label), alike, linked, min_size):
            kept.sort(key=lambda i: (complaints[i].lodged_at, complaints[i].grievance_id))
            block = alike[numpy.ix_(kept, kept)]
            likeness = (block.sum() - len(kept)) / (len(kept) * (len(kept) - 1))
            out.append(([complaints[i].grievance_id for i in kept], round(float(likeness), 3)))
    return out


def _peeled(members: numpy.ndarray, alike: numpy.ndarray, linked: numpy.ndarray, min_size: int) -> list[list[int]]:
    """The chain's groups: the members linked to its medoid, then the same among the rest, while MIN_SIZE remain."""
    found = []
    while len(members) >= min_size:
        medoid = members[alike[numpy.ix_(members, members)].mean(axis=1).argmax()]
        taken = linked[members, medoid] | (members == medoid)
        if taken.sum() >= min_size:
            found.append([int(i) for i in members[taken]])
        members = members[~taken]
    return found
