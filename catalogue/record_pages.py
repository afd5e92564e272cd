"""Plain-data views of place, source and actor records for their pages and JSON twins: a place
with its initiatives and actors, a source with the quotes that cite it, an actor with where and in
what it takes part. Names in one language; no IRIs or slugs are meant to be shown from here except
as link targets."""

from __future__ import annotations

from collections import defaultdict

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from . import queries
from .errors import NotFound
from .facets import fold
from .labels import slug_of
from .listing import summary
from .mapping import markers, municipality_regions, place_points
from .namespaces import ID, SYM, record_iri
from .views import _text, actor_view, place_point

#: Place classes -> (kind key, Swedish name, English name).
PLACE_KINDS = {
    SYM.Municipality: ("municipality", "Kommun", "Municipality"),
    SYM.Region: ("county", "Län", "County"),
    SYM.Country: ("country", "Land", "Country"),
    SYM.Site: ("site", "Plats", "Site"),
}
SUMMARY_LENGTH = 220  # characters of an initiative's description shown on a place page


def short(text: str | None, length: int = SUMMARY_LENGTH) -> str | None:
    """The first sentences of ``text`` up to about ``length`` characters, cut at a word with '…'."""
    if not text or len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0].rstrip(",;:–- ")
    return cut + " …"


def _description(entry, lang: str) -> tuple[str | None, str | None]:
    """(description, its language) of an index entry, in ``lang`` if there is one."""
    found = {language: text for name, language, text in entry.texts if name == "description"}
    for wanted in (lang, "sv" if lang == "en" else "en", None):
        if wanted in found:
            return found[wanted], wanted
    return None, None


def _initiative_items(catalogue, iris: list[str], lang: str) -> list[dict]:
    items = []
    for iri in iris:
        entry = catalogue.index.entries.get(iri)
        if entry is None:  # an initiative not (yet) in the index: skip rather than guess
            continue
        text, text_lang = _description(entry, lang)
        items.append({**summary(catalogue, entry, lang), "summary": short(text), "summary_lang": text_lang})
    items.sort(key=lambda i: fold(i["label"] or ""))
    return items


def place_view(catalogue, slug: str, lang: str = "sv", graph: Graph | None = None) -> dict:
    """A place (municipality, county, country) with its county or municipalities, the initiatives
    there (a county's: in its municipalities too) and the actors taking part in them or located
    there, counts, and map markers of the initiatives' points there."""
    iri = record_iri("place", slug)
    graph = catalogue.store.graph(iri, light=True) if graph is None else graph
    subject = URIRef(iri)
    types = set(graph.objects(subject, RDF.type))
    if not types:
        raise NotFound(f"No place '{slug}'. See /api/places or / for the places the catalogue holds.")
    kind, kind_sv, kind_en = next((PLACE_KINDS[t] for t in PLACE_KINDS if t in types), ("place", "Plats", "Place"))
    labels = catalogue.labels
    ref = lambda i: labels.ref(i, lang)
    regions = municipality_regions(catalogue.store)
    county = str(graph.value(subject, SYM.inRegion)) if graph.value(subject, SYM.inRegion) else None
    inside = sorted((m for m, r in regions.items() if r == iri), key=lambda m: fold(labels.get(m, lang)))
    initiatives, located = [], []
    for row in queries.select(catalogue.store, "place_records", place=subject):
        if "initiative" in row:
            initiatives.append(str(row["initiative"]))
        if "actor" in row:
            located.append(str(row["actor"]))
    items = _initiative_items(catalogue, list(dict.fromkeys(initiatives)), lang)
    here = {iri, *inside}  # the places whose points belong on this place's map
    points = place_points(catalogue.store)
    placed, _ = markers([{**i, "places": [p for p in i["places"] if p["iri"] in here]} for i in items], points)
    for marker in placed:
        marker["href"] = f"/id/initiative/{marker['slug']}?lang={lang}"
    municipality_counts: dict[str, int] = defaultdict(int)
    actors: dict[str, dict] = {}
    for item in items:
        for place in item["places"]:
            if place["iri"] in inside:
                municipality_counts[place["iri"]] += 1
        entry = catalogue.index.entries[item["iri"]]
        for actor in entry.values.get("actor", ()):
            found = actors.setdefault(actor, {**ref(actor), "initiatives": 0, "located_here": False})
            found["initiatives"] += 1
    for actor in located:
        actors.setdefault(actor, {**ref(actor), "initiatives": 0, "located_here": False})["located_here"] = True
    point = place_point(graph, subject)
    notation = graph.value(subject, SKOS.notation)
    facet = {"municipality": "municipality", "county": "region"}.get(kind)
    return {
        "iri": iri,
        "slug": slug,
        "label": _text(graph, subject, SKOS.prefLabel, lang) or slug,
        "alt_labels": sorted(str(l) for l in graph.objects(subject, SKOS.altLabel)),
        "kind": kind,
        "kind_label": kind_sv if lang == "sv" else kind_en,
        "code": str(notation) if notation is not None else None,
        "county": ref(county) if county else None,
        "municipalities": [{**ref(m), "initiatives": municipality_counts.get(m, 0)} for m in inside],
        "point": {"lon": point[0], "lat": point[1]} if point else None,
        "point_note": next((_text(graph, g, SKOS.scopeNote, lang) for g in graph.objects(subject, URIRef(
            "http://www.opengis.net/ont/geosparql#hasGeometry"))), None),
        "counts": {"initiatives": len(items), "actors": len(actors)},
        "initiatives": items,
        "actors": sorted(actors.values(), key=lambda a: (-a["initiatives"], fold(a["label"]))),
        "markers": placed,
        "search": f"/?{facet}={slug}&lang={lang}" if facet else None,
        "sources": [ref(str(s)) for s in sorted(graph.objects(subject, DCTERMS.source), key=str)],
    }


def source_view(catalogue, slug: str, lang: str = "sv", graph: Graph | None = None) -> dict:
    """A source document's description and every record that cites it: the quotes (with locators
    and what each supports) grouped by record, and the records that name it without a quote."""
    iri = record_iri("source", slug)
    graph = catalogue.store.graph(iri, light=True) if graph is None else graph
    subject = URIRef(iri)
    if (subject, RDF.type, SYM.SourceDocument) not in graph:
        raise NotFound(f"No source '{slug}'. See / for what the catalogue holds.")
    labels = catalogue.labels
    records: dict[str, dict] = {}
    quotes: dict[str, dict] = {}
    for row in queries.select(catalogue.store, "source_citations", source=subject):
        thing = str(row["thing"])
        record = thing.split("#", 1)[0]
        if not record.startswith(ID):
            continue
        kind = record[len(ID):].split("/", 1)[0]
        entry = records.setdefault(record, {**labels.ref(record, lang), "kind": kind, "quotes": []})
        if "quote" not in row:
            continue
        quote = quotes.get(thing)
        if quote is None:
            value = row["quote"]
            quote = quotes[thing] = {"id": thing.rsplit("#", 1)[-1], "quote": str(value),
                                     "lang": getattr(value, "language", None),
                                     "locator": str(row["locator"]) if "locator" in row else None, "supports": []}
            entry["quotes"].append(quote)
        if "property" in row:
            supported = labels.ref(str(row["property"]), lang)
            if supported not in quote["supports"]:
                quote["supports"].append(supported)
    for entry in records.values():
        entry["quotes"].sort(key=lambda q: (fold(q["locator"] or ""), q["id"]))
        for quote in entry["quotes"]:
            quote["supports"].sort(key=lambda s: fold(s["label"]))
    order = {"initiative": 0, "actor": 1, "place": 2, "source": 3}
    cited = sorted(records.values(), key=lambda r: (order.get(r["kind"], 9), -len(r["quotes"]), fold(r["label"])))
    year = next((_year(v) for p in (DCTERMS.issued, DCTERMS.date, DCTERMS.created) for v in graph.objects(subject, p)), None)
    url = next((str(v) for p in (SYM.url, URIRef("https://schema.org/url"), URIRef("http://www.w3.org/ns/dcat#landingPage"),
                                 URIRef("http://xmlns.com/foaf/0.1/page")) for v in graph.objects(subject, p)), None)
    if url is None:
        url = next((str(v) for v in graph.objects(subject, DCTERMS.identifier) if str(v).startswith(("http://", "https://"))), None)
    language = graph.value(subject, DCTERMS.language)
    return {
        "iri": iri,
        "slug": slug,
        "label": _text(graph, subject, DCTERMS.title, lang) or slug,
        "title_lang": next((l.language for l in graph.objects(subject, DCTERMS.title)
                            if isinstance(l, Literal) and str(l) == _text(graph, subject, DCTERMS.title, lang)), None),
        "description": _text(graph, subject, DCTERMS.description, lang),
        "creators": [labels.ref(str(o), lang) if isinstance(o, URIRef) else {"label": str(o)} for o in graph.objects(subject, DCTERMS.creator)],
        "publishers": [labels.ref(str(o), lang) if isinstance(o, URIRef) else {"label": str(o)} for o in graph.objects(subject, DCTERMS.publisher)],
        "year": year,
        "language": str(language) if language is not None else None,
        "url": url,
        "licence": next((str(o) for o in graph.objects(subject, DCTERMS.license)), None),
        "counts": {"records": len(cited), "quotes": len(quotes)},
        "groups": [{"kind": kind, "records": [r for r in cited if r["kind"] == kind]}
                   for kind in dict.fromkeys(r["kind"] for r in cited)],
    }


def _year(value) -> int | None:
    text = str(value)
    return int(text[:4]) if text[:4].isdigit() else None


def actor_page_view(catalogue, slug: str, lang: str = "sv", graph: Graph | None = None) -> dict:
    """An actor (see :func:`catalogue.views.actor_view`) with where it is and takes part (its own
    places and its initiatives' municipalities and counties) and, per initiative, its roles and the
    exchanges it provides or receives: resource type, the party on the other side, status."""
    view = actor_view(catalogue.store, catalogue.labels, slug, lang, graph)
    labels = catalogue.labels
    ref = lambda i: labels.ref(i, lang)
    exchanges: dict[str, dict[str, list]] = defaultdict(lambda: {"provides": [], "receives": []})
    seen = set()
    for row in queries.select(catalogue.store, "actor_exchanges", actor=URIRef(view["iri"])):
        key = (str(row["exchange"]), str(row["direction"]))
        if key in seen:
            continue
        seen.add(key)
        partner = ref(str(row["partner"])) if "partner" in row else (
            {"label": str(row["partnerDescription"]), "lang": row["partnerDescription"].language} if "partnerDescription" in row else None)
        exchanges[str(row["initiative"])][str(row["direction"])].append({
            "resource_type": ref(str(row["resource"])),
            "partner": partner,
            "status": ref(str(row["status"])) if "status" in row else None,
        })
    where: dict[str, dict] = {}
    regions = municipality_regions(catalogue.store)
    for place in view["places"]:
        where.setdefault(place["iri"], {**place, "own": True, "initiatives": 0})
    resources = {"provides": {}, "receives": {}}
    for initiative in view["initiatives"]:
        entry = catalogue.index.entries.get(initiative["iri"])
        places = sorted(entry.values.get("municipality", set())) if entry else []
        initiative["places"] = [ref(p) for p in places]
        for place in places:
            where.setdefault(place, {**ref(place), "own": False, "initiatives": 0})["initiatives"] += 1
            county = regions.get(place)
            if county:
                where[place]["county"] = ref(county)
        initiative["provides"] = exchanges[initiative["iri"]]["provides"]
        initiative["receives"] = exchanges[initiative["iri"]]["receives"]
        for direction in ("provides", "receives"):
            for exchange in initiative[direction]:
                resources[direction].setdefault(exchange["resource_type"]["iri"], exchange["resource_type"])
    return {
        **view,
        "where": sorted(where.values(), key=lambda p: (not p["own"], -p["initiatives"], fold(p["label"]))),
        "resources": {d: sorted(r.values(), key=lambda x: fold(x["label"])) for d, r in resources.items()},
        "counts": {"initiatives": len(view["initiatives"]), "places": len(where)},
    }


__all__ = ["place_view", "source_view", "actor_page_view", "short", "slug_of"]
