"""Record text that is markup, in a real browser (issue 19, item 7: stored XSS).

The test catalogue is rewritten so that every name, description, quote and label carries a
payload, one initiative has `rdfs:seeAlso <javascript:alert(7)>`, and its municipality has a
point so that it stands on the map. The pages must show the payloads as text: no dialog opens,
no link has a javascript: address, and the Content-Security-Policy refuses nothing the pages
themselves need (a refusal is a console error, which the `page` fixture fails on).
"""

from __future__ import annotations

import functools
import shutil
import tempfile
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from api.app import create_app
from catalogue.loading import load_catalogue
from catalogue.settings import Settings

from ..backends import REMOTE, SHARED, claim, new_store, store_settings
from ..conftest import FIXTURES
from ..servers import running
from .conftest import shot

PAYLOADS = ['"><img src=x onerror=alert(1)>', "<script>alert(2)</script>", "<svg onload=alert(3)>",
            "'><a href=javascript:alert(4)>x</a>"]
EVIL_LINK = "javascript:alert(7)"
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
INITIATIVE = URIRef("https://w3id.org/symbios/id/initiative/test-park")
TESTBY = URIRef("https://w3id.org/symbios/id/place/testby-kommun")


@functools.cache
def hostile_data() -> Path:
    """A copy of the test catalogue with the payloads in every language-tagged text."""
    root = Path(tempfile.mkdtemp(prefix="symbios-hostile-"))
    shutil.copytree(FIXTURES / "catalogue", root, dirs_exist_ok=True)
    for path in sorted(root.glob("*/*.ttl")):
        graph = Graph().parse(path, publicID=f"https://w3id.org/symbios/id/{path.parent.name.rstrip('s')}/{path.stem}")
        for s, p, o in list(graph):
            if isinstance(o, Literal) and o.language:
                graph.remove((s, p, o))
                graph.add((s, p, Literal(f"{o} {' '.join(PAYLOADS)}", lang=o.language)))
        if path.stem == "test-park":
            graph.add((INITIATIVE, RDFS.seeAlso, URIRef(EVIL_LINK)))
        if path.stem == "testby-kommun":
            point = URIRef(f"{TESTBY}#point")
            graph.add((TESTBY, GEO.hasGeometry, point))
            graph.add((point, RDF.type, GEO.Geometry))
            graph.add((point, GEO.asWKT, Literal("POINT(11.97 57.71)", datatype=GEO.wktLiteral)))
        graph.serialize(path, format="turtle")
    return root


def _fill(store) -> None:
    load_catalogue(store, Settings(**store_settings(), data_dir=hostile_data()))


SHARED[(__name__, "hostile_server")] = ("browser-hostile", _fill)


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    settings = Settings(**store_settings(), data_dir=hostile_data(), map_tiles="",
                        curation_db=str(tmp_path_factory.mktemp("curation") / "curation.sqlite"))
    if REMOTE:
        store = claim("browser-hostile", _fill)
    else:
        store = new_store()
        _fill(store)
    with running(create_app(settings, store=store)) as url:
        yield url


@pytest.fixture
def dialogs(page):
    """Messages of every alert/confirm/prompt the page opens (each is dismissed)."""
    opened: list[str] = []

    def seen(dialog) -> None:
        opened.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", seen)
    return opened


@pytest.fixture(autouse=True)
def no_csp_refusals(page):  # noqa: F811
    """Besides the console errors the `page` fixture fails on: every CSP refusal on the last page shown."""
    page.add_init_script("document.addEventListener('securitypolicyviolation', "
                         "e => (window.refused = window.refused || []).push(`${e.violatedDirective} ${e.blockedURI}`))")
    yield
    assert page.evaluate("() => window.refused || []") == []


def javascript_links(page) -> list[str]:  # noqa: F811
    """Addresses of links and frames on the page whose scheme is javascript: (however it is spelt)."""
    return page.evaluate("""() => [...document.querySelectorAll('a[href], area[href], iframe[src]')]
        .map(e => e.href || e.src).filter(u => { try { return new URL(u).protocol === 'javascript:'; } catch { return false; } })""")


def test_the_map_shows_payload_names_as_text_when_every_marker_is_hovered(hostile_server, page, dialogs):  # noqa: F811
    page.goto(f"{hostile_server}/map?lang=en")
    page.wait_for_function("() => window.symbiosMap !== undefined")
    markers = page.locator(".leaflet-interactive")
    assert markers.count() >= 1, "the payload initiative stands on the map"
    tooltips = []
    for i in range(markers.count()):
        markers.nth(i).hover()
        page.wait_for_selector(".leaflet-tooltip")
        tooltips.append(page.locator(".leaflet-tooltip").last.inner_text())
        markers.nth(i).click()
        page.wait_for_selector(".leaflet-popup-content a")
    page.wait_for_timeout(300)
    shot(page, "hostile-1-map")
    assert (dialogs, javascript_links(page)) == ([], [])
    markup = ", ".join(f".leaflet-{part} {tag}" for part in ("tooltip", "popup-content") for tag in ("img", "svg", "script"))
    assert page.locator(markup).count() == 0
    assert all(any(p in t for p in PAYLOADS) for t in tooltips), f"the names are shown as text: {tooltips}"


@pytest.mark.parametrize("path", ["/id/initiative/test-park", "/id/initiative/test-park?lang=en",
                                  "/id/actor/test-mill", "/?q=test", "/map"])
def test_pages_show_payloads_as_text(hostile_server, page, dialogs, path):  # noqa: F811
    page.goto(f"{hostile_server}{path}")
    page.wait_for_load_state("networkidle")
    assert any(p in page.locator("main").inner_text() for p in PAYLOADS), "the payloads are shown as text"
    if path.startswith("/id/initiative"):
        page.wait_for_function("() => window.symbiosisMap !== undefined")
        shot(page, "hostile-2-initiative")
    assert (dialogs, javascript_links(page)) == ([], [])
    assert page.locator("main img[src=x], main svg[onload], main script:not([src]):not([type='application/json'])").count() == 0


def test_sparql_results_show_a_javascript_iri_as_text_and_only_web_iris_as_links(hostile_server, page, dialogs):  # noqa: F811
    page.goto(f"{hostile_server}/sparql")
    page.wait_for_function("() => window.sparqlEditor !== undefined")
    query = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
             "SELECT ?s ?name ?see WHERE { ?s skos:prefLabel ?name ; rdfs:seeAlso ?see }")
    page.evaluate("(q) => window.sparqlEditor.setValue(q)", query)
    page.get_by_role("button", name="Kör frågan").click()
    page.wait_for_selector("#result-count")
    text = page.locator("table.results").inner_text()
    assert EVIL_LINK in text and any(p in text for p in PAYLOADS), "the values are shown as text"
    others = page.locator("table.results a:not([href^='/']):not([href^='http'])")
    for i in range(others.count()):  # a click on a javascript: link runs it; web links are followed below
        others.nth(i).click()
    page.wait_for_timeout(200)
    assert (dialogs, javascript_links(page)) == ([], [])
    links = page.locator("table.results a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs and all(h.startswith(("/", "http://", "https://", "mailto:")) for h in hrefs), hrefs
    shot(page, "hostile-3-sparql")
    page.locator("table.results a[href^='/id/initiative/']").first.click()
    page.wait_for_url("**/id/initiative/test-park**")
    assert dialogs == []
