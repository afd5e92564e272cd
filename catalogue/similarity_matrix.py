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
        sizes = np.array([len(values) for values in values_per_row], dtype=np.int64)
        for values in values_per_row:
            column_of_entry.extend(columns.setdefault(value, len(columns)) for value in values)
        entries = np.asarray(column_of_entry, dtype=np.int64)
        row_of_entry = np.repeat(np.arange(len(values_per_row)), sizes)
        order = np.argsort(entries, kind="stable")
        self._set(list(columns), sizes, row_of_entry[order], entries[order])

    def _set(self, columns: list, sizes: np.ndarray, rows_by_column: np.ndarray, column_of_entry: np.ndarray) -> None:
        self.columns = columns
        self.position = {value: number for number, value in enumerate(columns)}
        self.sizes = sizes
        self.present = sizes > 0
        # the incidence by column: for each value, the rows that hold it
        self.rows_by_column, self.column_of_entry = rows_by_column, column_of_entry
        self.column_offsets = np.concatenate(([0], np.cumsum(np.bincount(column_of_entry, minlength=len(columns)))))

    def updated(self, rows: dict[int, frozenset]) -> "Component":
        """A new component where each row of ``rows`` holds the given values instead (a row past the end is
        added; an empty set empties a row): array operations over the entries, new values as new columns."""
        changed = np.fromiter(rows, dtype=np.int64, count=len(rows))
        keep = ~np.isin(self.rows_by_column, changed)
        kept_rows, kept_columns = self.rows_by_column[keep], self.column_of_entry[keep]
        columns, position = list(self.columns), dict(self.position)
        added = [(position.setdefault(value, len(position)), row) for row, values in rows.items() for value in values]
        columns.extend(value for value, _ in sorted(((v, n) for v, n in position.items() if n >= len(self.columns)),
                                                    key=lambda found: found[1]))
        new_columns = np.array([c for c, _ in added], dtype=np.int64)
        new_rows = np.array([r for _, r in added], dtype=np.int64)
        order = np.argsort(new_columns, kind="stable")
        new_columns, new_rows = new_columns[order], new_rows[order]
        where = np.searchsorted(kept_columns, new_columns, side="right")
        size = max(len(self.sizes), int(changed.max()) + 1 if len(changed) else 0)
        sizes = np.concatenate((self.sizes, np.zeros(size - len(self.sizes), dtype=np.int64)))
        for row, values in rows.items():
            sizes[row] = len(values)
        component = object.__new__(Component)
        component._set(columns, sizes, np.insert(kept_rows, where, new_rows), np.insert(kept_columns, where, new_columns))
        return component

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

    def updated(self, profiles: dict) -> "ProfileMatrix":
        """A new matrix where each profile of ``profiles`` (IRI -> profile, None: gone) replaces its row; a new
        IRI gets a new row, a gone one an empty row (it scores 0 against everything, so it is never ranked)."""
        new = object.__new__(ProfileMatrix)
        new.iris, new.row = list(self.iris), dict(self.row)
        for iri in profiles:
            if iri not in new.row:
                new.row[iri] = len(new.iris)
                new.iris.append(iri)
        grown = len(new.iris) - len(self.iris)
        rows = {new.row[iri]: profile for iri, profile in profiles.items()}
        values = lambda name: {n: (p.sets.get(name, frozenset()) if p else frozenset()) for n, p in rows.items()}  # noqa: E731
        new.components = {name: component.updated(values(name)) for name, component in self.components.items()}
        new.counties = self.counties.updated(values("region"))
        new.latitude = np.concatenate((self.latitude, np.full(grown, np.nan)))
        new.longitude = np.concatenate((self.longitude, np.full(grown, np.nan)))
        for number, profile in rows.items():
            point = profile.point if profile is not None else None
            new.latitude[number], new.longitude[number] = point if point else (np.nan, np.nan)
        return new

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
