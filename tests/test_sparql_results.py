"""SPARQL results of /sparql as third-party clients read them (#22 items 6 and 7).

Every results document is written by the engine's own writers (catalogue/store/results.py);
these tests read them with parsers nobody here wrote — rdflib's results parsers, SPARQLWrapper and
rdflib's SPARQLStore — over real HTTP (uvicorn on 127.0.0.1), for SELECT, ASK and CONSTRUCT in
every format the endpoint offers, on the embedded store and on a server (SYMBIOS_TEST_STORE).
"""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import RDF, RDFS, SKOS, XSD
from rdflib.query import Result

from api.app import create_app
from catalogue.loading import load_catalogue
from catalogue.settings import Settings
from catalogue.store.results import TRUNCATED_LINK, write_boolean, write_solutions

from .backends import REMOTE, SHARED, claim, store_settings
from .conftest import FIXTURES
from .servers import running

SYM = "https://w3id.org/symbios/def#"
PARK = "https://w3id.org/symbios/id/initiative/test-park"
SELECT_FORMATS = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                  "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_FORMATS = {"turtle": "text/turtle", "nt": "application/n-triples", "json-ld": "application/ld+json",
                 "xml": "application/rdf+xml", "nquads": "application/n-quads", "trig": "application/trig"}
#: The park's labels and a blank node: the query every format is read back with.
LABELS = (f"SELECT ?label ?lang WHERE {{ <{PARK}> <{SKOS.prefLabel}> ?label BIND(LANG(?label) AS ?lang) }} "
          "ORDER BY ?lang")
BLANK = "SELECT ?b WHERE { ?s ?p ?b FILTER isBlank(?b) } LIMIT 3"


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


def _get(server: str, query: str, accept: str) -> tuple[int, str, bytes]:
    request = urllib.request.Request(f"{server}/sparql?{urllib.parse.urlencode({'query': query})}",
                                     headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


# ---------------------------------------------------------------- the writers, without HTTP


def _solutions(n: int) -> ox.QuerySolutions:
    store = ox.Store()
    store.extend(ox.Quad(ox.NamedNode(f"http://example.org/{i}"), ox.NamedNode("http://example.org/p"),
                         ox.Literal(f"line one\nline\ttwo {i}")) for i in range(n))
    return store.query("SELECT ?s ?o WHERE { ?s ?p ?o }")


@pytest.mark.parametrize("fmt", list(SELECT_FORMATS))
def test_the_writer_keeps_exactly_the_row_cap_and_says_it_cut(fmt):
    body, truncated = write_solutions(_solutions(50), fmt, row_cap=7)
    result = Result.parse(io.BytesIO(body), format=fmt)
    assert truncated and len(result.bindings) == 7


@pytest.mark.parametrize("fmt", list(SELECT_FORMATS))
def test_the_writer_keeps_every_row_under_the_cap_and_does_not_say_it_cut(fmt):
    body, truncated = write_solutions(_solutions(7), fmt, row_cap=7)
    assert not truncated and len(Result.parse(io.BytesIO(body), format=fmt).bindings) == 7


def test_a_result_larger_than_the_engines_write_buffer_is_cut_at_the_cap():
    body, truncated = write_solutions(_solutions(5000), "tsv", row_cap=3000)  # many 8 kB writes
    assert truncated and body.count(b"\n") == 3001


def test_literals_with_line_breaks_and_tabs_survive_the_cap():
    body, _ = write_solutions(_solutions(3), "json", row_cap=2)
    values = {b["o"]["value"] for b in json.loads(body)["results"]["bindings"]}
    assert len(values) == 2 and all(v.startswith("line one\nline\ttwo ") for v in values)


def test_a_cut_json_or_xml_answer_says_so_in_its_head():
    body, _ = write_solutions(_solutions(5), "json", row_cap=2)
    assert json.loads(body)["head"]["link"] == [TRUNCATED_LINK]
    body, _ = write_solutions(_solutions(5), "xml", row_cap=2)
    assert f'<link href="{TRUNCATED_LINK}"/></head>'.encode() in body
    assert len(Result.parse(io.BytesIO(body), format="xml").bindings) == 2


def test_a_select_without_variables_keeps_its_one_empty_row():
    body, truncated = write_solutions(ox.Store().query("SELECT * WHERE {}"), "json", row_cap=5)
    assert json.loads(body)["results"]["bindings"] == [{}] and not truncated


def test_an_ask_answer_is_written_only_in_json_or_xml():
    assert json.loads(write_boolean(False, "json"))["boolean"] is False
    assert Result.parse(io.BytesIO(write_boolean(True, "xml")), format="xml").askAnswer is True
    with pytest.raises(ValueError):
        write_boolean(True, "tsv")


# ---------------------------------------------------------------- real clients over HTTP


@pytest.mark.parametrize("fmt", list(SELECT_FORMATS))
def test_rdflib_reads_a_select_in_every_offered_format(server, fmt):
    status, content_type, body = _get(server, LABELS, SELECT_FORMATS[fmt])
    assert status == 200 and content_type.startswith(SELECT_FORMATS[fmt])
    result = Result.parse(io.BytesIO(body), format=fmt)
    labels = [str(row[Variable("label")]) for row in result.bindings]
    assert labels == ["Test Park", "Testparken"]
    if fmt != "csv":  # CSV is lossy by design: plain strings
        assert [row[Variable("label")] for row in result.bindings] == [Literal("Test Park", lang="en"), Literal("Testparken", lang="sv")]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_issue_22_blank_nodes_are_written_with_their_prefix_in_every_format(server, fmt):
    status, _, body = _get(server, BLANK, SELECT_FORMATS[fmt])
    assert status == 200
    if fmt == "csv":  # SPARQL 1.1 CSV: "Blank nodes use the _:label form from Turtle"
        cells = body.decode().split("\r\n")[1:-1]
        assert cells and all(cell.startswith("_:") for cell in cells)
    result = Result.parse(io.BytesIO(body), format=fmt)
    assert result.bindings and all(isinstance(row[Variable("b")], BNode) for row in result.bindings)


def test_the_same_blank_node_has_the_same_label_in_one_answer(server):
    query = "SELECT ?b ?p WHERE { ?s ?q ?b . ?b ?p ?o FILTER isBlank(?b) } LIMIT 20"
    status, _, body = _get(server, query, "text/csv")
    result = Result.parse(io.BytesIO(body), format="csv")
    labels = [row[Variable("b")] for row in result.bindings]
    assert status == 200 and len(set(labels)) < len(labels)  # several properties of one node


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_rdflib_reads_an_ask_in_every_offered_format(server, fmt):
    for query, expected in ((f"ASK {{ <{PARK}> a <{SYM}Initiative> }}", True), (f"ASK {{ <{PARK}> a <{SYM}Actor> }}", False)):
        status, _, body = _get(server, query, SELECT_FORMATS[fmt])
        assert status == 200 and Result.parse(io.BytesIO(body), format=fmt).askAnswer is expected


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_issue_22_an_ask_in_csv_or_tsv_only_is_406_naming_the_formats_that_are(server, fmt):
    status, content_type, body = _get(server, f"ASK {{ <{PARK}> ?p ?o }}", SELECT_FORMATS[fmt])
    assert status == 406 and content_type.startswith("application/json")
    answer = json.loads(body)
    assert answer["accepted"][:2] == ["application/sparql-results+json", "application/sparql-results+xml"]
    assert "SELECT only" in answer["error"]


def test_an_ask_that_prefers_tsv_but_takes_json_gets_json(server):
    status, content_type, body = _get(server, f"ASK {{ <{PARK}> ?p ?o }}",
                                      "text/tab-separated-values, application/sparql-results+json;q=0.5")
    assert status == 200 and content_type.startswith("application/sparql-results+json")
    assert json.loads(body)["boolean"] is True


def test_a_select_that_prefers_tsv_still_gets_tsv(server):
    status, content_type, _ = _get(server, LABELS, "text/tab-separated-values, application/sparql-results+json;q=0.5")
    assert status == 200 and content_type.startswith("text/tab-separated-values")


@pytest.mark.parametrize("fmt", list(GRAPH_FORMATS))
def test_rdflib_reads_a_construct_in_every_offered_format(server, fmt):
    query = f"CONSTRUCT {{ <{PARK}> ?p ?o }} WHERE {{ <{PARK}> ?p ?o }}"
    status, content_type, body = _get(server, query, GRAPH_FORMATS[fmt])
    assert status == 200 and content_type.startswith(GRAPH_FORMATS[fmt])
    if fmt in ("nquads", "trig"):
        from rdflib import Dataset

        graph = Graph()
        for s, p, o, _ in Dataset().parse(data=body, format=fmt).quads():
            graph.add((s, p, o))
    else:
        graph = Graph().parse(data=body, format=fmt)
    assert (URIRef(PARK), RDF.type, URIRef(SYM + "Initiative")) in graph
    assert (URIRef(PARK), SKOS.prefLabel, Literal("Testparken", lang="sv")) in graph


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_sparqlwrapper_reads_a_select_in_every_offered_format(server, fmt):
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(BLANK)
    client.setReturnFormat(fmt)
    response = client.query()
    if fmt == "json":
        values = [row["b"] for row in response.convert()["results"]["bindings"]]
        assert values and all(v["type"] == "bnode" for v in values)
    elif fmt == "xml":
        assert response.convert().getElementsByTagName("bnode")
    else:  # SPARQLWrapper hands CSV and TSV over as bytes: rdflib reads them
        result = Result.parse(io.BytesIO(response.convert()), format=fmt)
        assert result.bindings and all(isinstance(row[Variable("b")], BNode) for row in result.bindings)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_sparqlwrapper_reads_an_ask_in_every_offered_format(server, fmt):
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(f"ASK {{ <{PARK}> a <{SYM}Actor> }}")
    client.setReturnFormat(fmt)
    converted = client.query().convert()
    if fmt == "json":
        assert converted["boolean"] is False
    else:
        assert converted.getElementsByTagName("boolean")[0].firstChild.data == "false"


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_sparqlwrapper_asking_an_ask_in_csv_or_tsv_gets_a_406_not_a_wrong_answer(server, fmt):
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(f"ASK {{ <{PARK}> a <{SYM}Actor> }}")
    client.setReturnFormat(fmt)
    with pytest.raises(urllib.error.HTTPError) as refused:
        client.query()
    assert refused.value.code == 406


@pytest.mark.parametrize("fmt", ["turtle", "xml", "json-ld"])
def test_sparqlwrapper_reads_a_construct_in_every_format_it_asks_for(server, fmt):
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(f"CONSTRUCT {{ <{PARK}> ?p ?o }} WHERE {{ <{PARK}> ?p ?o }}")
    client.setReturnFormat(fmt)
    graph = client.query().convert()  # SPARQLWrapper parses RDF/XML and JSON-LD into an rdflib Graph itself
    if not isinstance(graph, Graph):
        graph = Graph().parse(data=graph, format=fmt)
    assert (URIRef(PARK), RDF.type, URIRef(SYM + "Initiative")) in graph


@pytest.mark.parametrize("fmt", ["xml", "json", "csv", "tsv"])
def test_rdflib_sparqlstore_reads_selects_in_every_results_format(server, fmt):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(f"{server}/sparql", returnFormat=fmt))
    # ORDER BY on language-tagged literals is left open by SPARQL 1.1 (Virtuoso orders by tag); STR() is defined
    rows = list(graph.query(f"SELECT ?label WHERE {{ <{PARK}> <{SKOS.prefLabel}> ?label }} ORDER BY STR(?label)"))
    assert [str(row[0]) for row in rows] == ["Test Park", "Testparken"]


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_rdflib_sparqlstore_reads_asks_in_json_and_xml(server, fmt):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(f"{server}/sparql", returnFormat=fmt))
    assert graph.query(f"ASK {{ <{PARK}> a <{SYM}Initiative> }}").askAnswer is True
    assert graph.query(f"ASK {{ <{PARK}> a <{SYM}Actor> }}").askAnswer is False
    assert (URIRef(PARK), RDF.type, URIRef(SYM + "Initiative")) in graph


def test_typed_literals_come_back_with_their_datatype(server):
    status, _, body = _get(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ <{PARK}> ?p ?o }}", "text/tab-separated-values")
    value = Result.parse(io.BytesIO(body), format="tsv").bindings[0][Variable("n")]
    assert status == 200 and value.datatype == XSD.integer and value.toPython() > 5
