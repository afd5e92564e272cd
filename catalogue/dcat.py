"""The DCAT-AP 3.0.1 / DCAT-AP-SE description of the catalogue (/catalog) and its VoID description.

Publisher, contact point and licence are deployment settings. The description holds a catalogue,
one dataset (the whole catalogue), a distribution per dump (/export/catalogue.{suffix}) and one
each through the SPARQL endpoint and the change feed, and those two as ``dcat:DataService``s that
the distributions reach by ``dcat:accessService``. Titles and descriptions are in Swedish and
English (DCAT-AP-SE). It conforms to all of DCAT-AP 3.0.1's shape sets: mandatory and range, the
controlled vocabularies (every value from its EU authority table, described as the table publishes
it: dcat_vocabularies.ttl), and the recommended shapes, with one exception of the vocabulary set's
warnings: the publisher is not a body of the EU corporate-body table, and a Swedish hub cannot be.

The dumps carry no ``dcat:byteSize`` or ``spdx:checksum``: a dump is streamed from the store as it is
asked for, so neither is known without serialising the whole catalogue for each description.
"""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from .export import FORMATS as DUMP_FORMATS
from .settings import Settings

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
VOID = Namespace("http://rdfs.org/ns/void#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
VOCABULARIES = Path(__file__).with_name("dcat_vocabularies.ttl")


def authority(table: str, code: str) -> URIRef:
    """An entry of an EU authority table, e.g. ``authority("file-type", "RDF_TURTLE")``."""
    return URIRef(f"{EU}{table}/{code}")


SWEDEN = authority("country", "SWE")
LICENCE = authority("licence", "CC_BY_4_0")
ATTRIBUTION = URIRef("http://purl.org/adms/licencetype/Attribution")
PUBLIC = authority("access-right", "PUBLIC")
STABLE = authority("planned-availability", "STABLE")
THEMES = (authority("data-theme", "ENVI"), authority("data-theme", "ECON"))
LANGUAGES = (authority("language", "SWE"), authority("language", "ENG"))
PUBLISHER_TYPE = URIRef("http://purl.org/adms/publishertype/NationalAuthority")

#: Each dump: its name for people and its entry in the EU file-type table (media types: export.FORMATS).
DUMPS = {
    "ttl": ("Turtle", "RDF_TURTLE"),
    "nt": ("N-Triples", "RDF_N_TRIPLES"),
    "jsonld": ("JSON-LD", "JSON_LD"),
    "trig": ("TriG", "RDF_TRIG"),
    "nq": ("N-Quads", "RDF_N_QUADS"),
}

#: Sweden's extent (WGS 84 longitude latitude) as scripts/sweden-extent.py computes it from Natural Earth's
#: county polygons (the maps' county layer): their bounding box, and the centroid of their outer rings.
#: tests/test_dcat.py checks these are what the script prints; never type a coordinate in by hand.
SWEDEN_BBOX = "POLYGON((11.11 55.34, 24.16 55.34, 24.16 69.04, 11.11 69.04, 11.11 55.34))"
SWEDEN_CENTROID = "POINT(16.75 62.78)"

SPARQL_STANDARDS = ("https://www.w3.org/TR/sparql11-protocol/", "https://www.w3.org/TR/sparql11-query/")
FEED_STANDARDS = ("https://w3id.org/ldes/specification", "https://w3id.org/tree/specification")


def _texts(g: Graph, subject, predicate, sv: str, en: str) -> None:
    g.add((subject, predicate, Literal(sv, lang="sv")))
    g.add((subject, predicate, Literal(en, lang="en")))


def catalogue_description(settings: Settings, base_url: str, counts: dict) -> Graph:
    """The catalogue as DCAT-AP(-SE), with URLs under ``base_url`` (the public base or the request's)."""
    base = base_url.rstrip("/")
    g = Graph()
    for prefix, ns in (("dcat", DCAT), ("dcterms", DCTERMS), ("foaf", FOAF), ("vcard", VCARD), ("dcatap", DCATAP),
                       ("skos", SKOS), ("geo", GEO)):
        g.bind(prefix, ns)
    catalog, dataset = URIRef(f"{base}/catalog"), URIRef(f"{base}/catalog#dataset")
    publisher, contact = URIRef(settings.publisher_iri), URIRef(f"{base}/catalog#contact")
    today = Literal(date.today().isoformat(), datatype=XSD.date)
    issued = Literal(settings.issued, datatype=XSD.date)

    g.add((catalog, RDF.type, DCAT.Catalog))
    _texts(g, catalog, DCTERMS.title, "Symbios – katalog över industriell och urban symbios",
           "Symbios – catalogue of industrial and urban symbiosis")
    _texts(g, catalog, DCTERMS.description,
           "Kurerade, källbelagda beskrivningar av initiativ inom industriell och urban symbios i Sverige: aktörer, "
           "resursutbyten, drivkrafter, hinder, resultat och finansiering.",
           "Curated, sourced descriptions of industrial and urban symbiosis initiatives in Sweden: actors, resource "
           "exchanges, drivers, barriers, outcomes and funding.")
    g.add((catalog, DCTERMS.publisher, publisher))
    g.add((catalog, DCTERMS.license, LICENCE))
    g.add((catalog, FOAF.homepage, URIRef(f"{base}/")))
    for language in LANGUAGES:
        g.add((catalog, DCTERMS.language, language))
    g.add((catalog, DCTERMS.spatial, SWEDEN))
    g.add((catalog, DCTERMS.issued, issued))
    g.add((catalog, DCTERMS.modified, today))
    g.add((catalog, DCAT.themeTaxonomy, URIRef(EU + "data-theme")))
    g.add((catalog, DCAT.dataset, dataset))

    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(settings.publisher_name, lang="sv")))
    g.add((publisher, DCTERMS.type, PUBLISHER_TYPE))

    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, Literal(settings.publisher_name)))
    g.add((contact, VCARD.hasEmail, URIRef(settings.contact_email)))
    address = URIRef(f"{base}/catalog#contact-address")
    g.add((contact, VCARD.hasAddress, address))
    g.add((address, RDF.type, VCARD.Address))
    g.add((address, VCARD["country-name"], Literal("Sverige")))

    g.add((dataset, RDF.type, DCAT.Dataset))
    _texts(g, dataset, DCTERMS.title, "Initiativ inom industriell och urban symbios i Sverige",
           "Industrial and urban symbiosis initiatives in Sweden")
    initiatives, actors, exchanges = (counts.get(name, 0) for name in ("initiatives", "actors", "exchanges"))
    _texts(g, dataset, DCTERMS.description,
           f"{initiatives} initiativ, {actors} aktörer och {exchanges} resursutbyten, varje uppgift med källa och citat.",
           f"{initiatives} initiatives, {actors} actors and {exchanges} resource exchanges, every fact with source "
           "and quote.")
    _shared(g, dataset, publisher, contact)
    for keyword, lang in (("industriell symbios", "sv"), ("cirkulär ekonomi", "sv"), ("restvärme", "sv"),
                          ("industrial symbiosis", "en"), ("circular economy", "en"), ("waste heat", "en")):
        g.add((dataset, DCAT.keyword, Literal(keyword, lang=lang)))
    g.add((dataset, DCTERMS.spatial, SWEDEN))
    period = BNode("temporal")
    g.add((dataset, DCTERMS.temporal, period))
    g.add((period, RDF.type, DCTERMS.PeriodOfTime))
    g.add((period, DCAT.startDate, Literal("1956-01-01", datatype=XSD.date)))
    g.add((period, DCAT.endDate, today))
    g.add((dataset, DCTERMS.issued, issued))
    g.add((dataset, DCTERMS.modified, today))
    # Curators publish when a case is ready, not on a schedule.
    g.add((dataset, DCTERMS.accrualPeriodicity, authority("frequency", "IRREG")))

    for suffix, (name, file_type) in DUMPS.items():
        url = URIRef(f"{base}/export/catalogue.{suffix}")
        distribution = _distribution(
            g, dataset, URIRef(f"{base}/catalog#dump-{suffix}"), url, authority("file-type", file_type),
            (f"Hela katalogen som {name}", f"The whole catalogue as {name}"),
            (f"Nedladdningsbar fil med hela katalogen, alla poster i en fil ({DUMP_FORMATS[suffix][1]}).",
             f"A downloadable file of the whole catalogue, every record in one file ({DUMP_FORMATS[suffix][1]})."))
        g.add((distribution, DCAT.downloadURL, url))
        g.add((distribution, DCAT.mediaType, URIRef(IANA + DUMP_FORMATS[suffix][1])))

    sparql, feed = URIRef(f"{base}/sparql"), URIRef(f"{base}/feed")
    sparql_service = _service(
        g, catalog, dataset, publisher, contact, URIRef(f"{base}/catalog#service-sparql"), sparql, sparql,
        SPARQL_STANDARDS, ("Symbios SPARQL-ändpunkt", "Symbios SPARQL endpoint"),
        ("Frågor i SPARQL 1.1 mot hela katalogen (endast läsning); GET utan fråga ger tjänstebeskrivningen.",
         "SPARQL 1.1 queries over the whole catalogue (read only); GET without a query gives the service "
         "description."),
        (("SPARQL", "sv"), ("länkade data", "sv"), ("SPARQL", "en"), ("linked data", "en")))
    feed_service = _service(
        g, catalog, dataset, publisher, contact, URIRef(f"{base}/catalog#service-feed"), feed, feed,
        FEED_STANDARDS, ("Symbios ändringsflöde (LDES)", "Symbios change feed (LDES)"),
        ("Varje publicerad och tillbakadragen version av katalogens poster i publiceringsordning, som en "
         "Linked Data Event Stream; flödet beskriver sig självt och länkar till sina sidor.",
         "Every published and withdrawn version of the catalogue's records in order of publication, as a Linked "
         "Data Event Stream; the stream describes itself and links to its pages."),
        (("ändringsflöde", "sv"), ("LDES", "sv"), ("change feed", "en"), ("LDES", "en")))

    through_sparql = _distribution(
        g, dataset, URIRef(f"{base}/catalog#sparql"), sparql, authority("file-type", "SPARQLQRES"),
        ("Katalogen genom SPARQL-ändpunkten", "The catalogue through the SPARQL endpoint"),
        ("Åtkomst via SPARQL 1.1-ändpunkten; svar i JSON, XML, CSV eller TSV, grafer i Turtle, N-Triples, "
         "RDF/XML eller JSON-LD.",
         "Access through the SPARQL 1.1 endpoint; results in JSON, XML, CSV or TSV, graphs in Turtle, N-Triples, "
         "RDF/XML or JSON-LD."))
    g.add((through_sparql, DCAT.accessService, sparql_service))
    through_feed = _distribution(
        g, dataset, URIRef(f"{base}/catalog#feed"), feed, authority("file-type", "RDF_TURTLE"),
        ("Katalogens ändringar som flöde (LDES)", "The catalogue's changes as a feed (LDES)"),
        ("Ändringarna sedan dumpen, sida för sida i Turtle (också JSON-LD, N-Triples, RDF/XML); dumpen är "
         "flödets utgångsläge.",
         "The changes since the dump, page by page in Turtle (also JSON-LD, N-Triples, RDF/XML); the dump is the "
         "stream's starting state."))
    g.add((through_feed, DCAT.mediaType, URIRef(IANA + "text/turtle")))
    g.add((through_feed, DCAT.accessService, feed_service))

    g.add((SWEDEN, RDFS.label, Literal("Sverige", lang="sv")))
    g.add((SWEDEN, RDFS.label, Literal("Sweden", lang="en")))
    g.add((SWEDEN, DCAT.bbox, Literal(SWEDEN_BBOX, datatype=GEO.wktLiteral)))
    g.add((SWEDEN, DCAT.centroid, Literal(SWEDEN_CENTROID, datatype=GEO.wktLiteral)))
    g.add((LICENCE, DCTERMS.type, ATTRIBUTION))
    return typed(g)


def _shared(g: Graph, resource, publisher, contact) -> None:
    """What the dataset and each data service say alike: publisher, contact, themes, licence, access rights."""
    g.add((resource, DCTERMS.publisher, publisher))
    g.add((resource, DCAT.contactPoint, contact))
    for theme in THEMES:
        g.add((resource, DCAT.theme, theme))
    g.add((resource, DCTERMS.license, LICENCE))
    g.add((resource, DCTERMS.accessRights, PUBLIC))


def _distribution(g: Graph, dataset, distribution, access_url, file_type, titles, descriptions):
    g.add((dataset, DCAT.distribution, distribution))
    g.add((distribution, RDF.type, DCAT.Distribution))
    _texts(g, distribution, DCTERMS.title, *titles)
    _texts(g, distribution, DCTERMS.description, *descriptions)
    g.add((distribution, DCAT.accessURL, access_url))
    g.add((distribution, DCTERMS.format, file_type))
    g.add((distribution, DCTERMS.license, LICENCE))
    g.add((distribution, DCATAP.availability, STABLE))
    return distribution


def _service(g: Graph, catalog, dataset, publisher, contact, service, endpoint, description, standards, titles,
             descriptions, keywords):
    g.add((catalog, DCAT.service, service))
    g.add((service, RDF.type, DCAT.DataService))
    _texts(g, service, DCTERMS.title, *titles)
    _texts(g, service, DCTERMS.description, *descriptions)
    g.add((service, DCAT.endpointURL, endpoint))
    g.add((service, DCAT.endpointDescription, description))
    g.add((service, DCAT.servesDataset, dataset))
    _shared(g, service, publisher, contact)
    for keyword, lang in keywords:
        g.add((service, DCAT.keyword, Literal(keyword, lang=lang)))
    for standard in standards:
        g.add((service, DCTERMS.conformsTo, URIRef(standard)))
    return service


#: The class DCAT-AP expects the value of each property to have (range.ttl).
RANGES = {
    DCTERMS.license: DCTERMS.LicenseDocument,
    DCATAP.availability: SKOS.Concept,
    DCAT.theme: SKOS.Concept,
    DCTERMS.type: SKOS.Concept,
    DCTERMS.accrualPeriodicity: DCTERMS.Frequency,
    DCTERMS.format: DCTERMS.MediaTypeOrExtent,
    DCAT.mediaType: DCTERMS.MediaType,
    DCAT.contactPoint: VCARD.Kind,
    DCTERMS.accessRights: DCTERMS.RightsStatement,
    DCTERMS.language: DCTERMS.LinguisticSystem,
    DCAT.themeTaxonomy: SKOS.ConceptScheme,
    FOAF.homepage: FOAF.Document,
    DCTERMS.conformsTo: DCTERMS.Standard,
    DCTERMS.spatial: DCTERMS.Location,
}


@functools.cache
def vocabularies() -> Graph:
    """The entries of the EU authority tables (and ADMS) the description uses, as the tables publish them."""
    return Graph().parse(VOCABULARIES, format="turtle")


def typed(g: Graph) -> Graph:
    """State the class of every referenced resource (range.ttl), and describe every controlled-vocabulary
    value the description uses, with its scheme, as its table does (the vocabulary shapes read these)."""
    for predicate, cls in RANGES.items():
        for value in set(g.objects(None, predicate)):
            g.add((value, RDF.type, cls))
    table = vocabularies()
    described: set = set()
    while True:
        wanted = {o for o in g.objects() if isinstance(o, URIRef) and o not in described and (o, None, None) in table}
        if not wanted:
            return g
        for value in wanted:
            g += table.triples((value, None, None))
        described |= wanted


def void_description(base_url: str, counts: dict, triples: int) -> Graph:
    base = base_url.rstrip("/")
    g = Graph()
    g.bind("void", VOID)
    dataset = URIRef(f"{base}/catalog#dataset")
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, DCTERMS.title, Literal("Symbios", lang="sv")))
    g.add((dataset, VOID.sparqlEndpoint, URIRef(f"{base}/sparql")))
    for suffix in DUMPS:
        g.add((dataset, VOID.dataDump, URIRef(f"{base}/export/catalogue.{suffix}")))
    g.add((dataset, VOID.uriSpace, Literal("https://w3id.org/symbios/id/")))
    g.add((dataset, VOID.triples, Literal(triples)))
    g.add((dataset, VOID.entities, Literal(counts.get("initiatives", 0) + counts.get("actors", 0))))
    g.add((dataset, VOID.vocabulary, URIRef("https://w3id.org/symbios/def#")))
    g.add((dataset, DCTERMS.license, LICENCE))
    return g
