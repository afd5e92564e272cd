"""JSON-LD that names the published context and means what the Turtle means (#22 item 6).

Records, concepts, the ontology, the catalogue description and the change feed answer JSON-LD
whose ``@context`` is the address of ``/context.jsonld`` on the public base (no inlined prefix
dump). pyld expands each served document with a document loader that resolves only that context,
from the server under test on 127.0.0.1 and nothing else, and gets the graph the Turtle
representation holds; rdflib, which fetches contexts itself, gets it too.
"""

from __future__ import annotations

import json
import urllib.request

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from api.app import create_app
from catalogue.jsonld import published_context
from catalogue.loading import load_catalogue
from catalogue.settings import Settings

from .backends import REMOTE, SHARED, claim, store_settings
from .conftest import FIXTURES
from .jsonld_documents import offline
from .servers import running
from .writing import TURTLE, create_draft, new_record

#: Paths with a JSON-LD representation: a record, a concept scheme, a concept, the ontology, the
#: catalogue's description and the feed's root.
PATHS = ["/id/initiative/test-park", "/id/actor/test-actor", "/concept/resource-types",
         "/concept/resource-types/steam", "/def", "/catalog", "/feed"]
KEYWORDS_WITH_IRIS = ("@type",)


def _fill(store) -> None:
    load_catalogue(store, Settings(**store_settings(), data_dir=FIXTURES / "catalogue"))


SHARED[(__name__, "server")] = ("fixture-catalogue", _fill)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from catalogue.store import Store

    settings = Settings(**store_settings(), data_dir=FIXTURES / "catalogue")
    if REMOTE:
        store = claim("fixture-catalogue", _fill)
    else:
        store = Store.open(str(tmp_path_factory.mktemp("store")))
        load_catalogue(store, settings)
    with running(create_app(settings, store=store)) as url:
        yield url


def _read(url: str, accept: str) -> bytes:
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": accept})) as response:
        assert response.headers["Content-Type"].startswith(accept)
        return response.read()


def _loader(server: str, asked: list[str]):
    """A pyld document loader that resolves only ``server``'s /context.jsonld, fetched from it."""
    def load(url: str, options=None) -> dict:
        asked.append(url)
        if url != f"{server}/context.jsonld":
            raise AssertionError(f"pyld was asked to load {url}, which is not the published context")
        document = json.loads(_read(url, "application/ld+json"))
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": document}
    return load


def _expanded_graph(document: dict, loader) -> Graph:
    from pyld import jsonld

    nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": loader})
    graph = Graph()
    for s, p, o, _ in Dataset().parse(data=nquads, format="nquads").quads():
        graph.add((s, p, o))
    return graph


def _available(server: str, path: str) -> str:
    if path == "/id/actor/test-actor":  # any actor of the fixture catalogue
        with urllib.request.urlopen(f"{server}/api/actors?limit=1") as response:
            return "/id/actor/" + json.loads(response.read())["items"][0]["slug"]
    return path


@pytest.mark.parametrize("path", PATHS)
def test_issue_22_json_ld_names_the_published_context_by_its_absolute_address(server, path):
    document = json.loads(_read(server + _available(server, path), "application/ld+json"))
    assert document["@context"] == f"{server}/context.jsonld"


def test_the_context_address_is_on_the_configured_public_base(fixture_settings, loaded_store):
    client = TestClient(create_app(fixture_settings.with_(base_iri="https://symbios.example.se/"), store=loaded_store))
    for path in ("/id/initiative/test-park.jsonld", "/feed.jsonld", "/concept/resource-types.jsonld"):
        assert client.get(path).json()["@context"] == "https://symbios.example.se/context.jsonld"


def test_the_served_context_is_the_published_one(server):
    assert json.loads(_read(f"{server}/context.jsonld", "application/ld+json")) == published_context()


@pytest.mark.parametrize("path", PATHS)
def test_pyld_expands_the_served_json_ld_to_the_graph_of_the_turtle(server, path):
    path = _available(server, path)
    asked: list[str] = []
    expanded = _expanded_graph(json.loads(_read(server + path, "application/ld+json")), _loader(server, asked))
    turtle = Graph().parse(data=_read(server + path, "text/turtle"), format="turtle")
    assert asked and set(asked) == {f"{server}/context.jsonld"}
    assert len(turtle) > 2 and isomorphic(expanded, turtle)


@pytest.mark.parametrize("path", ["/id/initiative/test-park", "/concept/resource-types", "/catalog"])
def test_rdflib_reads_the_served_json_ld_fetching_the_context_and_with_it_inlined(server, path):
    body = _read(server + path, "application/ld+json")
    turtle = Graph().parse(data=_read(server + path, "text/turtle"), format="turtle")
    fetched = Graph().parse(data=body, format="json-ld")  # rdflib fetches the context from 127.0.0.1
    inlined = Graph().parse(data=offline(body), format="json-ld")
    assert isomorphic(fetched, turtle) and isomorphic(inlined, turtle)


def _names(node, found: set[str]) -> set[str]:
    """Every property name and every @type value in a JSON-LD document."""
    if isinstance(node, list):
        for item in node:
            _names(item, found)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                continue
            if not key.startswith("@"):
                found.add(key)
            if key in KEYWORDS_WITH_IRIS:
                found.update([value] if isinstance(value, str) else value)
            _names(value, found)
    return found


@pytest.mark.parametrize("path", PATHS)
def test_every_term_a_document_uses_is_defined_by_the_context_or_is_a_full_iri(server, path):
    document = json.loads(_read(server + _available(server, path), "application/ld+json"))
    context = published_context()["@context"]
    for name in _names(document, set()):
        prefix, colon, rest = name.partition(":")
        assert name in context or (colon and prefix in context) or (colon and rest.startswith("//")), name


def test_the_json_ld_of_a_feed_page_with_members_holds_the_quads_of_its_trig(curation_app, tokens):
    http = TestClient(curation_app)
    etag = create_draft(http, tokens, "Version ett").headers["etag"]
    etag = http.post("/api/initiatives/new-hub/publish", headers={**tokens["reviewer"], "If-Match": etag}).headers["etag"]
    etag = http.put("/api/initiatives/new-hub", content=new_record("Version två"),
                    headers={**TURTLE, **tokens["curator"], "If-Match": etag}).headers["etag"]
    http.post("/api/initiatives/new-hub/publish", headers={**tokens["reviewer"], "If-Match": etag})
    with running(curation_app) as url:
        from pyld import jsonld

        document = json.loads(_read(f"{url}/feed?page=1", "application/ld+json"))
        assert document["@context"] == f"{url}/context.jsonld"
        nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": _loader(url, [])})
        trig = _read(f"{url}/feed?page=1", "application/trig")
    served = _canonical(ox.parse(trig, format=ox.RdfFormat.TRIG))
    assert _canonical(ox.parse(nquads.encode(), format=ox.RdfFormat.N_QUADS)) == served
    members = {quad.graph_name.value for quad in ox.parse(trig, format=ox.RdfFormat.TRIG)
               if isinstance(quad.graph_name, ox.NamedNode)}
    assert len(members) == 2 and all("/version/" in name for name in members)


def _canonical(quads) -> set[str]:
    """The quads with canonical blank node labels (RDF dataset canonicalization), to compare datasets."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(quad) for quad in dataset}
