"""One profile scored against every initiative at once, with numpy.

:class:`catalogue.similarity.SimilarityIndex` defines the score of a pair of profiles; scoring
100k initiatives pair by pair in Python takes about half a second. Here each component of every
profile is kept as an incidence by column (for each distinct concept or flow of that component,
the initiatives that hold it), so that for one query profile:

- the similarity of each of its concepts to each distinct column is computed once (the small
  ``m × K`` table, from the same memoised pair function as the pairwise score);
- "for each concept of the query, its best match in the other initiative" is a maximum
  (``np.maximum.at``) over the entries of the related columns only, and "for each concept of the
  other initiative, its best match in the query" a weighted ``bincount`` of the same entries;
- the components are combined with the same weights and the same rule for absent components;
- the place components count only where both sides are placed: ``region`` is 1 where a row
  holds one of the query's counties (the rows of those columns), ``distance`` falls with the km
  between the points.

The result equals the pairwise score (tests compare them on the curated catalogue); only the
order of floating-point additions differs, so scores are rounded before ties are broken by IRI.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

import numpy as np

ROUNDING = 9  # decimals kept before ordering: equal scores stay equal whatever the summation order


class Component:
    """One component of every profile: row i holds the values of initiative i."""

    def __init__(self, values_per_row: Sequence[frozenset]) -> None:
        columns: dict[object, int] = {}
        column_of_entry: list[int] = []
        self.sizes = np.array([len(values) for values in values_per_row], dtype=np.int64)
        for values in values_per_row:
            column_of_entry.extend(columns.setdefault(value, len(columns)) for value in values)
        self.columns = list(columns)
        self.present = self.sizes > 0
        entries = np.asarray(column_of_entry, dtype=np.int64)
        row_of_entry = np.repeat(np.arange(len(values_per_row)), self.sizes)
        # the incidence by column: for each value, the rows that hold it
        self.rows_by_column = row_of_entry[np.argsort(entries, kind="stable")]
        self.column_offsets = np.concatenate(([0], np.cumsum(np.bincount(entries, minlength=len(columns)))))

    def _holding(self, columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(rows, column number) of every entry in the given columns."""
        starts, ends = self.column_offsets[columns], self.column_offsets[columns + 1]
        lengths = ends - starts
        positions = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths) + np.arange(lengths.sum())
        return self.rows_by_column[positions], np.repeat(columns, lengths)

    def best_match(self, query: frozenset, pair: Callable) -> np.ndarray:
        """The symmetric best-match average of ``query`` against every row (0 where a row is empty).

        Only the entries of columns related to the query (similarity above 0) are visited, so
        the cost follows how many initiatives share something with it, not the catalogue size."""
        rows = len(self.sizes)
        if not self.columns:
            return np.zeros(rows)
        table = np.array([[pair(x, y)[0] for y in self.columns] for x in query], dtype=float)  # m × K
        total = np.zeros(rows)
        for similarities in table:  # each query concept's best match in the row
            related = np.flatnonzero(similarities)
            if len(related):
                holders, column = self._holding(related)
                best = np.zeros(rows)
                np.maximum.at(best, holders, similarities[column])
                total += best
        best_of_column = table.max(axis=0)  # each value of the row: its best match among the query's concepts
        related = np.flatnonzero(best_of_column)
        if len(related):
            holders, column = self._holding(related)
            total += np.bincount(holders, weights=best_of_column[column], minlength=rows)
        score = np.zeros(rows)
        score[self.present] = total[self.present] / (len(query) + self.sizes[self.present])
        return score

    def shares(self, query: frozenset) -> np.ndarray:
        """1 where a row holds any value of ``query``, else 0."""
        found = np.zeros(len(self.sizes))
        columns = np.array([number for number, value in enumerate(self.columns) if value in query], dtype=np.int64)
        if len(columns):
            found[self._holding(columns)[0]] = 1.0
        return found


class ProfileMatrix:
    """Every profile of a :class:`SimilarityIndex`, as arrays per component and their points."""

    def __init__(self, profiles: Sequence, components: Sequence[str]) -> None:
        self.iris = [profile.iri for profile in profiles]
        self.row = {iri: number for number, iri in enumerate(self.iris)}
        self.components = {name: Component([profile.sets.get(name, frozenset()) for profile in profiles])
                           for name in components}
        self.counties = Component([profile.sets.get("region", frozenset()) for profile in profiles])
        self.latitude = np.array([p.point[0] if p.point else np.nan for p in profiles], dtype=float)
        self.longitude = np.array([p.point[1] if p.point else np.nan for p in profiles], dtype=float)

    def scores(self, profile, weights: dict[str, float], pairs: dict[str, Callable], scale_km: float) -> np.ndarray:
        """The weighted similarity of ``profile`` to every row (0 where nothing is shared)."""
        rows = len(self.iris)
        total, weight = np.zeros(rows), np.zeros(rows)
        for name, component in self.components.items():
            query = profile.sets.get(name, frozenset())
            if not query:
                weight += weights[name] * component.present  # described on one side only: counts, scores 0
                continue
            weight += weights[name]
            total += weights[name] * component.best_match(query, pairs[name])
        counties = profile.sets.get("region", frozenset())
        if weights["region"] and counties:
            weight += weights["region"] * self.counties.present  # both sides placed in a county
            total += weights["region"] * self.counties.shares(counties)
        if weights["distance"] and profile.point:
            placed = ~np.isnan(self.latitude)
            km = haversine_km(profile.point, self.latitude[placed], self.longitude[placed])
            weight[placed] += weights["distance"]
            total[placed] += weights["distance"] * np.exp(-km / scale_km)
        score = np.divide(total, weight, out=np.zeros(rows), where=weight > 0)
        if profile.iri in self.row:
            score[self.row[profile.iri]] = 0.0  # never similar to itself
        return np.round(score, ROUNDING)

    def top(self, scores: np.ndarray, limit: int) -> list[tuple[float, str]]:
        """The ``limit`` best (score, IRI) with a score above 0, ties broken by IRI."""
        candidates = np.flatnonzero(scores > 0)
        if len(candidates) > limit:
            kth = np.partition(scores[candidates], len(candidates) - limit)[len(candidates) - limit]
            candidates = candidates[scores[candidates] >= kth]  # everything tied with the last place too
        ranked = sorted(((float(scores[i]), self.iris[i]) for i in candidates), key=lambda found: (-found[0], found[1]))
        return ranked[:limit]


def haversine_km(point: tuple[float, float], latitude: np.ndarray, longitude: np.ndarray) -> np.ndarray:
    lat1, lon1 = map(math.radians, point)
    lat2, lon2 = np.radians(latitude), np.radians(longitude)
    h = np.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * np.arcsin(np.sqrt(h))
