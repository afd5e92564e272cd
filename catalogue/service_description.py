"""The SPARQL 1.1 Service Description of /sparql."""

from __future__ import annotations

from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")


def service_description(endpoint: str) -> Graph:
    """Describe the endpoint: SPARQL 1.1 Query, union default graph, result formats, and its default
    dataset as the catalogue's dataset of the DCAT-AP description (``/catalog#dataset``, seeAlso ``/catalog``)."""
    graph = Graph()
    graph.bind("sd", SD)
    service = BNode("service")
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for fmt in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                "Turtle", "N-Triples", "RDF_XML", "JSON-LD"):
        graph.add((service, SD.resultFormat, FORMATS[fmt]))
    base = endpoint.rsplit("/sparql", 1)[0]
    dataset = URIRef(f"{base}/catalog#dataset")
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, RDFS.seeAlso, URIRef(f"{base}/catalog")))
    return graph
