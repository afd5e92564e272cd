"""An actor created from inside another record's form: a name, a type, places and the quote that
names it, turned into an actor record (a draft) with its evidence.

The edit form's "New actor" dialog sends what the curator typed as JSON::

    {"name": {"sv": "Testmejeriet", "en": "Test Dairy"},
     "actor_type": "https://w3id.org/symbios/concept/actor-types/company",
     "places": ["https://w3id.org/symbios/id/place/testby-kommun"],
     "evidence": {"source": "https://w3id.org/symbios/id/source/test-source", "locator": "Avsnitt 1",
                  "quote": "…", "prefix": "…", "suffix": "…"}}

:func:`read_request` checks each value's type and the values a curator must give (each problem
names its dialog field, in Swedish and English); :func:`actor_graph` builds the record: the name,
type and places supported by one evidence node (source, locator, quote, and a W3C Web Annotation
``oa:TextQuoteSelector`` when the quote was picked in the text with its prefix and suffix). Whether
the record meets the shapes and whether the quote is in its source is the curation layer's check,
like every other write.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from .errors import InvalidData
from .namespaces import CONCEPT, ID, OA, SYM, record_iri
from .records import SLUG

ACTOR_TYPES = CONCEPT + "actor-types"
#: The dialog's fields, as the JSON names them (a problem's ``field``).
FIELDS = ("name_sv", "name_en", "actor_type", "places", "source", "locator", "quote", "prefix", "suffix")


@dataclass(frozen=True)
class NewActor:
    name_sv: str
    name_en: str
    actor_type: str
    places: tuple[str, ...]
    source: str
    locator: str
    quote: str
    prefix: str = ""
    suffix: str = ""
    #: problems found while reading, each naming its field
    problems: list[dict] = field(default_factory=list, compare=False)


def problem(field_name: str, message_sv: str, message_en: str, value: str | None = None) -> dict:
    return {"field": field_name, "message_sv": message_sv, "message_en": message_en, "value": value,
            "severity": "Violation", "path": None, "focus": None}


def _text(data: dict, key: str, field_name: str, problems: list[dict]) -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.append(problem(field_name, "Skriv en text här.", "Write a text here."))
        return ""
    return " ".join(value.split()) if field_name not in ("quote", "prefix", "suffix") else value.strip()


def _iri(value: object, prefix: str, field_name: str, problems: list[dict], what_sv: str, what_en: str) -> str:
    if not isinstance(value, str) or not value.startswith(prefix) or not SLUG.fullmatch(value[len(prefix):]):
        problems.append(problem(field_name, f"Välj {what_sv} i listan.", f"Choose {what_en} from the list.",
                                value if isinstance(value, str) else None))
        return ""
    return value


def read_request(data: object) -> NewActor:
    """The new actor the dialog describes; InvalidData naming each field at fault."""
    if not isinstance(data, dict):
        raise InvalidData("Send the new actor as a JSON object: name, actor_type, places, evidence.",
                          problems=[problem("name_sv", "Formuläret kom inte fram rätt. Ladda om sidan.",
                                            "The form did not arrive right. Reload the page.")])
    problems: list[dict] = []
    name = data.get("name") if isinstance(data.get("name"), dict) else {}
    if not isinstance(data.get("name", {}), dict):
        problems.append(problem("name_sv", "Skriv aktörens namn.", "Write the actor's name."))
    name_sv = _text(name, "sv", "name_sv", problems)
    name_en = _text(name, "en", "name_en", problems)
    if not name_sv and not any(p["field"] == "name_sv" for p in problems):
        problems.append(problem("name_sv", "Skriv aktörens namn på svenska.", "Write the actor's name in Swedish."))
    actor_type = _iri(data.get("actor_type"), ACTOR_TYPES + "/", "actor_type", problems,
                      "vilken sorts aktör det är", "what sort of actor it is")
    places_in = data.get("places", [])
    if isinstance(places_in, str):
        places_in = [places_in] if places_in else []
    places: list[str] = []
    if not isinstance(places_in, list):
        problems.append(problem("places", "Välj platserna i listan.", "Choose the places from the list."))
    else:
        for value in places_in:
            place = _iri(value, ID + "place/", "places", problems, "en plats", "a place")
            if place and place not in places:
                places.append(place)
    evidence = data.get("evidence") if isinstance(data.get("evidence"), dict) else {}
    source = _iri(evidence.get("source"), ID + "source/", "source", problems, "källan som nämner aktören",
                  "the source that names the actor")
    locator = _text(evidence, "locator", "locator", problems)
    if not locator and not any(p["field"] == "locator" for p in problems):
        problems.append(problem("locator", "Skriv var i källan det står, t.ex. ”Avsnitt 2”, ”Bilaga A3” eller ”s. 4”.",
                                "Write where in the source it says so, e.g. “Section 2”, “Appendix A3” or “p. 4”."))
    quote = _text(evidence, "quote", "quote", problems)
    if not quote and not any(p["field"] == "quote" for p in problems):
        problems.append(problem("quote", "Citera meningen i källan som nämner aktören, ordagrant.",
                                "Quote the sentence in the source that names the actor, word for word."))
    prefix = _text(evidence, "prefix", "prefix", problems)
    suffix = _text(evidence, "suffix", "suffix", problems)
    if problems:
        raise InvalidData(f"The new actor is not complete: {len(problems)} problem(s); nothing was stored.",
                          problems=problems)
    return NewActor(name_sv, name_en, actor_type, tuple(places), source, locator, quote, prefix, suffix)


def slug_from_name(name: str) -> str:
    """'Öresundskraft AB' -> 'oresundskraft-ab' (lower-case ASCII letters, digits and hyphens)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    slug = "-".join("".join(c if c.isalnum() else " " for c in folded).split())[:60].strip("-")
    return slug if SLUG.fullmatch(slug) else ""


def unique_slug(name: str, taken) -> str:
    """A slug for ``name`` that ``taken(slug)`` says is free: the name's, else with -2, -3 … appended."""
    base = slug_from_name(name)
    if not base:
        raise InvalidData("The name gives no usable record name.", problems=[problem(
            "name_sv", "Namnet behöver minst en bokstav eller siffra.", "The name needs at least one letter or digit.",
            name)])
    slug, number = base, 1
    while taken(slug):
        number += 1
        slug = f"{base}-{number}"
    return slug


def name_key(name: str) -> str:
    """A name compared as people read it: case, accents, spaces and punctuation ignored."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").casefold()
    return "".join(c for c in folded if c.isalnum())


def actor_graph(slug: str, actor: NewActor, quote_language: str = "sv") -> Graph:
    """The actor record: name, type and places, supported by one evidence node."""
    subject = URIRef(record_iri("actor", slug))
    evidence = URIRef(f"{subject}#ev-1")
    graph = Graph()
    graph.add((subject, RDF.type, SYM.Actor))
    graph.add((subject, SKOS.prefLabel, Literal(actor.name_sv, lang="sv")))
    if actor.name_en:
        graph.add((subject, SKOS.prefLabel, Literal(actor.name_en, lang="en")))
    graph.add((subject, SYM.actorType, URIRef(actor.actor_type)))
    for place in actor.places:
        graph.add((subject, SYM.place, URIRef(place)))
    graph.add((subject, DCTERMS.source, URIRef(actor.source)))
    graph.add((subject, SYM.evidence, evidence))
    graph.add((evidence, RDF.type, SYM.Evidence))
    graph.add((evidence, DCTERMS.source, URIRef(actor.source)))
    graph.add((evidence, SYM.locator, Literal(actor.locator)))
    graph.add((evidence, SYM.quote, Literal(actor.quote, lang=quote_language)))
    for supported in (SKOS.prefLabel, SYM.actorType) + ((SYM.place,) if actor.places else ()):
        graph.add((evidence, SYM.supportsProperty, supported))
    if actor.prefix or actor.suffix:
        selector = URIRef(f"{subject}#ev-1-selector")
        graph.add((evidence, OA.hasSelector, selector))
        graph.add((selector, RDF.type, OA.TextQuoteSelector))
        graph.add((selector, OA.exact, Literal(actor.quote)))
        if actor.prefix:
            graph.add((selector, OA.prefix, Literal(actor.prefix)))
        if actor.suffix:
            graph.add((selector, OA.suffix, Literal(actor.suffix)))
    return graph


def field_of(found: dict) -> str | None:
    """The dialog field a problem of the curation layer's check belongs to (None: the dialog as a whole)."""
    path = found.get("path") or ""
    focus = str(found.get("focus") or "")
    if path == str(SKOS.prefLabel):
        return "name_en" if str(found.get("value") or "").endswith("@en") else "name_sv"
    if path == str(SYM.actorType):
        return "actor_type"
    if path == str(SYM.place):
        return "places"
    if "#ev-" in focus or path in (str(SYM.quote), str(OA.exact), str(SYM.evidence)):
        return "source" if path == str(DCTERMS.source) else "locator" if path == str(SYM.locator) else "quote"
    if path == str(DCTERMS.source):
        return "source"
    return None
