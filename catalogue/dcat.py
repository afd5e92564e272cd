"""The DCAT-AP-SE description of the catalogue (/catalog) and its VoID description.

Publisher, contact point and licence are deployment settings; every field of the Swedish
profile's recommended example is present: catalogue title/description (sv, en), publisher with
type, licence, homepage, language, issued/modified, theme taxonomy; a dataset with title,
description, keywords, theme, spatial and temporal coverage, contact point, access rights and
one distribution per dump, plus the SPARQL endpoint as a dcat:DataService.
"""

from __future__ import annotations

from datetime import date

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, XSD

from .settings import Settings

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
VOID = Namespace("http://rdfs.org/ns/void#")
EU = "http://publications.europa.eu/resource/authority/"
SWEDEN = URIRef("http://publications.europa.eu/resource/authority/country/SWE")
LICENCE = URIRef("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0")
DUMPS = {
    "ttl": ("text/turtle", "TURTLE"),
    "nt": ("application/n-triples", "RDF_N_TRIPLES"),
    "jsonld": ("application/ld+json", "JSON_LD"),
    "trig": ("application/trig", "RDF_TRIG"),
}


def catalogue_description(settings: Settings, base_url: str, counts: dict) -> Graph:
    """The catalogue as DCAT-AP(-SE), with URLs under ``base_url`` (the running server)."""
    base = base_url.rstrip("/")
    g = Graph()
    for prefix, ns in (("dcat", DCAT), ("dcterms", DCTERMS), ("foaf", FOAF), ("vcard", VCARD), ("dcatap", DCATAP)):
        g.bind(prefix, ns)
    catalog, dataset, service = URIRef(f"{base}/catalog"), URIRef(f"{base}/catalog#dataset"), URIRef(f"{base}/sparql")
    publisher, contact = URIRef(settings.publisher_iri), URIRef(f"{base}/catalog#contact")
    today = Literal(date.today().isoformat(), datatype=XSD.date)

    g.add((catalog, RDF.type, DCAT.Catalog))
    g.add((catalog, DCTERMS.title, Literal("Symbios – katalog över industriell och urban symbios", lang="sv")))
    g.add((catalog, DCTERMS.title, Literal("Symbios – catalogue of industrial and urban symbiosis", lang="en")))
    g.add((catalog, DCTERMS.description, Literal(
        "Kurerade, källbelagda beskrivningar av initiativ inom industriell och urban symbios i Sverige: aktörer, "
        "resursutbyten, drivkrafter, hinder, resultat och finansiering.", lang="sv")))
    g.add((catalog, DCTERMS.description, Literal(
        "Curated, sourced descriptions of industrial and urban symbiosis initiatives in Sweden: actors, resource "
        "exchanges, drivers, barriers, outcomes and funding.", lang="en")))
    g.add((catalog, DCTERMS.publisher, publisher))
    g.add((catalog, DCTERMS.license, LICENCE))
    g.add((catalog, FOAF.homepage, URIRef(f"{base}/")))
    g.add((catalog, DCTERMS.language, URIRef(EU + "language/SWE")))
    g.add((catalog, DCTERMS.language, URIRef(EU + "language/ENG")))
    g.add((catalog, DCTERMS.issued, Literal(settings.issued, datatype=XSD.date)))
    g.add((catalog, DCTERMS.modified, today))
    g.add((catalog, DCAT.themeTaxonomy, URIRef(EU + "data-theme")))
    g.add((catalog, DCAT.dataset, dataset))
    g.add((catalog, DCAT.service, service))

    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(settings.publisher_name, lang="sv")))
    g.add((publisher, DCTERMS.type, URIRef("http://purl.org/adms/publishertype/NationalAuthority")))

    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, Literal(settings.publisher_name)))
    g.add((contact, VCARD.hasEmail, URIRef(settings.contact_email)))
    address = URIRef(f"{base}/catalog#contact-address")
    g.add((contact, VCARD.hasAddress, address))
    g.add((address, RDF.type, VCARD.Address))
    g.add((address, VCARD["country-name"], Literal("Sverige")))

    g.add((dataset, RDF.type, DCAT.Dataset))
    g.add((dataset, DCTERMS.title, Literal("Initiativ inom industriell och urban symbios i Sverige", lang="sv")))
    g.add((dataset, DCTERMS.title, Literal("Industrial and urban symbiosis initiatives in Sweden", lang="en")))
    g.add((dataset, DCTERMS.description, Literal(
        f"{counts.get('initiatives', 0)} initiativ, {counts.get('actors', 0)} aktörer och "
        f"{counts.get('exchanges', 0)} resursutbyten, varje uppgift med källa och citat.", lang="sv")))
    g.add((dataset, DCTERMS.description, Literal(
        f"{counts.get('initiatives', 0)} initiatives, {counts.get('actors', 0)} actors and "
        f"{counts.get('exchanges', 0)} resource exchanges, every fact with source and quote.", lang="en")))
    g.add((dataset, DCTERMS.publisher, publisher))
    g.add((dataset, DCAT.contactPoint, contact))
    for keyword, lang in (("industriell symbios", "sv"), ("cirkulär ekonomi", "sv"), ("restvärme", "sv"),
                          ("industrial symbiosis", "en"), ("circular economy", "en"), ("waste heat", "en")):
        g.add((dataset, DCAT.keyword, Literal(keyword, lang=lang)))
    g.add((dataset, DCAT.theme, URIRef(EU + "data-theme/ENVI")))
    g.add((dataset, DCAT.theme, URIRef(EU + "data-theme/ECON")))
    g.add((dataset, DCTERMS.spatial, SWEDEN))
    g.add((SWEDEN, RDFS.label, Literal("Sverige", lang="sv")))
    period = BNode("temporal")
    g.add((dataset, DCTERMS.temporal, period))
    g.add((period, RDF.type, DCTERMS.PeriodOfTime))
    g.add((period, DCAT.startDate, Literal("1956-01-01", datatype=XSD.date)))
    g.add((period, DCAT.endDate, today))
    g.add((dataset, DCTERMS.issued, Literal(settings.issued, datatype=XSD.date)))
    g.add((dataset, DCTERMS.modified, today))
    g.add((dataset, DCTERMS.accessRights, URIRef(EU + "access-right/PUBLIC")))
    g.add((dataset, DCTERMS.license, LICENCE))

    for suffix, (media_type, file_type) in DUMPS.items():
        distribution = URIRef(f"{base}/catalog#dump-{suffix}")
        url = URIRef(f"{base}/export/catalogue.{suffix}")
        g.add((dataset, DCAT.distribution, distribution))
        g.add((distribution, RDF.type, DCAT.Distribution))
        g.add((distribution, DCTERMS.title, Literal(f"Hela katalogen som {file_type}", lang="sv")))
        g.add((distribution, DCTERMS.description, Literal(f"Nedladdningsbar fil med hela katalogen ({media_type}).", lang="sv")))
        g.add((distribution, DCAT.accessURL, url))
        g.add((distribution, DCAT.downloadURL, url))
        g.add((distribution, DCAT.mediaType, URIRef(f"http://www.iana.org/assignments/media-types/{media_type}")))
        g.add((distribution, DCTERMS.format, URIRef(EU + f"file-type/{file_type}")))
        g.add((distribution, DCTERMS.license, LICENCE))
        g.add((distribution, DCATAP.availability, URIRef("http://data.europa.eu/r5r/availability/stable")))

    endpoint_distribution = URIRef(f"{base}/catalog#sparql")
    g.add((dataset, DCAT.distribution, endpoint_distribution))
    g.add((endpoint_distribution, RDF.type, DCAT.Distribution))
    g.add((endpoint_distribution, DCTERMS.description, Literal("Åtkomst via SPARQL 1.1-ändpunkten.", lang="sv")))
    g.add((endpoint_distribution, DCAT.accessURL, service))
    g.add((endpoint_distribution, DCAT.accessService, service))
    g.add((endpoint_distribution, DCTERMS.license, LICENCE))
    g.add((endpoint_distribution, DCATAP.availability, URIRef("http://data.europa.eu/r5r/availability/stable")))

    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCTERMS.title, Literal("Symbios SPARQL-ändpunkt", lang="sv")))
    g.add((service, DCTERMS.title, Literal("Symbios SPARQL endpoint", lang="en")))
    g.add((service, DCAT.endpointURL, service))
    g.add((service, DCAT.endpointDescription, URIRef(f"{base}/sparql")))
    g.add((service, DCAT.servesDataset, dataset))
    g.add((service, DCAT.contactPoint, contact))
    g.add((service, DCAT.keyword, Literal("SPARQL", lang="sv")))
    g.add((service, DCTERMS.license, LICENCE))
    g.add((service, DCTERMS.accessRights, URIRef(EU + "access-right/PUBLIC")))
    g.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    return typed(g)


#: The class DCAT-AP expects the value of each property to have (range.ttl).
RANGES = {
    DCTERMS.license: DCTERMS.LicenseDocument,
    DCATAP.availability: URIRef("http://www.w3.org/2004/02/skos/core#Concept"),
    DCAT.theme: URIRef("http://www.w3.org/2004/02/skos/core#Concept"),
    DCTERMS.type: URIRef("http://www.w3.org/2004/02/skos/core#Concept"),
    DCTERMS.format: DCTERMS.MediaTypeOrExtent,
    DCAT.mediaType: DCTERMS.MediaType,
    DCAT.contactPoint: VCARD.Kind,
    DCTERMS.accessRights: DCTERMS.RightsStatement,
    DCTERMS.language: DCTERMS.LinguisticSystem,
    DCAT.themeTaxonomy: URIRef("http://www.w3.org/2004/02/skos/core#ConceptScheme"),
    FOAF.homepage: FOAF.Document,
    DCTERMS.conformsTo: DCTERMS.Standard,
    DCTERMS.spatial: DCTERMS.Location,
}


#: Labels of the EU controlled-vocabulary entries used, which DCAT-AP's shapes ask for.
LABELS = {
    URIRef(EU + "data-theme"): (DCTERMS.title, "Data theme"),
    URIRef(EU + "data-theme/ENVI"): (URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), "Environment"),
    URIRef(EU + "data-theme/ECON"): (URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), "Economy and finance"),
    URIRef("http://data.europa.eu/r5r/availability/stable"): (URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), "Stable"),
    URIRef("http://purl.org/adms/publishertype/NationalAuthority"): (URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), "National authority"),
}


def typed(g: Graph) -> Graph:
    """State the class (and label) of every referenced resource, as DCAT-AP's shapes require."""
    for predicate, cls in RANGES.items():
        for value in set(g.objects(None, predicate)):
            g.add((value, RDF.type, cls))
    for subject, (predicate, label) in LABELS.items():
        if (subject, None, None) in g:
            g.add((subject, predicate, Literal(label, lang="en")))
    return g


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
