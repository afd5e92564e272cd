"""Plain-data views of records (dicts), in one language, for the JSON API and the pages."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS
from rdflib.term import Node

from . import queries
from .errors import NotFound
from .labels import Labels, slug_of
from .namespaces import GEO, ID, OA, ORG, SYM, record_iri
from .store import Store


class Text(str):
    """A text in the language it is written in (``lang``: its language tag or None), so that a page
    can mark the Swedish text it shows on an English page; everywhere else it is just a str."""

    lang: str | None

    def __new__(cls, value: str, lang: str | None = None) -> "Text":
        text = super().__new__(cls, value)
        text.lang = lang
        return text


def _text(graph: Graph, subject: Node, predicate: URIRef, lang: str) -> Text | None:
    values = [o for o in graph.objects(subject, predicate) if isinstance(o, Literal)]
    for wanted in (lang, "sv" if lang == "en" else "en", None, ""):
        for value in values:
            if (value.language or None) == (wanted or None):
                return Text(str(value), value.language or None)
    return Text(str(values[0]), values[0].language or None) if values else None


def _number(graph: Graph, subject: Node, predicate: URIRef) -> float | int | None:
    value = graph.value(subject, predicate)
    if value is None:
        return None
    number = value.toPython()
    if isinstance(number, (int, float)):
        return number
    try:
        as_float = float(number)
    except (TypeError, ValueError):
        return None
    return int(as_float) if as_float.is_integer() else as_float


def _iris(graph: Graph, subject: Node, predicate: URIRef) -> list[str]:
    return sorted(str(o) for o in graph.objects(subject, predicate) if isinstance(o, URIRef))


class RecordView:
    """Builds the dict for one record graph, resolving names through ``labels``."""

    def __init__(self, graph: Graph, labels: Labels, lang: str) -> None:
        self.graph, self.labels, self.lang = graph, labels, lang

    def ref(self, iri: str | None) -> dict | None:
        return None if iri is None else self.labels.ref(iri, self.lang)

    def refs(self, subject: Node, predicate: URIRef) -> list[dict]:
        return [self.labels.ref(i, self.lang) for i in _iris(self.graph, subject, predicate)]

    def one(self, subject: Node, predicate: URIRef) -> dict | None:
        found = _iris(self.graph, subject, predicate)
        return self.ref(found[0]) if found else None

    def evidence_ids(self, subject: Node) -> list[str]:
        return [i.rsplit("#", 1)[-1] for i in _iris(self.graph, subject, SYM.evidence)]

    def nodes(self, subject: Node, predicate: URIRef) -> list[URIRef]:
        return sorted((o for o in self.graph.objects(subject, predicate) if isinstance(o, URIRef)), key=str)

    def evidence(self) -> dict[str, dict]:
        out = {}
        for node in sorted(self.graph.subjects(RDF.type, SYM.Evidence), key=str):
            out[str(node).rsplit("#", 1)[-1]] = {
                "iri": str(node),
                "source": self.one(node, DCTERMS.source),
                "locator": _text(self.graph, node, SYM.locator, self.lang),
                "quote": _text(self.graph, node, SYM.quote, "sv"),
                "supports": _iris(self.graph, node, SYM.supportsProperty),  # the properties the quote proves
                # the curator's reasoning when the fact is read out of the quote, not stated in it (None: stated)
                "interpretation": _text(self.graph, node, SYM.interpretation, self.lang),
                **self.selector(node),
            }
        return out

    def selector(self, node: Node) -> dict:
        """The text before and after the quote in its source, as picked there (Web Annotation)."""
        selector = self.graph.value(node, OA.hasSelector)
        found = {key: self.graph.value(selector, OA[key]) if selector is not None else None for key in ("prefix", "suffix")}
        return {key: None if value is None else str(value) for key, value in found.items()}

    def quantity(self, node: Node) -> dict:
        return {
            "iri": str(node),
            "value": _number(self.graph, node, SYM.numericValue),
            "min": _number(self.graph, node, SYM.minValue),
            "max": _number(self.graph, node, SYM.maxValue),
            "unit": self.one(node, SYM.unit),
            "text": _text(self.graph, node, SYM.valueText, self.lang),
        }

    def factors(self, subject: Node, predicate: URIRef) -> list[dict]:
        return [
            {
                "iri": str(node),
                "type": self.one(node, SYM.factorType),
                "description": _text(self.graph, node, DCTERMS.description, self.lang),
                "evidence": self.evidence_ids(node),
            }
            for node in self.nodes(subject, predicate)
        ]


def initiative_view(store: Store, labels: Labels, slug: str, lang: str = "sv", graph: Graph | None = None) -> dict:
    """Everything in an initiative record, names in ``lang``, citations included (``graph``: the
    record's graph when the caller has read it already)."""
    iri = record_iri("initiative", slug)
    graph = store.graph(iri, light=True) if graph is None else graph
    subject = URIRef(iri)
    if (subject, RDF.type, SYM.Initiative) not in graph:
        raise NotFound(f"No initiative '{slug}'. See /api/initiatives for the list.")
    view = RecordView(graph, labels, lang)
    g = graph
    return {
        "iri": iri,
        "slug": slug,
        "label": _text(g, subject, SKOS.prefLabel, lang),
        "labels": {l.language: str(l) for l in g.objects(subject, SKOS.prefLabel) if isinstance(l, Literal)},
        "alt_labels": sorted(str(l) for l in g.objects(subject, SKOS.altLabel)),
        "description": _text(g, subject, DCTERMS.description, lang),
        "kind": view.refs(subject, SYM.kind),
        "status": view.one(subject, SYM.status),
        "status_history": [
            {"iri": str(n), "status": view.one(n, SYM.status), "year": _number(g, n, SYM.year), "evidence": view.evidence_ids(n)}
            for n in view.nodes(subject, SYM.statusHistory)
        ],
        "start_year": _number(g, subject, SYM.startYear),
        "end_year": _number(g, subject, SYM.endYear),
        "places": view.refs(subject, SYM.place),
        "organisation_form": view.refs(subject, SYM.organisationForm),
        "organisation": _text(g, subject, SYM.organisationDescription, lang),
        "how_started": _text(g, subject, SYM.howStarted, lang),
        "business_model": _text(g, subject, SYM.businessModel, lang),
        "process_phase": view.refs(subject, SYM.processPhase),
        "meets_criteria": view.refs(subject, SYM.meetsCriterion),
        "related": view.refs(subject, SYM.relatedInitiative),
        "inspired_by": view.refs(subject, SYM.inspiredBy),
        "part_of": view.refs(subject, SYM.partOf),
        "roles": [
            {"iri": str(n), "actor": view.one(n, SYM.agent), "role": view.refs(n, SYM.roleType),
             "start_year": _number(g, n, SYM.startYear), "end_year": _number(g, n, SYM.endYear),
             "evidence": view.evidence_ids(n)}
            for n in view.nodes(subject, SYM.hasRole)
        ],
        "exchanges": [
            {
                "iri": str(n),
                "provider": view.one(n, SYM.provider),
                "provider_description": _text(g, n, SYM.providerDescription, lang),
                "receiver": view.one(n, SYM.receiver),
                "receiver_description": _text(g, n, SYM.receiverDescription, lang),
                "resource_type": view.one(n, SYM.resourceType),
                "status": view.one(n, SYM.exchangeStatus),
                "quantities": [view.quantity(q) for q in view.nodes(n, SYM.quantity)],
                "start_year": _number(g, n, SYM.startYear),
                "end_year": _number(g, n, SYM.endYear),
                "description": _text(g, n, DCTERMS.description, lang),
                "evidence": view.evidence_ids(n),
            }
            for n in view.nodes(subject, SYM.hasExchange)
        ],
        "drivers": view.factors(subject, SYM.hasDriver),
        "barriers": view.factors(subject, SYM.hasBarrier),
        "success_factors": view.factors(subject, SYM.hasSuccessFactor),
        "outcomes": [
            {"iri": str(n), "indicator": view.one(n, SYM.indicator), "value": _number(g, n, SYM.numericValue),
             "min": _number(g, n, SYM.minValue), "max": _number(g, n, SYM.maxValue), "unit": view.one(n, SYM.unit),
             "year": _number(g, n, SYM.year), "description": _text(g, n, DCTERMS.description, lang),
             "evidence": view.evidence_ids(n)}
            for n in view.nodes(subject, SYM.hasOutcome)
        ],
        "funding": [
            {"iri": str(n), "funder": view.one(n, SYM.funder), "programme": view.one(n, SYM.programme),
             "amount": _number(g, n, SYM.amount), "currency": _text(g, n, SYM.currency, lang),
             "share_percent": _number(g, n, SYM.share), "start_year": _number(g, n, SYM.startYear),
             "end_year": _number(g, n, SYM.endYear), "condition": _text(g, n, SYM.condition, lang),
             "description": _text(g, n, DCTERMS.description, lang), "evidence": view.evidence_ids(n)}
            for n in view.nodes(subject, SYM.hasFunding)
        ],
        "evidence": view.evidence(),
        "initiative_evidence": view.evidence_ids(subject),
        "sources": view.refs(subject, DCTERMS.source),
    }


def actor_view(store: Store, labels: Labels, slug: str, lang: str = "sv", graph: Graph | None = None) -> dict:
    """An actor record and the initiatives it takes part in, with its roles there."""
    iri = record_iri("actor", slug)
    graph = store.graph(iri, light=True) if graph is None else graph
    subject = URIRef(iri)
    if (subject, RDF.type, SYM.Actor) not in graph:
        raise NotFound(f"No actor '{slug}'. See /api/actors for the list.")
    view = RecordView(graph, labels, lang)
    involvement: dict[str, dict] = {}
    for row in queries.select(store, "actor_involvement", actor=subject):
        initiative = str(row["initiative"])
        item = involvement.setdefault(initiative, {**labels.ref(initiative, lang), "roles": [], "exchanges": []})
        if "role" in row:
            ref = labels.ref(str(row["role"]), lang)
            if ref not in item["roles"]:
                item["roles"].append(ref)
        if "exchange" in row:
            exchange = {"iri": str(row["exchange"]), "as": str(row["direction"]),
                        "resource_type": labels.ref(str(row["resource"]), lang)}
            if exchange not in item["exchanges"]:
                item["exchanges"].append(exchange)
    return {
        "iri": iri,
        "slug": slug,
        "label": _text(graph, subject, SKOS.prefLabel, lang),
        "alt_labels": sorted(str(l) for l in graph.objects(subject, SKOS.altLabel)),
        "actor_types": view.refs(subject, SYM.actorType),
        "places": view.refs(subject, SYM.place),
        "part_of": view.refs(subject, ORG.subOrganizationOf),
        "sources": view.refs(subject, DCTERMS.source),
        "evidence": view.evidence(),
        "actor_evidence": view.evidence_ids(subject),
        "initiatives": sorted(involvement.values(), key=lambda i: i["label"].casefold()),
    }


def plain_view(graph: Graph, labels: Labels, iri: str, lang: str = "sv") -> dict:
    """Any record as {iri, label, properties: [{property, values}]}, names resolved."""
    subject = URIRef(iri)
    properties: dict[str, list] = {}
    for predicate, value in sorted(graph.predicate_objects(subject), key=lambda po: (str(po[0]), str(po[1]))):
        shown = labels.ref(str(value), lang) if isinstance(value, URIRef) else {"value": str(value), "lang": getattr(value, "language", None)}
        properties.setdefault(str(predicate), []).append(shown)
    return {
        "iri": iri,
        "slug": slug_of(iri),
        "label": _text(graph, subject, SKOS.prefLabel, lang) or _text(graph, subject, DCTERMS.title, lang) or slug_of(iri),
        "properties": [{"property": labels.ref(p, lang), "values": v} for p, v in properties.items()],
        "point": place_point(graph, subject),
    }


def place_point(graph: Graph, subject: URIRef) -> tuple[float, float] | None:
    """(longitude, latitude) of a place's WKT point, if it has one."""
    for geometry in graph.objects(subject, GEO.hasGeometry):
        wkt = graph.value(geometry, GEO.asWKT)
        if wkt and str(wkt).upper().startswith("POINT("):
            lon, lat = str(wkt)[6:].rstrip(")").split()[:2]
            return float(lon), float(lat)
    return None


__all__ = ["initiative_view", "actor_view", "plain_view", "place_point", "slug_of", "ID"]
