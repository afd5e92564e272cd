"""Every IRI and prefix the code uses, in one place."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

SYM = Namespace("https://w3id.org/symbios/def#")
SYMSH = Namespace("https://w3id.org/symbios/shapes#")
CONCEPT = "https://w3id.org/symbios/concept/"
ID = "https://w3id.org/symbios/id/"
ONTOLOGY_GRAPH = "https://w3id.org/symbios/def"
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
#: W3C Web Annotation: where a quote sits in its source's text (exact text with prefix and suffix)
OA = Namespace("http://www.w3.org/ns/oa#")

#: Record kinds: the folder under data/ and the IRI segment under ID.
RECORD_KINDS = {
    "initiatives": "initiative",
    "actors": "actor",
    "places": "place",
    "sources": "source",
}

PREFIXES = {
    "sym": str(SYM),
    "skos": str(SKOS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "sh": str(SH),
    "geo": str(GEO),
    "org": str(ORG),
    "schema": str(SCHEMA),
    "oa": str(OA),
    "actor": ID + "actor/",
    "place": ID + "place/",
    "src": ID + "source/",
    "initiative": ID + "initiative/",
}


def record_iri(kind: str, slug: str) -> str:
    """IRI of a record, e.g. record_iri("initiative", "ash2salt")."""
    return f"{ID}{kind}/{slug}"


def scheme_iri(scheme: str) -> str:
    return CONCEPT + scheme


def prefixed(iri: str) -> str:
    """A compact form of an IRI for people: ``dcterms:source`` for known namespaces, else ``<iri>``."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        rest = iri[len(namespace):]
        if iri.startswith(namespace) and rest and "/" not in rest and "#" not in rest:
            return f"{prefix}:{rest}"
    return f"<{iri}>"


def sparql_prefixes() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
