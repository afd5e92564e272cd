"""Initiatives placed on a map: one marker per initiative and municipality, from the gazetteer points."""

from __future__ import annotations

import re

from . import queries
from .store import Store

POINT = re.compile(r"POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)", re.IGNORECASE)


def place_points(store: Store) -> dict[str, tuple[float, float]]:
    """Municipality IRI -> (latitude, longitude) of its municipality-level point."""
    points = {}
    for row in queries.select(store, "place_points"):
        match = POINT.search(str(row["wkt"]))
        if match:
            longitude, latitude = float(match.group(1)), float(match.group(2))
            points[str(row["place"])] = (latitude, longitude)
    return points


def municipality_regions(store: Store) -> dict[str, str]:
    """Municipality IRI -> county IRI."""
    return {str(row["municipality"]): str(row["region"]) for row in queries.select(store, "municipality_regions")}


def markers(items: list[dict], points: dict[str, tuple[float, float]]) -> tuple[list[dict], list[dict]]:
    """(markers, initiatives without a municipality point) for search result items."""
    placed, unplaced = [], []
    for item in items:
        spots = [(place, points[place["iri"]]) for place in item["places"] if place["iri"] in points]
        if not spots:
            unplaced.append(item)
        for place, (latitude, longitude) in spots:
            placed.append({
                "slug": item["slug"], "label": item["label"], "place": place["label"],
                "lat": latitude, "lon": longitude,
                "status": item["status"]["slug"] if item["status"] else None,
                "resources": [r["label"] for r in item["resource_types"]],
            })
    return placed, unplaced
