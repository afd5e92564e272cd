"""A W3C Entity Reconciliation service (API v0.2, the protocol OpenRefine speaks) over the catalogue.

Municipalities keep their companies, residual flows and waste codes in spreadsheets; this service
matches such a column to Symbios IRIs — actors, initiatives, municipalities and counties, and the
concepts of every scheme (resource types with their List of Waste codes, actor types with NACE) —
and gives back property values for the matches (data extension): an actor's municipality,
initiatives, the resource types it provides or receives, a resource type's List of Waste codes.

:class:`Reconciliation` answers each part of the protocol (manifest, queries, suggest, preview,
data extension and its property proposals) from :class:`~.entities.Entities`, which is built from
the catalogue's indexes on first use after each publish (:meth:`catalogue.service.Catalogue.reconciliation`).
Identifiers are the records' and concepts' IRIs; names are Swedish or English.
"""

from __future__ import annotations

from ..errors import BadRequest, NotFound
from ..facets import fold
from .batches import read_batch, read_extend
from .entities import (ACTOR, COUNTY, DEFAULT_TYPES, INITIATIVE, MUNICIPALITY, PROPERTIES, Entities, Entity, build,
                       properties_of)
from .matching import reconcile, resolve_type, suggest, suggest_entities

ROOT = "https://w3id.org/symbios/"
#: Preview frame size (pixels) the manifest announces.
PREVIEW_WIDTH, PREVIEW_HEIGHT = 420, 220
#: Properties the preview does not show (the codes are shown once, without their long titles).
PREVIEW_LEAVES_OUT = frozenset({"list_of_waste_title"})
NAMES = {"sv": "Symbios – industriell och urban symbios i Sverige",
         "en": "Symbios – industrial and urban symbiosis in Sweden"}

__all__ = ["Reconciliation", "build"]


class Reconciliation:
    """The reconciliation service over one state of the catalogue."""

    def __init__(self, entities: Entities, batch_size: int, max_candidates: int, max_text: int) -> None:
        self.entities = entities
        self.batch_size = batch_size
        self.max_candidates = max_candidates
        self.max_text = max_text

    @property
    def version(self) -> str:
        return self.entities.version

    # -- manifest ----------------------------------------------------------------

    def manifest(self, base: str, lang: str, version: str) -> dict:
        service = f"{base}/reconcile"
        types = self.entities.types
        return {
            "versions": ["0.2"],
            "name": NAMES[lang],
            "identifierSpace": ROOT,
            "schemaSpace": f"{ROOT}def#",
            "documentation": f"{base}/docs#/Reconciliation",
            "serviceVersion": version,
            "defaultTypes": [self._type(types[t], lang) for t in DEFAULT_TYPES if t in types],
            "view": {"url": f"{service}/view?id={{{{id}}}}"},
            "preview": {"url": f"{service}/preview?id={{{{id}}}}&lang={lang}", "width": PREVIEW_WIDTH,
                        "height": PREVIEW_HEIGHT},
            "suggest": {kind: {"service_url": base, "service_path": f"/reconcile/suggest/{kind}"}
                        for kind in ("entity", "type", "property")},
            "extend": {
                "propose_properties": {"service_url": base, "service_path": "/reconcile/properties"},
                "property_settings": [{
                    "name": "limit", "type": "number", "default": 0,
                    "label": {"sv": "Högst antal värden", "en": "Most values"}[lang],
                    "help_text": {"sv": "Högst så många värden per post; 0 ger alla.",
                                  "en": "At most this many values per entity; 0 gives them all."}[lang],
                }],
            },
            "batchSize": self.batch_size,
        }

    def _type(self, entity_type, lang: str) -> dict:
        found = {"id": entity_type.id, "name": entity_type.name(lang)}
        if entity_type.broader:
            found["broader"] = [self._type(b, lang) for b in entity_type.broader]
        return found

    # -- reconciliation queries ----------------------------------------------------

    def reconcile(self, queries: str, lang: str) -> dict:
        """A reconciliation result batch for the JSON text of a query batch."""
        batch = read_batch(queries, self.batch_size, self.max_candidates, self.max_text)
        return {key: {"result": reconcile(self.entities, query, lang, self.max_candidates, self.describe)}
                for key, query in batch.items()}

    def describe(self, entity: Entity, lang: str) -> str:
        """A line that tells namesakes apart: what kind of thing it is and where."""
        entities = self.entities.entities
        parts = []

        def names(property_id: str, most: int = 2) -> list[str]:
            return [entities[v].name(lang) for v in entity.values.get(property_id, ())[:most] if v in entities]

        if entity.type == ACTOR:
            home = [entities[v].name(lang) for v in entity.home[:2] if v in entities]
            parts += names("actor_type", 1) + (home or names("municipality"))
        elif entity.type == INITIATIVE:
            parts += names("kind", 1) + (names("municipality") or names("county"))
        elif entity.type == MUNICIPALITY:
            parts += names("county", 1)
        elif entity.type != COUNTY:  # a concept: its type (the scheme) is given with it
            codes = entity.values.get("list_of_waste") or entity.values.get("nace")
            if codes:
                parts.append(", ".join(codes[:3]))
        return " · ".join(parts)

    # -- suggest -------------------------------------------------------------------

    def suggest_entities(self, prefix: str, cursor: int, types: list[str], lang: str) -> dict:
        wanted = {resolve_type(self.entities, t) for t in types}
        found = self.entities.entities.get(prefix.strip())
        chosen = suggest_entities(self.entities, prefix, cursor, wanted, lang)
        if found is not None and (not wanted or found.type in wanted) and cursor == 0 and found not in chosen:
            chosen.insert(0, found)
        return {"result": [{"id": e.iri, "name": e.name(lang), "description": self.describe(e, lang),
                            "notable": [{"id": e.type, "name": self.entities.types[e.type].name(lang)}]} for e in chosen]}

    def suggest_types(self, prefix: str, cursor: int, lang: str) -> dict:
        types = list(self.entities.types.values())
        chosen = suggest(types, prefix, cursor, lambda t: [*t.names.values(), t.id], lambda t: fold(t.name(lang)))
        return {"result": [self._type(t, lang) for t in chosen]}

    def suggest_properties(self, prefix: str, cursor: int, type_id: str | None, lang: str) -> dict:
        properties = self._properties(type_id)
        chosen = suggest(properties, prefix, cursor, lambda p: [*p.names.values(), p.id], lambda p: fold(p.names[lang]))
        return {"result": [self._property(p, lang) for p in chosen]}

    def _properties(self, type_id: str | None):
        if type_id is None:
            return list(PROPERTIES.values())
        return properties_of(resolve_type(self.entities, type_id), self.entities.types)

    def _property(self, prop, lang: str) -> dict:
        return {"id": prop.id, "name": prop.names[lang], "description": prop.descriptions[lang]}

    # -- data extension --------------------------------------------------------------

    def propose_properties(self, type_id: str, limit: int | None, lang: str) -> dict:
        properties = self._properties(type_id)
        found = {"type": type_id, "properties": [self._property(p, lang) for p in properties[:limit or None]]}
        if limit is not None:
            found["limit"] = limit
        return found

    def extend(self, extend: str, lang: str) -> dict:
        query = read_extend(extend, self.batch_size * 10)
        unknown = [pid for pid, _ in query.properties if pid not in PROPERTIES]
        if unknown:
            raise BadRequest(f"Unknown property {unknown[0][:80]!r}. Use one of: {', '.join(PROPERTIES)} "
                             "(see /reconcile/properties?type=…).", parameter="extend", accepted=list(PROPERTIES))
        entities, types = self.entities.entities, self.entities.types
        meta = []
        for pid, _ in query.properties:
            prop = PROPERTIES[pid]
            column = {"id": pid, "name": prop.names[lang]}
            if prop.value_type in types:
                column["type"] = {"id": prop.value_type, "name": types[prop.value_type].name(lang)}
            meta.append(column)
        rows = {}
        for iri in query.ids:
            entity = entities.get(iri)
            row = {}
            for pid, most in query.properties:
                values = entity.values.get(pid, []) if entity is not None else []
                row[pid] = [self._cell(PROPERTIES[pid].value_type, v, lang) for v in (values[:most] if most else values)]
            rows[iri] = row
        return {"meta": meta, "rows": rows}

    def _cell(self, value_type: str, value, lang: str) -> dict:
        if value_type == "int":
            return {"int": int(value)}
        if value_type == "str":
            return {"str": str(value)}
        other = self.entities.entities.get(value)
        return {"id": value, "name": other.name(lang) if other is not None else value.rsplit("/", 1)[-1]}

    # -- preview and view ---------------------------------------------------------------

    def entity(self, iri: str) -> Entity:
        found = self.entities.entities.get(iri)
        if found is None:
            raise NotFound(f"No entity {iri[:200]!r} in this service. Use an id a reconciliation or suggest answer gave.",
                           parameter="id")
        return found

    def preview(self, iri: str, lang: str) -> dict:
        """What the preview page shows: name, kind, description, and the entity's values in words."""
        entity = self.entity(iri)
        entities = self.entities.entities
        facts = []
        for prop in properties_of(entity.type, self.entities.types):
            if prop.id in PREVIEW_LEAVES_OUT:
                continue
            values = entity.values.get(prop.id, ())
            if not values:
                continue
            shown = [entities[v].name(lang) if v in entities else str(v) for v in values[:6]]
            facts.append({"name": prop.names[lang], "values": shown, "more": max(0, len(values) - 6)})
        return {"iri": entity.iri, "name": entity.name(lang), "type": self.entities.types[entity.type].name(lang),
                "description": self.describe(entity, lang), "definition": entity.definitions.get(lang)
                or next(iter(entity.definitions.values()), None), "facts": facts, "path": page_path(entity.iri)}


def page_path(iri: str) -> str:
    """The path of an entity's page on this server (its IRI's path under https://w3id.org/symbios/)."""
    return "/" + iri[len(ROOT):]
