"""The DCAT-AP-SE description validates against the DCAT-AP 3.0.1 shapes and holds the profile's recommended fields."""

from __future__ import annotations

import pyshacl
import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from catalogue.dcat import VCARD

from catalogue.settings import PROJECT_ROOT

DCAT_AP = PROJECT_ROOT.parent / "shared" / "conformance" / "dcat-ap-3.0.1"
DCAT_AP_SE = PROJECT_ROOT.parent / "shared" / "conformance" / "dcat-ap-se"


@pytest.fixture
def catalog(client) -> Graph:
    response = client.get("/catalog", headers={"accept": "text/turtle"})
    assert response.status_code == 200
    return Graph().parse(data=response.content, format="turtle")


def test_catalog_conforms_to_the_dcat_ap_3_shapes(catalog):
    assert (DCAT_AP / "shapes.ttl").is_file(), f"DCAT-AP shapes missing at {DCAT_AP}"
    shapes = Graph().parse(DCAT_AP / "shapes.ttl").parse(DCAT_AP / "range.ttl")
    conforms, _, text = pyshacl.validate(catalog, shacl_graph=shapes, inference="none", allow_warnings=True)
    assert conforms, text[:3000]


def test_catalog_holds_every_predicate_of_the_swedish_recommended_example(catalog):
    example = Graph().parse(DCAT_AP_SE / "rekommenderat.ttl")
    for cls in set(example.objects(None, RDF.type)):
        subject = next(example.subjects(RDF.type, cls))
        wanted = {p for p in example.predicates(subject) if p != RDF.type}
        ours = [s for s in catalog.subjects(RDF.type, cls)]
        assert ours, f"no {cls} in /catalog"
        have = set().union(*({p for p in catalog.predicates(s)} for s in ours))
        # The hub is reached by a functional e-mail address: no street address or telephone is published.
        optional = {VCARD.hasTelephone, VCARD["street-address"], VCARD.locality, VCARD["postal-code"]}
        assert not (wanted - have - optional), (cls, wanted - have)


def test_catalog_has_titles_and_descriptions_in_swedish_and_english(catalog):
    from rdflib.namespace import DCAT, DCTERMS

    for cls in (DCAT.Catalog, DCAT.Dataset):
        subject = next(catalog.subjects(RDF.type, cls))
        assert {l.language for l in catalog.objects(subject, DCTERMS.title)} == {"sv", "en"}
        assert {l.language for l in catalog.objects(subject, DCTERMS.description)} == {"sv", "en"}


def test_void_names_the_endpoint_and_the_dumps(client):
    graph = Graph().parse(data=client.get("/.well-known/void", headers={"accept": "text/turtle"}).content, format="turtle")
    text = graph.serialize(format="nt")
    assert "/sparql>" in text and "/export/catalogue.trig>" in text


def test_the_published_urls_use_the_deployments_public_base_when_it_is_set(fixture_settings, loaded_store):
    from fastapi.testclient import TestClient

    from api.app import create_app

    base = "https://symbios.example.se/"
    client = TestClient(create_app(fixture_settings.with_(base_iri=base), store=loaded_store))
    for path in ("/catalog", "/.well-known/void", "/feed"):
        text = client.get(path, headers={"accept": "application/n-triples"}).text
        assert "<https://symbios.example.se/" in text and "http://testserver" not in text, path
    description = client.get("/sparql", headers={"accept": "text/turtle"}).text
    assert "<https://symbios.example.se/sparql>" in description


def test_without_a_public_base_the_urls_follow_the_request(client):
    text = client.get("/catalog", headers={"accept": "application/n-triples"}).text
    assert "<http://testserver/sparql>" in text
