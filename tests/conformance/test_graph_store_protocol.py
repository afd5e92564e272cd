"""The W3C SPARQL 1.1 Graph Store HTTP Protocol manifests, run against /graph-store.

The manifests write arbitrary FOAF graphs, which the catalogue's own policy refuses (a graph
there is a validated record). So the protocol is run twice over: here with the permissive
:class:`~catalogue.graph_store.ScratchGraphs` policy, which checks the HTTP protocol itself —
every test must pass — and in tests/test_graph_store.py with the catalogue's policy.
Test data: ../shared/conformance/graph-store-protocol/.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from api.app import create_app
from catalogue.accounts import Accounts
from catalogue.database import Database
from catalogue.graph_store import ScratchGraphs
from catalogue.settings import PROJECT_ROOT, Settings
from catalogue.store import Store

from ..backends import new_store, store_settings

SUITE = PROJECT_ROOT.parent / "shared" / "conformance" / "graph-store-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
STATUS = {"OK": 200, "Created": 201, "NoContent": 204, "NotFound": 404}
RDF_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
             "application/ld+json": "json-ld"}


def load_tests() -> list[tuple[Graph, object]]:
    tests = []
    for name in ("manifest-direct.ttl", "manifest-indirect.ttl"):
        path = SUITE / name
        if not path.is_file():
            continue
        graph = Graph().parse(path, format="turtle", publicID=path.as_uri())
        manifest = next(graph.subjects(RDF.type, MF.Manifest))
        tests += [(graph, test) for test in Collection(graph, graph.value(manifest, MF.entries))]
    return tests


TESTS = load_tests()


def test_the_graph_store_suites_are_present():
    assert len(TESTS) == 13, f"The W3C Graph Store manifests are missing or changed at {SUITE}."


@pytest.fixture
def client(tmp_path):
    settings = Settings(**store_settings(), curation_db=str(tmp_path / "curation.sqlite"))
    app = create_app(settings, store=new_store())
    app.state.graph_store = ScratchGraphs(Store.open(None))
    token = Accounts(Database(settings.curation_location)).create("w3c-runner", "admin")
    return TestClient(app), {"Authorization": f"Bearer {token}"}


def _expected_statuses(graph, response_node) -> set[int]:
    return {STATUS[str(s).rsplit("#", 1)[-1]] for s in graph.objects(response_node, MF.expectedStatus)}


@pytest.mark.parametrize("entry", TESTS, ids=lambda e: str(e[1]).rsplit("#", 1)[-1])
def test_graph_store_protocol(entry, client):
    graph, test = entry
    http, auth = client
    name = str(test).rsplit("#", 1)[-1]
    variables: dict[str, str] = {}
    action = graph.value(test, MF.action)
    for number, request in enumerate(Collection(graph, graph.value(action, HT.requests)), start=1):
        method = str(graph.value(request, HT.methodName))
        path = str(graph.value(request, HT.absolutePath)).replace("/gsp", "/graph-store", 1)
        for variable, value in variables.items():
            path = path.replace(variable, value)
        headers = dict(auth)
        header_list = graph.value(request, HT.headers)
        if header_list is not None:
            for header in Collection(graph, header_list):
                headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))
        body = graph.value(request, HT.body)
        content = str(graph.value(body, CNT.chars)).encode("utf-8") if body is not None else None
        response = http.request(method, path, content=content, headers=headers)
        expected = graph.value(request, HT.resp)
        where = f"{name} request {number} ({method} {path})"
        assert response.status_code in _expected_statuses(graph, expected), (where, response.status_code, response.text)
        location = graph.value(expected, MF.expectedLocation)
        if location is not None:
            assert response.headers.get("location"), where
            variables[str(location)] = response.headers["location"]
        expected_body = graph.value(expected, HT.body)
        if expected_body is not None:
            media_type = response.headers["content-type"].split(";")[0]
            got = Graph().parse(data=response.text, format=RDF_TYPES[media_type])
            want = Graph().parse(data=str(graph.value(expected_body, CNT.chars)), format="turtle")
            assert isomorphic(got, want), (where, response.text)
