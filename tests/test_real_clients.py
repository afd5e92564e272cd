"""Clients nobody here wrote, against the server running on a loopback port (uvicorn)."""

from __future__ import annotations

import json
import urllib.request

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from api.app import create_app

from catalogue.loading import load_catalogue
from catalogue.settings import Settings

from .backends import REMOTE, SHARED, claim, store_settings
from .conftest import FIXTURES
from .servers import running

SYM = "https://w3id.org/symbios/def#"
PARK = "https://w3id.org/symbios/id/initiative/test-park"


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


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_sparqlwrapper_select_in_each_result_format(server, fmt):
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(f"SELECT ?i WHERE {{ ?i a <{SYM}Initiative> }}")
    client.setReturnFormat(fmt)
    result = client.query().convert()
    if fmt == "json":
        assert result["results"]["bindings"][0]["i"]["value"] == PARK
    elif fmt == "xml":
        assert PARK in result.toxml()
    else:
        assert PARK in result.decode("utf-8")


def test_sparqlwrapper_ask_and_construct(server):
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(f"ASK {{ <{PARK}> a <{SYM}Initiative> }}")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True
    client.setQuery(f"CONSTRUCT {{ <{PARK}> ?p ?o }} WHERE {{ <{PARK}> ?p ?o }}")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert (URIRef(PARK), RDF.type, URIRef(SYM + "Initiative")) in graph


def test_sparqlwrapper_post_form(server):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    client = SPARQLWrapper(f"{server}/sparql")
    client.setMethod(POST)
    client.setQuery(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?i a <{SYM}Initiative> }}")
    client.setReturnFormat(JSON)
    assert client.query().convert()["results"]["bindings"][0]["n"]["value"] == "1"


def test_rdflib_sparqlstore_reads_the_catalogue(server):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(f"{server}/sparql"))
    rows = list(graph.query(f"SELECT ?label WHERE {{ <{PARK}> <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }}"))
    assert {str(r[0]) for r in rows} == {"Testparken", "Test Park"}
    assert (URIRef(PARK), RDF.type, URIRef(SYM + "Initiative")) in graph


def test_curl_style_requests_with_accept_headers(server):
    request = urllib.request.Request(f"{server}/id/initiative/test-park", headers={"Accept": "text/turtle"})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Type"].startswith("text/turtle")
        turtle = Graph().parse(data=response.read(), format="turtle")
    request = urllib.request.Request(f"{server}/id/initiative/test-park", headers={"Accept": "text/html"})
    with urllib.request.urlopen(request) as response:
        assert b"Testparken" in response.read()
    assert (URIRef(PARK), None, None) in turtle


def test_pyld_expands_the_json_ld(server):
    from pyld import jsonld

    with urllib.request.urlopen(f"{server}/id/initiative/test-park.jsonld") as response:
        document = json.loads(response.read())
    expanded = jsonld.expand(document)
    ids = {node.get("@id") for node in expanded}
    assert PARK in ids
    park = next(node for node in expanded if node.get("@id") == PARK)
    assert SYM + "Initiative" in park["@type"]


def test_turtle_dump_round_trips_to_what_symbios_export_writes(server, tmp_path, monkeypatch):
    from catalogue.export import export_dump
    from catalogue.store import Store

    with urllib.request.urlopen(f"{server}/export/catalogue.ttl") as response:
        served = Graph().parse(data=response.read(), format="turtle")
    assert len(served) > 1000
    # symbios export over the same data, loaded afresh into an embedded store
    store = Store.open(None)
    load_catalogue(store, Settings(store=":memory:", data_dir=FIXTURES / "catalogue"))
    exported = Graph().parse(data=export_dump(store, "ttl"), format="turtle")
    assert isomorphic(served, exported)
