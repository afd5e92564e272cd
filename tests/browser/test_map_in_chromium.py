"""The map as an officer uses it (issue 21, item 7), in Debian's Chromium: Sweden's counties drawn from
the file shipped with the app (no tile server: every request stays on localhost, which the page
fixtures check), the four Göteborg initiatives in one cluster that says 4, a legend, a filter carried
from the search shown as a chip that removes it, in Swedish and English, on a phone, with axe — and
the small maps of initiative and place pages drawing their points on the same base map."""

from __future__ import annotations

import json
import re

import pytest

from api.app import create_app
from catalogue.loading import load_catalogue
from catalogue.store import Store

from ..conftest import FIXTURES
from ..servers import running
from .conftest import axe_violations, shot

SEAT = (57.70716, 11.96679)  # Göteborg's municipality-level point in data/places/goteborg-kommun.ttl
#: How far a point may stand from SEAT and still be it: Virtuoso keeps a WKT point in single precision
#: (57.70716 comes back as 57.707160949707).
NEAR = 1e-4


def at_seat(lat: float, lon: float) -> bool:
    return abs(lat - SEAT[0]) < NEAR and abs(lon - SEAT[1]) < NEAR


def text(locator) -> str:
    return re.sub(r"\s+", " ", locator.inner_text()).strip()


def open_map(page, url: str) -> dict:
    page.goto(url)
    page.wait_for_function("() => window.symbiosMap !== undefined")
    counties = page.evaluate("window.symbiosMap.outline")
    page.wait_for_timeout(400)  # the clusters' zoom animation
    return {"counties": counties, "markers": page.evaluate("window.symbiosMap.markers"),
            "in_group": page.evaluate("window.symbiosMap.inGroup()"), "drawn": page.evaluate("window.symbiosMap.drawn()")}


def test_the_map_draws_the_counties_and_clusters_the_goteborg_initiatives(server, page):
    drawn = open_map(page, f"{server}/map")
    assert drawn["counties"] == 21, "Sweden's 21 counties are drawn from the shipped outline"
    assert page.locator("#map .leaflet-pane path").count() >= 21
    assert page.locator(".leaflet-tile").count() == 0, "no tiles without SYMBIOS_MAP_TILES"
    assert drawn["in_group"] == drawn["markers"] > 0, "every marker is in the cluster group"
    assert max(c["count"] for c in drawn["drawn"]) > 4, "over all Sweden, West Sweden's initiatives are one cluster"
    page.evaluate("window.symbiosMap.map.setView([57.70716, 11.96679], 10, {animate: false})")
    page.wait_for_timeout(400)
    markers = json.loads(page.locator("#map-data").text_content())["markers"]
    goteborg = sum(1 for m in markers if at_seat(m["lat"], m["lon"]))
    assert goteborg >= 4, "the Göteborg initiatives of the issue (four or more) are on the page"
    page.evaluate(f"window.symbiosMap.map.setView([{SEAT[0]}, {SEAT[1]}], 11, {{animate: false}})")
    page.wait_for_timeout(400)
    here = [c for c in page.evaluate("window.symbiosMap.drawn()") if abs(c["lat"] - SEAT[0]) < 0.01 and abs(c["lon"] - SEAT[1]) < 0.01]
    assert [c["count"] for c in here] == [goteborg], "the Göteborg initiatives stand at the municipal seat in one cluster"
    cluster = page.locator(".leaflet-marker-icon.map-cluster", has_text=str(goteborg))
    assert cluster.get_attribute("aria-label") == f"{goteborg} initiativ här – zooma in"
    shot(page, "map-1-goteborg")
    page.evaluate("window.symbiosMap.map.fitBounds(window.symbiosBasemap.SWEDEN, {animate: false})")
    assert page.locator(".map-legend").is_visible()
    assert page.get_by_text("flera initiativ nära varandra").is_visible()
    assert "Natural Earth" in page.locator(".leaflet-control-attribution").inner_text()
    shot(page, "map-1-sv")
    assert axe_violations(page) == []


def test_a_cluster_opens_with_the_keyboard_and_its_markers_are_named_links(server, page):
    open_map(page, f"{server}/map")
    page.evaluate(f"window.symbiosMap.map.setView([{SEAT[0]}, {SEAT[1]}], 11, {{animate: false}})")
    page.wait_for_timeout(400)
    goteborg = [c for c in page.evaluate("window.symbiosMap.drawn()") if at_seat(c["lat"], c["lon"])][0]["count"]
    page.locator(f".leaflet-marker-icon.map-cluster[aria-label^='{goteborg} ']").focus()
    page.keyboard.press("Enter")  # the initiatives at one municipal seat open as a fan
    page.wait_for_function("() => document.activeElement.classList.contains('map-dot')")
    assert page.locator(".leaflet-marker-icon.map-dot").count() >= goteborg
    focused = page.evaluate("[document.activeElement.getAttribute('aria-label'), document.activeElement.tabIndex]")
    assert focused[0].endswith("– Göteborg") and focused[1] == 0
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('map-dot')"), "Tab walks through the fan"
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup-content a").first
    link.wait_for()
    assert link.get_attribute("href").startswith("/id/initiative/") and "lang=sv" in link.get_attribute("href")
    shot(page, "map-2-cluster-open")


def test_a_filter_from_the_search_is_a_chip_that_removes_it(server, page):
    filtered = open_map(page, f"{server}/map?resource=technical-water")
    chip = page.locator(".filter-chip[data-facet=resource]")
    assert text(chip).startswith("Resurstyp: Tekniskt vatten ×")
    shot(page, "map-3-filtered")
    chip.click()
    page.wait_for_url(re.compile(r"/map\?(?!.*resource=)"))
    everything = open_map(page, page.url)
    assert 0 < filtered["markers"] < everything["markers"]
    assert page.locator(".filter-chip[data-facet=resource]").count() == 0


def test_the_map_in_english(server, page):
    open_map(page, f"{server}/map?lang=en&resource=technical-water")
    assert text(page.locator(".filter-chip[data-facet=resource]")).startswith("Resource type: Technical water ×")
    assert page.get_by_role("heading", name="Legend").is_visible()
    assert "County borders: Natural Earth" in page.locator(".leaflet-control-attribution").inner_text()
    shot(page, "map-4-en")
    assert axe_violations(page) == []


def test_the_map_on_a_phone(server, phone):
    drawn = open_map(phone, f"{server}/map")
    assert drawn["counties"] == 21
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"no sideways scrolling on a phone ({width} px)"
    box = phone.locator("#map").bounding_box()
    assert box["width"] <= 390 and box["height"] >= 300
    shot(phone, "map-5-phone")
    assert axe_violations(phone) == []


def open_small_map(page, url: str, holder: str) -> dict:
    page.goto(url)
    page.wait_for_function(f"() => window.symbiosSmallMaps && window.symbiosSmallMaps['{holder}']")
    page.wait_for_function(f"() => document.getElementById('{holder}').dataset.outline === '21'")
    page.wait_for_timeout(300)
    return {"markers": page.evaluate(f"window.symbiosSmallMaps['{holder}'].markers"),
            "in_group": page.evaluate(f"window.symbiosSmallMaps['{holder}'].clusters.getLayers().length"),
            "expected": len(json.loads(page.locator(f"#{holder}").get_attribute("data-markers")))}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_an_initiative_page_locates_the_initiative_on_the_county_map(server, page, lang):
    drawn = open_small_map(page, f"{server}/id/initiative/perstorp-oxo?lang={lang}", "locator-map")
    assert drawn["markers"] == drawn["in_group"] == drawn["expected"] >= 1
    dot = page.locator("#locator-map .leaflet-marker-icon.map-dot").first
    assert "Stenungsund" in dot.get_attribute("aria-label")
    assert ("Län: Natural Earth" if lang == "sv" else "Counties: Natural Earth") in page.locator("#locator-map .leaflet-control-attribution").inner_text()
    assert page.locator("#locator-map .leaflet-tile").count() == 0
    shot(page, f"map-6-locator-{lang}")
    assert axe_violations(page) == []


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_place_page_draws_its_initiatives_on_the_county_map(server, page, lang):
    drawn = open_small_map(page, f"{server}/id/place/vastra-gotalands-lan?lang={lang}", "place-map")
    assert drawn["markers"] == drawn["in_group"] == drawn["expected"] > 1
    assert page.locator("#place-map .leaflet-marker-icon").count() >= 1
    shot(page, f"map-7-place-{lang}")
    assert axe_violations(page) == []


def test_the_small_maps_on_a_phone(server, phone):
    open_small_map(phone, f"{server}/id/place/goteborg-kommun", "place-map")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    box = phone.locator("#place-map").bounding_box()
    assert box["width"] <= 390 and box["height"] >= 150
    shot(phone, "map-8-place-phone")
    open_small_map(phone, f"{server}/id/initiative/perstorp-oxo", "locator-map")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "map-9-locator-phone")


def test_tiles_are_drawn_only_from_the_server_that_map_tiles_names(settings, page):
    """A deployment that sets SYMBIOS_MAP_TILES gets tiles under the outline (here a template on this
    server, so the test itself stays on localhost); the attribution names them."""
    tiled = settings.with_(data_dir=FIXTURES / "catalogue", map_tiles="/static/vendor/leaflet/images/layers.png?z={z}&x={x}&y={y}",
                           map_attribution="Test tiles")
    store = Store.open(None)
    load_catalogue(store, tiled)
    with running(create_app(tiled, store=store)) as url:
        page.goto(f"{url}/map")
        page.wait_for_function("() => window.symbiosMap !== undefined")
        page.wait_for_selector(".leaflet-tile-loaded")
        sources = page.evaluate("[...document.querySelectorAll('.leaflet-tile')].map(t => t.src)")
        assert sources and all(src.startswith(f"{url}/static/vendor/leaflet/images/layers.png?z=") for src in sources)
        assert "Test tiles" in page.locator(".leaflet-control-attribution").inner_text()
        assert page.evaluate("window.symbiosMap.outline") == 21, "the counties are drawn over the tiles"
