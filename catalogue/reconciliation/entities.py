"""What the reconciliation service matches against: actors, initiatives, places and concepts as entities.

An entity is a Symbios IRI with a type, its names (preferred per language, then other names and
codes), and its property values. Types are the record classes (actor, initiative, municipality,
county) and one type per concept scheme (resource types, actor types …). Properties are the few
a spreadsheet holds or wants back: an actor's municipality and county (its own place and those of
the initiatives it takes part in), its initiatives, the resource types it provides or receives,
its NACE codes; a resource type's List of Waste codes; an initiative's places, actors and resources.

Everything is read from the catalogue's own indexes (labels, facets, concepts and the initiatives'
text index) and four whole-catalogue queries; the names of actors, places and concepts get a
text index of their own (the initiatives' one is reused as it is).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field

from .. import queries
from ..labels import Labels, slug_of
from ..namespaces import CONCEPT, SKOS, SYM
from ..text_search import TextDocument, TextIndex
from .names import joined, normal

ACTOR, INITIATIVE, MUNICIPALITY, COUNTY = (str(SYM.Actor), str(SYM.Initiative), str(SYM.Municipality), str(SYM.Region))
PLACE, CONCEPT_CLASS = str(SYM.Place), str(SKOS.Concept)
LIST_OF_WASTE, NACE = str(SYM.ListOfWasteCode), str(SYM.NaceCode)
#: Types with fewer names than this are also matched name by name (RapidFuzz), not only through the text index.
SMALL_TYPE = 20_000
#: The key of the text index of every entity that is not an initiative (initiatives have the catalogue's own).
OTHER_TYPES = "*"
#: Types offered first (the manifest's defaultTypes).
DEFAULT_TYPES = (ACTOR, INITIATIVE, MUNICIPALITY, COUNTY, CONCEPT + "resource-types", CONCEPT + "actor-types")


@dataclass(frozen=True)
class Property:
    """A property of the entities of ``types``: its values are entities of ``value_type`` or literals
    (``value_type`` "str" or "int")."""
    id: str
    names: dict[str, str]
    descriptions: dict[str, str]
    types: tuple[str, ...]
    value_type: str


PROPERTIES = {p.id: p for p in (
    Property("municipality", {"sv": "Kommun", "en": "Municipality"},
             {"sv": "Kommunen där aktören finns eller där dess initiativ ligger.",
              "en": "The municipality the actor is located in or its initiatives are."},
             (ACTOR, INITIATIVE), MUNICIPALITY),
    Property("county", {"sv": "Län", "en": "County"},
             {"sv": "Länet där aktören, initiativet eller kommunen finns.",
              "en": "The county the actor, initiative or municipality is in."},
             (ACTOR, INITIATIVE, MUNICIPALITY), COUNTY),
    Property("actor_type", {"sv": "Aktörstyp", "en": "Actor type"},
             {"sv": "Vad slags organisation aktören är.", "en": "What kind of organisation the actor is."},
             (ACTOR,), CONCEPT + "actor-types"),
    Property("nace", {"sv": "NACE-kod", "en": "NACE code"},
             {"sv": "Näringsgrenar (NACE rev. 2) som motsvarar aktörens typer.",
              "en": "NACE Rev. 2 activities that correspond to the actor's types."},
             (ACTOR, CONCEPT + "actor-types"), "str"),
    Property("initiative", {"sv": "Initiativ", "en": "Initiative"},
             {"sv": "Initiativ som aktören deltar i, som ligger i platsen eller där resurstypen utbyts.",
              "en": "Initiatives the actor takes part in, located in the place, or exchanging the resource type."},
             (ACTOR, MUNICIPALITY, COUNTY, CONCEPT + "resource-types"), INITIATIVE),
    Property("provides", {"sv": "Levererar", "en": "Provides"},
             {"sv": "Resurstyper som aktören levererar i något utbyte.",
              "en": "Resource types the actor provides in some exchange."},
             (ACTOR,), CONCEPT + "resource-types"),
    Property("receives", {"sv": "Tar emot", "en": "Receives"},
             {"sv": "Resurstyper som aktören tar emot i något utbyte.",
              "en": "Resource types the actor receives in some exchange."},
             (ACTOR,), CONCEPT + "resource-types"),
    Property("actor", {"sv": "Aktör", "en": "Actor"},
             {"sv": "Aktörer som deltar i initiativet.", "en": "Actors taking part in the initiative."},
             (INITIATIVE,), ACTOR),
    Property("resource", {"sv": "Resurstyp", "en": "Resource type"},
             {"sv": "Resurstyper som utbyts i initiativet.", "en": "Resource types exchanged in the initiative."},
             (INITIATIVE,), CONCEPT + "resource-types"),
    Property("kind", {"sv": "Typ av initiativ", "en": "Kind of initiative"},
             {"sv": "Vad slags initiativ det är.", "en": "What kind of initiative it is."},
             (INITIATIVE,), CONCEPT + "initiative-kinds"),
    Property("status", {"sv": "Status", "en": "Status"},
             {"sv": "Initiativets status enligt källan.", "en": "The initiative's status as its source gives it."},
             (INITIATIVE,), CONCEPT + "initiative-status"),
    Property("start_year", {"sv": "Startår", "en": "Start year"},
             {"sv": "Året initiativet startade, där källan anger det.",
              "en": "The year the initiative started, where its source says."},
             (INITIATIVE,), "int"),
    Property("list_of_waste", {"sv": "Avfallskod (EU:s avfallsförteckning)", "en": "List of Waste code"},
             {"sv": "Koder i EU:s avfallsförteckning (2000/532/EG) som motsvarar resurstypen.",
              "en": "European List of Waste (2000/532/EC) codes that correspond to the resource type."},
             (CONCEPT + "resource-types",), "str"),
    Property("list_of_waste_title", {"sv": "Avfallskod med benämning", "en": "List of Waste code with its title"},
             {"sv": "Avfallskoderna med sina benämningar i förteckningen (på engelska).",
              "en": "The List of Waste codes with their titles in the list."},
             (CONCEPT + "resource-types",), "str"),
    Property("broader", {"sv": "Överordnat begrepp", "en": "Broader concept"},
             {"sv": "Det närmast överordnade begreppet.", "en": "The next broader concept."},
             (CONCEPT_CLASS,), CONCEPT_CLASS),
)}


@dataclass
class Entity:
    iri: str
    type: str
    names: dict[str, str]  # language -> preferred name
    other_names: list[str] = field(default_factory=list)  # alternative labels and spellings, codes
    home: list[str] = field(default_factory=list)  # an actor's own places (sym:place), for telling namesakes apart
    forms: list[str] = field(default_factory=list)  # every name in its normal form (names.normal), set by build
    values: dict[str, list] = field(default_factory=lambda: defaultdict(list))  # property id -> IRIs or literals
    definitions: dict[str, str] = field(default_factory=dict)

    def name(self, lang: str) -> str:
        other = "en" if lang == "sv" else "sv"
        return self.names.get(lang) or self.names.get(other) or slug_of(self.iri)

    def all_names(self) -> list[str]:
        return [*dict.fromkeys([*self.names.values(), *self.other_names])]


def properties_of(type_id: str, types: dict[str, "EntityType"]) -> list[Property]:
    """The properties entities of ``type_id`` have (a concept scheme's type also has skos:Concept's)."""
    kinds = {type_id, *(t.id for t in types[type_id].broader)} if type_id in types else {type_id}
    return [p for p in PROPERTIES.values() if kinds & set(p.types)]


@dataclass
class EntityType:
    id: str
    names: dict[str, str]
    broader: list["EntityType"] = field(default_factory=list)

    def name(self, lang: str) -> str:
        found = self.names.get(lang) or self.names.get("sv") or slug_of(self.id)
        return found[:1].upper() + found[1:]


@dataclass
class Entities:
    """Every entity by IRI, the types, and a text index of names per type."""
    entities: dict[str, Entity]
    types: dict[str, EntityType]
    indexes: dict[str, TextIndex]  # type id -> the names of its entities
    version: str
    forms: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)  # small type -> (normal names, IRIs)
    prefixes: "Prefixes | None" = None

    def of_type(self, type_id: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.type == type_id]


def _names(labels: Labels, iri: str) -> dict[str, str]:
    return {lang: text for lang, text in labels.names.get(iri, {}).items() if lang in ("sv", "en")}


def _type(labels: Labels, iri: str, broader: list[EntityType] = ()) -> EntityType:
    return EntityType(iri, _names(labels, iri) or {"sv": slug_of(iri)}, list(broader))


def build(catalogue) -> Entities:
    """The entities of the catalogue as it is now (its indexes and store)."""
    labels, facets, concepts, store = catalogue.labels, catalogue.index, catalogue.concepts, catalogue.store
    place_type = _type(labels, PLACE)
    concept_type = _type(labels, CONCEPT_CLASS)
    types = {ACTOR: _type(labels, ACTOR), INITIATIVE: _type(labels, INITIATIVE),
             MUNICIPALITY: _type(labels, MUNICIPALITY, [place_type]), COUNTY: _type(labels, COUNTY, [place_type])}
    for scheme in sorted({c.scheme for c in concepts.concepts.values()}):
        types[scheme] = _type(labels, scheme, [concept_type])
    entities: dict[str, Entity] = {}

    for iri, place in facets.places.items():
        entity = entities[iri] = Entity(iri, MUNICIPALITY if place.kind == "municipality" else COUNTY, _names(labels, iri))
        entity.other_names = sorted(place.names - set(entity.names.values()))
        if place.county:
            entity.values["county"].append(place.county)

    for iri, concept in concepts.concepts.items():
        if concept.deprecated:
            continue  # retired: resolvable, but never offered as a match
        entity = entities[iri] = Entity(iri, concept.scheme, {k: v for k, v in concept.pref.items() if k in ("sv", "en")})
        entity.other_names = sorted(set(concept.alt))
        entity.values["broader"] = sorted(concept.broader)
    for row in queries.select(store, "reconcile_concept_details"):
        entity = entities.get(str(row["concept"]))
        if entity is None:
            continue
        value = row["value"]
        if str(row["field"]) == "definition":
            language = getattr(value, "language", None) or "sv"
            entity.definitions.setdefault(language, str(value))
            continue
        code, code_type, title = str(value), str(row.get("codeType") or ""), row.get("codeLabel")
        property_id = {LIST_OF_WASTE: "list_of_waste", NACE: "nace"}.get(code_type)
        if property_id is None or code in entity.values[property_id]:
            continue
        entity.values[property_id].append(code)
        entity.other_names.append(code)
        if property_id == "list_of_waste":
            entity.values["list_of_waste_title"].append(f"{code} {title}".strip() if title is not None else code)

    for row in queries.select(store, "reconcile_actors"):
        iri, field_name, value = str(row["actor"]), str(row["field"]), row["value"]
        entity = entities.get(iri)
        if entity is None:
            entity = entities[iri] = Entity(iri, ACTOR, _names(labels, iri))
        if field_name == "pref":
            if getattr(value, "language", None) not in ("sv", "en"):
                entity.other_names.append(str(value))
        elif field_name == "alt":
            entity.other_names.append(str(value))
        elif field_name == "type":
            entity.values["actor_type"].append(str(value))
        elif field_name == "place":
            place = facets.places.get(str(value))
            if place is not None:
                entity.home.append(place.iri)
                entity.values["municipality" if place.kind == "municipality" else "county"].append(place.iri)
                if place.county:
                    entity.values["county"].append(place.county)
    for row in queries.select(store, "reconcile_actor_exchanges"):
        entity = entities.get(str(row["actor"]))
        if entity is not None:
            entity.values[str(row["direction"])].append(str(row["resource"]))

    for iri, entry in facets.entries.items():
        entity = entities[iri] = Entity(iri, INITIATIVE, {k: v for k, v in entry.labels.items() if k in ("sv", "en")})
        entity.other_names = [text for name, _, text in entry.texts if name == "altLabel"]
        values = entry.values
        for property_id, facet in (("municipality", "municipality"), ("county", "region"), ("actor", "actor_direct"),
                                   ("resource", "resource_direct"), ("kind", "kind_direct"), ("status", "status")):
            entity.values[property_id] = sorted(values.get(facet, ()))
        if entry.start_year is not None:
            entity.values["start_year"] = [entry.start_year]
        for actor in values.get("actor_direct", ()):
            _add(entities, actor, "initiative", iri)
            for place in values.get("municipality", ()):
                _add(entities, actor, "municipality", place)
            for county in values.get("region", ()):
                _add(entities, actor, "county", county)
        for place in (*values.get("municipality", ()), *values.get("region", ())):
            _add(entities, place, "initiative", iri)
        for concept in values.get("resource_direct", ()):
            _add(entities, concept, "initiative", iri)

    for entity in entities.values():
        for property_id, found in entity.values.items():
            entity.values[property_id] = sorted(set(found), key=str)
        entity.other_names = [n for n in dict.fromkeys(entity.other_names) if n not in entity.names.values()]
    for entity in entities.values():  # an actor's NACE codes are those of its types
        if entity.type == ACTOR:
            entity.values["nace"] = sorted({code for t in entity.values.get("actor_type", ())
                                            for code in getattr(entities.get(t), "values", {}).get("nace", ())})
    by_type: dict[str, list[Entity]] = defaultdict(list)
    for entity in entities.values():
        entity.forms = list(dict.fromkeys(normal(name) for name in entity.all_names()))
        by_type[entity.type].append(entity)
    indexes = {INITIATIVE: facets.text} if facets.text is not None else {}
    indexes[OTHER_TYPES] = _name_index([e for e in entities.values() if e.type != INITIATIVE])
    forms = {}
    for type_id, members in by_type.items():
        names = [(form, e.iri) for e in members for form in e.forms]
        if len(names) < SMALL_TYPE:
            forms[type_id] = ([n for n, _ in names], [i for _, i in names])
    return Entities(entities, types, indexes, catalogue.version, forms, Prefixes(entities.values()))


class Prefixes:
    """Every word-initial tail of every entity's normal names, sorted, for suggestions as one types:
    "kemikl" finds "kemiklustret i stenungsund" (a name that starts with it) and "stenung" finds it too
    (a word that starts with it), by binary search instead of a pass over every name."""

    def __init__(self, entities) -> None:
        found = []
        for entity in entities:
            for form in entity.forms:
                starts = [0] + [m.start() + 1 for m in re.finditer(" ", form)]
                found += [(form[start:], 0 if start == 0 else 1, entity.iri) for start in starts]
        found.sort()
        self.keys = [key for key, _, _ in found]
        self.owners = [(word, iri) for _, word, iri in found]

    def lookup(self, wanted: str) -> dict[str, int]:
        """IRI -> rank for the names meeting ``wanted``: 0 a name is it, 1 a name starts with it, 2 a word does."""
        low, high = bisect_left(self.keys, wanted), bisect_left(self.keys, wanted + "\U0010ffff")
        ranks: dict[str, int] = {}
        for number in range(low, high):
            word, iri = self.owners[number]
            rank = (0 if self.keys[number] == wanted else 1) if word == 0 else 2
            if rank < ranks.get(iri, 3):
                ranks[iri] = rank
        return ranks


def _add(entities: dict[str, Entity], iri: str, property_id: str, value: str) -> None:
    entity = entities.get(iri)
    if entity is not None:
        entity.values[property_id].append(value)


def _name_index(entities: list[Entity]) -> TextIndex:
    documents = []
    for entity in entities:
        document = TextDocument(entity.iri)
        for lang, text in entity.names.items():
            document.add("name", lang, text)
        for text in (*entity.other_names, *(joined(n) for n in entity.all_names())):
            document.add("alt", None, text)
        for lang, text in entity.definitions.items():
            document.add("description", lang, text)
        documents.append(document)
    return TextIndex(documents)
