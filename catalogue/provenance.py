"""A record's history in PROV-O: each version an entity, revised from the one before, by an agent."""

from __future__ import annotations

from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from .curation import Version
from .feed import version_iri
from .namespaces import ID, SYM


def agent_iri(name: str) -> URIRef:
    return URIRef(f"{ID}agent/{quote(name, safe='')}")


def history_graph(versions: list[Version]) -> Graph:
    graph = Graph()
    graph.bind("prov", PROV)
    graph.bind("dcterms", DCTERMS)
    graph.bind("sym", SYM)
    previous = None
    for version in versions:
        entity = URIRef(version_iri(version.record, version.number))
        activity = URIRef(f"{entity}#activity")
        agent = agent_iri(version.author)
        graph.add((entity, RDF.type, PROV.Entity))
        graph.add((entity, RDF.type, SYM.Withdrawal if version.state == "withdrawn" else SYM.RecordVersion))
        graph.add((entity, DCTERMS.isVersionOf, URIRef(version.record)))
        graph.add((entity, DCTERMS.identifier, Literal(version.number)))
        graph.add((entity, SYM.versionState, Literal(version.state)))
        graph.add((entity, PROV.wasAttributedTo, agent))
        graph.add((entity, PROV.wasGeneratedBy, activity))
        graph.add((activity, RDF.type, PROV.Activity))
        graph.add((activity, PROV.wasAssociatedWith, agent))
        graph.add((activity, RDFS.comment, Literal(version.message)))
        if version.at:
            graph.add((entity, PROV.generatedAtTime, Literal(version.at, datatype=XSD.dateTime)))
            graph.add((activity, PROV.endedAtTime, Literal(version.at, datatype=XSD.dateTime)))
        graph.add((agent, RDF.type, PROV.Agent))
        graph.add((agent, RDFS.label, Literal(version.author)))
        if previous is not None:
            graph.add((entity, PROV.wasRevisionOf, previous))
        previous = entity
    return graph
