"""Reconciliation queries and suggestions: candidates for a name (and property values), scored.

Candidates come from the text indexes (any word of the query, stemmed per language, accent- and
case-folded, or one edit away, and neighbouring words written together), at most :data:`RECALL`
per type, and for the types with fewer than :data:`~.entities.SMALL_TYPE` names also from comparing
every name with RapidFuzz (which finds compounds: "plastspill" and "plast"). Each is then scored by
its names (:func:`similarity`) in a normal form: case and accents folded, punctuation as spaces,
and company forms ("AB", "Aktiebolag", "(publ)", "Oy", "GmbH" …) left out, so "RAGNSELLS AB" and
"Ragnsells" are equal. A place's name is also compared without "kommun",
"län" and a genitive s. A query that is an entity's IRI, or one of its codes (a List of Waste or
NACE code, with or without spaces), names that entity.

With property constraints the name counts 70 %, the share of constraints the candidate meets
30 % (a "should" match: a candidate that meets none is still listed). ``match`` is true for
exactly one candidate: the only one whose name (or code) equals the query, meeting every
constraint; without a name, the only one meeting every constraint.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from ..errors import BadRequest
from ..facets import fold, place_key
from ..labels import slug_of
from .batches import Query
from .names import WORDS, code_key, joined, normal, without_generic_ending
from .entities import COUNTY, INITIATIVE, MUNICIPALITY, OTHER_TYPES, PROPERTIES, Entities, Entity, properties_of

#: Candidates taken from each type's text index before scoring.
RECALL = 50
NAME_WEIGHT = 0.7
#: The name score of a name that equals the query without a generic ending ("glasavfall" and "glas"): not a match.
STEM_EQUAL = 95.0
SUGGESTIONS = 10


def similarity(query: str, form: str, **_) -> float:
    """0–100: how alike two normal forms are, as a whole (ratio), as sets of words (a name whose words
    are all in the other counts 90), or one inside the other (a compound, "plastspill" and "plast",
    80; only for forms of four letters or more)."""
    best = max(fuzz.ratio(query, form), 0.9 * fuzz.token_set_ratio(query, form))
    if min(len(query), len(form)) >= 4:
        best = max(best, 0.8 * fuzz.partial_ratio(query, form))
    return best


def resolve_type(entities: Entities, wanted: str) -> str:
    """A type id from the client: the type's IRI, or its last segment ("Actor", "resource-types")."""
    if wanted in entities.types:
        return wanted
    for type_id in entities.types:
        if slug_of(type_id).rsplit("#", 1)[-1].casefold() == wanted.casefold():
            return type_id
    accepted = sorted(entities.types)
    raise BadRequest(f"Unknown type {wanted[:80]!r}. Use one of the types the manifest and /reconcile/suggest/type give, "
                     f"e.g. {accepted[0]}.", parameter="queries", accepted=accepted)


class Scorer:
    """Scores one query's candidates."""

    def __init__(self, entities: Entities, query: Query) -> None:
        self.entities = entities
        self.query = query
        self.types = [resolve_type(entities, t) for t in query.types] or list(entities.types)
        for constraint in query.constraints:
            offered = {p.id for t in self.types for p in properties_of(t, entities.types)}
            if constraint.pid not in offered:
                raise BadRequest(f"Unknown property {constraint.pid[:80]!r} for the types asked for. Use one of: "
                                 f"{', '.join(sorted(offered))} (see /reconcile/suggest/property).", parameter="queries",
                                 accepted=sorted(offered))
        self.text = normal(query.text) if query.text else ""
        self.code = code_key(query.text) if query.text else ""
        self.stem = without_generic_ending(self.text)

    def candidates(self) -> list[Entity]:
        found: dict[str, Entity] = {}
        named = self.entities.entities.get(self.query.text or "")
        if named is not None and named.type in self.types:
            found[named.iri] = named
        if self.query.text:
            iris = []
            words = joined(self.query.text)
            if INITIATIVE in self.types and INITIATIVE in self.entities.indexes:
                iris += self.entities.indexes[INITIATIVE].candidates(words, RECALL)
            if set(self.types) - {INITIATIVE}:
                iris += self.entities.indexes[OTHER_TYPES].candidates(words, RECALL * 4)
            for type_id in self.types:
                forms = self.entities.forms.get(type_id)
                if forms is not None and self.text:  # a small type: every name compared as well
                    iris += [forms[1][number] for _, _, number in
                             process.extract(self.text, forms[0], scorer=fuzz.WRatio, limit=RECALL, score_cutoff=50)]
            for iri in iris:
                entity = self.entities.entities.get(iri)
                if entity is not None and entity.type in self.types:
                    found[iri] = entity
        else:
            for entity in self.entities.entities.values():
                if entity.type in self.types and self.met(entity) > 0:
                    found[entity.iri] = entity
        return list(found.values())

    def name_features(self, entity: Entity) -> tuple[float, bool]:
        if not self.query.text:
            return 0.0, False
        if self.query.text == entity.iri:
            return 100.0, True
        forms = set(entity.forms)
        if entity.type in (MUNICIPALITY, COUNTY):
            forms |= {place_key(n) for n in entity.all_names()}
        codes = {code_key(c) for p in ("list_of_waste", "nace") for c in entity.values.get(p, ())}
        if self.text and (self.text in forms or self.text.replace(" ", "") in {f.replace(" ", "") for f in forms}) \
                or (self.code and self.code in codes):
            return 100.0, True
        if self.stem and self.stem in forms:
            return STEM_EQUAL, False
        return max((similarity(self.text, form) for form in forms if form), default=0.0), False

    def met(self, entity: Entity) -> float:
        """The share of the query's constraints the entity meets."""
        if not self.query.constraints:
            return 1.0
        return sum(self._meets(entity, c.pid, c.values) for c in self.query.constraints) / len(self.query.constraints)

    def _meets(self, entity: Entity, pid: str, wanted: list) -> bool:
        have = entity.values.get(pid, ())
        if not have:
            return False
        kind = PROPERTIES[pid].value_type
        for value in wanted:
            if isinstance(value, dict):
                if value["id"] in have:
                    return True
            elif kind == "int":
                if not isinstance(value, bool) and any(str(h) == str(value).strip() for h in have):
                    return True
            elif kind == "str":
                if any(code_key(str(h)) == code_key(str(value)) for h in have):
                    return True
            elif isinstance(value, str):
                key, folded = place_key(value), normal(value)
                for iri in have:
                    other = self.entities.entities.get(iri)
                    names = other.all_names() if other is not None else []
                    if value in (iri, slug_of(iri)) or folded in {normal(n) for n in names} \
                            or (key and key in {place_key(n) for n in names}):
                        return True
        return False


def reconcile(entities: Entities, query: Query, lang: str, default_limit: int, describe) -> list[dict]:
    """The candidates for one query, best first, as reconciliation candidates."""
    scorer = Scorer(entities, query)
    scored = []
    for entity in scorer.candidates():
        name, equal = scorer.name_features(entity)
        met = scorer.met(entity)
        if query.text:
            score = name * NAME_WEIGHT + 100 * met * (1 - NAME_WEIGHT) if query.constraints else name
        else:
            score = 100 * met
        scored.append((score, name, equal, met, entity))
    scored.sort(key=lambda s: (-s[0], fold(s[4].name(lang)), s[4].iri))
    sure = [s[4] for s in scored if (s[2] or not query.text) and s[3] == 1.0]
    results = []
    for score, name, equal, met, entity in scored[:query.limit or default_limit]:
        features = [{"id": "name", "value": round(name, 1)}, {"id": "name_equal", "value": equal}]
        if query.constraints:
            features.append({"id": "properties", "value": round(met, 3)})
        results.append({
            "id": entity.iri,
            "name": entity.name(lang),
            "description": describe(entity, lang),
            "score": round(score, 1),
            "features": features,
            "match": len(sure) == 1 and sure[0] is entity,
            "type": [{"id": entity.type, "name": entities.types[entity.type].name(lang)}],
        })
    return results


def rank(prefix: str, names: list[str]) -> int | None:
    """How a suggestion's names meet what was typed: 0 a name is it, 1 a name starts with it, 2 a word of a
    name starts with it, 3 a name holds it; None if none does."""
    wanted = normal(prefix) if WORDS.search(fold(prefix)) else ""
    if not wanted:
        return None
    best = None
    for name in names:
        form = normal(name)
        found = 0 if form == wanted else 1 if form.startswith(wanted) else 2 if f" {wanted}" in f" {form}" \
            else 3 if wanted in form else None
        if found is not None and (best is None or found < best):
            best = found
    return best


def suggest(items: list, prefix: str, cursor: int, names, key) -> list:
    """The items whose names (``names(item)``) best meet ``prefix``, :data:`SUGGESTIONS` from ``cursor`` on
    (for the few types and properties; entities go through :func:`suggest_entities`)."""
    ranked = []
    for item in items:
        found = rank(prefix, names(item))
        if found is not None:
            ranked.append((found, key(item), item))
    ranked.sort(key=lambda r: r[:2])
    return [item for _, _, item in ranked[cursor:cursor + SUGGESTIONS]]


def suggest_entities(entities: Entities, prefix: str, cursor: int, types: set[str], lang: str) -> list[Entity]:
    """The entities (of ``types``, if any) with a name that is ``prefix``, starts with it, or has a word that
    does; by that, then by name. The prefix search of :class:`~.entities.Prefixes`, not a pass over all."""
    wanted = normal(prefix) if WORDS.search(fold(prefix)) else ""
    if not wanted or entities.prefixes is None:
        return []
    ranked = []
    for iri, found in entities.prefixes.lookup(wanted).items():
        entity = entities.entities[iri]
        if not types or entity.type in types:
            ranked.append((found, fold(entity.name(lang)), iri, entity))
    ranked.sort(key=lambda r: r[:3])
    return [entity for *_, entity in ranked[cursor:cursor + SUGGESTIONS]]
