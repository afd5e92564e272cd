"""Resource matchmaking: who provides what another receives, where that exchange does not exist yet.

From every exchange in the catalogue, an actor *provides* (or has available: planned and
potential exchanges count) a resource type, and an actor *receives* one. An opportunity is a
provider and a receiver of the same resource type, or of a broader or narrower one, optionally
near each other (the municipalities of their initiatives) or in one county — unless that
exchange is already under way: the same provider already gives the same receiver the same or a
related resource type in an exchange that exists, is in test or is planned. Potential and ended
exchanges never rule a pair out, and neither does an exchange of an unrelated resource (a
provider of heat to B may still be proposed to give B water). Each opportunity names its
precedents: initiatives where that kind of resource already flows, closest first — the same
actor types at both ends, then the same resource type before a related one, then by name.

:meth:`Matchmaker.partners` answers one side's question instead of pairing two: which actors
receive a resource type we have (or provide one we need), the same or a related type, within
some km of our municipality (between municipality points) or in a county, nearest first.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass

from rdflib import URIRef

from . import queries
from .errors import BadRequest
from .labels import in_sentence
from .similarity import ConceptSimilarity, distance_km

STATUS = "https://w3id.org/symbios/concept/exchange-status/"
EXISTING = STATUS + "existing"
#: Statuses of an exchange that is under way, so never proposed again between the same actors.
UNDER_WAY = {EXISTING, STATUS + "in-test", STATUS + "planned"}
RELATED = 0.5  # concept similarity from which two resource types count as related (same, broader, narrower)
#: What a partner search starts from: we have the resource (who receives it?) or we need it (who provides it?).
DIRECTIONS = ("have", "need")
MAX_PARTNER_KM = 2000  # farther than Sweden is long: a bound on max_km
NARROWER_DEEP = 0.25  # a partner's resource type two or more steps narrower than the one asked for


@dataclass(frozen=True)
class Flow:
    initiative: str
    provider: str | None
    receiver: str | None
    resource: str
    status: str | None


def read_flows(store, initiative=None) -> list[Flow]:
    """Every exchange with a named provider or receiver (``initiative``: of that one only, an IRI node)."""
    rows = (queries.select(store, "matchmaking_exchanges") if initiative is None
            else queries.select(store, "matchmaking_exchanges", initiative=initiative))
    flows = [Flow(str(r["initiative"]), str(r["provider"]) if r.get("provider") else None,
                  str(r["receiver"]) if r.get("receiver") else None, str(r["resource"]),
                  str(r["status"]) if r.get("status") else None) for r in rows]
    return sorted(flows, key=lambda f: (f.initiative, f.resource, f.provider or "", f.receiver or "", f.status or ""))


def read_actor_types(store, actor: str | None = None) -> dict[str, set[str]]:
    """The actor types of every actor named in an exchange (``actor``: of that one only)."""
    rows = (queries.select(store, "exchange_actor_types") if actor is None
            else queries.select(store, "exchange_actor_types", actor=URIRef(actor)))
    types: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        types[str(row["actor"])].add(str(row["type"]))
    return types


class Matchmaker:
    def __init__(self, flows: list[Flow], concepts, labels, actor_places: dict[str, set[str]],
                 points: dict[str, tuple[float, float]], regions: dict[str, str],
                 actor_types: dict[str, set[str]] | None = None) -> None:
        self.by_resource: dict[str, list[Flow]] = defaultdict(list)  # resource type -> its flows
        self.by_initiative: dict[str, list[Flow]] = defaultdict(list)
        for flow in flows:
            self.by_resource[flow.resource].append(flow)
            self.by_initiative[flow.initiative].append(flow)
        self.alike = ConceptSimilarity(concepts)
        self.labels = labels
        self.actor_places = actor_places
        self.points = points
        self.regions = regions  # municipality -> county
        self.actor_types = actor_types or {}
        providers: dict[str, set[str]] = defaultdict(set)  # resource type -> actors that provide it
        receivers: dict[str, set[str]] = defaultdict(set)  # resource type -> actors that receive it
        self.under_way: dict[tuple[str, str], set[str]] = defaultdict(set)  # (provider, receiver) -> resource types
        for flow in flows:
            if flow.provider:
                providers[flow.resource].add(flow.provider)
            if flow.receiver:
                receivers[flow.resource].add(flow.receiver)
            if flow.provider and flow.receiver and flow.status in UNDER_WAY:
                self.under_way[(flow.provider, flow.receiver)].add(flow.resource)
        self.providers = {r: sorted(actors) for r, actors in providers.items()}
        self.receivers = {r: sorted(actors) for r, actors in receivers.items()}
        self.flows_of: dict[tuple[str, str], list[Flow]] = defaultdict(list)  # ("have"|"need", actor) -> flows
        for flow in flows:
            if flow.receiver:
                self.flows_of[("have", flow.receiver)].append(flow)  # a partner for what we have receives it
            if flow.provider:
                self.flows_of[("need", flow.provider)].append(flow)
        self._related_cache: dict[str, list[tuple[str, float]]] = {}
        self._flowing: dict[str, list[Flow]] = {}

    @classmethod
    def build(cls, store, concepts, labels, points, initiative_places: dict[str, set[str]], regions) -> "Matchmaker":
        flows = read_flows(store)
        actor_places: dict[str, set[str]] = defaultdict(set)
        for flow in flows:
            for actor in (flow.provider, flow.receiver):
                if actor:
                    actor_places[actor] |= initiative_places.get(flow.initiative, set())
        return cls(flows, concepts, labels, actor_places, points, regions, read_actor_types(store))

    @property
    def flows(self) -> list[Flow]:
        return [flow for found in self.by_resource.values() for flow in found]

    def updated(self, store, initiatives: set[str], flows: list[Flow], initiative_places: dict[str, set[str]],
                actors: set[str] = frozenset(), labels=None) -> "Matchmaker":
        """The next matchmaker: the flows of ``initiatives`` replaced by ``flows``, the actor types of their
        actors and of ``actors`` (records that changed) read again; only the resource types, actors and pairs
        those flows touch are recomputed, from the flows of those alone (``initiative_places``: every
        initiative's municipalities)."""
        new = copy.copy(self)
        gone = [flow for initiative in initiatives for flow in self.by_initiative.get(initiative, [])]
        new.by_initiative = defaultdict(list, self.by_initiative)
        for initiative in initiatives:
            new.by_initiative.pop(initiative, None)
        for flow in flows:
            new.by_initiative[flow.initiative] = new.by_initiative.get(flow.initiative, []) + [flow]
        resources = {flow.resource for flow in (*gone, *flows)}
        touched = {actor for flow in (*gone, *flows) for actor in (flow.provider, flow.receiver) if actor}
        kept = lambda found: [flow for flow in found if flow.initiative not in initiatives]  # noqa: E731
        new.by_resource = defaultdict(list, self.by_resource)
        for resource in resources:
            found = kept(self.by_resource.get(resource, [])) + [f for f in flows if f.resource == resource]
            if found:
                new.by_resource[resource] = found
            else:
                new.by_resource.pop(resource, None)
        new.flows_of = defaultdict(list, self.flows_of)
        for actor in touched:
            for direction, end in (("have", "receiver"), ("need", "provider")):
                found = kept(self.flows_of.get((direction, actor), [])) + [f for f in flows if getattr(f, end) == actor]
                if found:
                    new.flows_of[(direction, actor)] = found
                else:
                    new.flows_of.pop((direction, actor), None)
        new.providers, new.receivers = dict(self.providers), dict(self.receivers)
        for resource in resources:
            for mine, end in ((new.providers, "provider"), (new.receivers, "receiver")):
                found = sorted({getattr(f, end) for f in new.by_resource.get(resource, []) if getattr(f, end)})
                if found:
                    mine[resource] = found
                else:
                    mine.pop(resource, None)
        new.under_way = defaultdict(set, self.under_way)
        for provider, receiver in {(f.provider, f.receiver) for f in (*gone, *flows) if f.provider and f.receiver}:
            found = {f.resource for f in new.flows_of.get(("need", provider), [])
                     if f.receiver == receiver and f.status in UNDER_WAY}
            if found:
                new.under_way[(provider, receiver)] = found
            else:
                new.under_way.pop((provider, receiver), None)
        new.actor_places = defaultdict(set, self.actor_places)
        for actor in touched:
            own = [*new.flows_of.get(("have", actor), []), *new.flows_of.get(("need", actor), [])]
            if own:
                new.actor_places[actor] = {p for f in own for p in initiative_places.get(f.initiative, set())}
            else:
                new.actor_places.pop(actor, None)
        new.actor_types = dict(self.actor_types)
        for actor in touched | set(actors):
            types = read_actor_types(store, actor)
            if types.get(actor):
                new.actor_types[actor] = types[actor]
            else:
                new.actor_types.pop(actor, None)
        if labels is not None:
            new.labels = labels
        new._related_cache = {} if new.receivers.keys() != self.receivers.keys() else self._related_cache
        new._flowing = {}
        return new

    def _distance(self, a: str, b: str) -> float | None:
        spots_a = [self.points[p] for p in self.actor_places.get(a, ()) if p in self.points]
        spots_b = [self.points[p] for p in self.actor_places.get(b, ()) if p in self.points]
        if not spots_a or not spots_b:
            return None
        return min(distance_km(x, y) for x in spots_a for y in spots_b)

    def _in_region(self, actor: str, region: str) -> bool:
        return any(self.regions.get(place) == region or place == region for place in self.actor_places.get(actor, ()))

    def exchanges_already(self, provider: str, receiver: str, offered: str, wanted: str) -> bool:
        """Whether ``provider`` already gives ``receiver`` the offered or wanted resource type, or a related
        one, in an exchange under way (existing, in test or planned)."""
        return any(self.alike(resource, offered)[0] >= RELATED or self.alike(resource, wanted)[0] >= RELATED
                   for resource in self.under_way.get((provider, receiver), ()))

    def precedents(self, provider: str, receiver: str, offered: str, wanted: str, limit: int = 3,
                   lang: str = "sv") -> list[str]:
        """Initiatives where the wanted resource type (or a broader/narrower one) already flows, closest first:
        the most ends whose actor types match the pair's (both, one, none), then the pair's own resource type
        before a related one, then by name."""
        if wanted not in self._flowing:
            self._flowing[wanted] = [f for f in self.flows
                                     if f.status == EXISTING and self.alike(f.resource, wanted)[0] >= RELATED]
        types = lambda actor: self.actor_types.get(actor, set()) if actor else set()
        closest: dict[str, tuple[int, int]] = {}
        for flow in self._flowing[wanted]:
            ends = bool(types(provider) & types(flow.provider)) + bool(types(receiver) & types(flow.receiver))
            key = (-ends, 0 if flow.resource in (offered, wanted) else 1)
            closest[flow.initiative] = min(closest.get(flow.initiative, key), key)
        ranked = sorted(closest, key=lambda i: (*closest[i], self.labels.get(i, lang).casefold(), i))
        return ranked[:limit]

    def _related(self, resource: str) -> list[tuple[str, float]]:
        """Resource types received somewhere that match ``resource`` (same, broader or narrower), best first."""
        if resource not in self._related_cache:
            found = [(b, self.alike(resource, b)[0]) for b in self.receivers]
            self._related_cache[resource] = sorted(((b, s) for b, s in found if s >= RELATED), key=lambda p: (-p[1], p[0]))
        return self._related_cache[resource]

    def opportunities(self, resource: str | None = None, region: str | None = None, max_km: float | None = None,
                      limit: int = 20, lang: str = "sv") -> list[dict]:
        """The best pairs: same resource before related ones, then the nearest first.

        Work is bounded: candidates are gathered tier by tier (same concept, then related) until a
        pool of 20 × ``limit`` pairs that pass the filters is found, and the pool is sorted.
        """
        if max_km is not None and max_km <= 0:
            raise BadRequest("max_km must be a positive number of kilometres.", parameter="max_km")
        if not 1 <= limit <= 200:
            raise BadRequest("limit must be between 1 and 200.", parameter="limit")
        pool_size = 20 * limit
        offered = [a for a in sorted(self.providers) if resource is None or self.alike(a, resource)[0] >= RELATED]
        pairs = sorted(((s, a, b) for a in offered for b, s in self._related(a)), key=lambda p: (-p[0], p[1], p[2]))
        found, seen = [], set()
        for tier in sorted({s for s, _, _ in pairs}, reverse=True):
            for similarity, a, b in (p for p in pairs if p[0] == tier):
                for provider in self.providers[a]:
                    for receiver in self.receivers[b]:
                        key = (provider, receiver)
                        if provider == receiver or key in seen or self.exchanges_already(provider, receiver, a, b):
                            continue
                        if region and not (self._in_region(provider, region) and self._in_region(receiver, region)):
                            continue
                        distance = self._distance(provider, receiver)
                        if max_km is not None and (distance is None or distance > max_km):
                            continue
                        seen.add(key)
                        found.append(((similarity, a, b), provider, receiver, distance))
                        if len(found) >= pool_size:
                            break
                    if len(found) >= pool_size:
                        break
                if len(found) >= pool_size:
                    break
            if len(found) >= limit:
                break
        found.sort(key=lambda f: (-f[0][0], f[3] if f[3] is not None else 1e9, f[1], f[2]))
        return [self._describe(best, provider, receiver, distance, lang) for best, provider, receiver, distance in found[:limit]]

    def _describe(self, best, provider: str, receiver: str, distance: float | None, lang: str) -> dict:
        similarity, offered, wanted = best
        ref = lambda iri: self.labels.ref(iri, lang)
        sv = lambda iri: self.labels.get(iri, "sv")
        en = lambda iri: self.labels.get(iri, "en")
        if offered == wanted:
            reason = {"sv": f"{sv(provider)} levererar {in_sentence(sv(offered))}, som {sv(receiver)} tar emot i ett annat initiativ",
                      "en": f"{en(provider)} provides {in_sentence(en(offered))}, which {en(receiver)} receives in another initiative"}
        else:
            reason = {"sv": f"{sv(provider)} levererar {in_sentence(sv(offered))}; {sv(receiver)} tar emot {in_sentence(sv(wanted))} (närliggande begrepp)",
                      "en": f"{en(provider)} provides {in_sentence(en(offered))}; {en(receiver)} receives {in_sentence(en(wanted))} (related concepts)"}
        return {
            "provider": ref(provider), "receiver": ref(receiver),
            "provides": ref(offered), "receives": ref(wanted),
            "match": "same" if offered == wanted else "related", "score": round(similarity, 3),
            "distance_km": round(distance) if distance is not None else None,
            "precedents": [ref(i) for i in self.precedents(provider, receiver, offered, wanted, lang=lang)],
            "reason": reason,
        }

    # -- partners for one resource near one place --------------------------------------------

    def partners(self, resource: str, direction: str = "have", place: str | None = None, max_km: float | None = None,
                 region: str | None = None, limit: int = 20, lang: str = "sv") -> list[dict]:
        """Actors that receive (``direction`` "have": we have it, who takes it) or provide ("need": who has it)
        ``resource``, a type one step broader or narrower, or any narrower type, in ``region`` and within ``max_km`` of ``place`` (a
        municipality: km between municipal points), the same type before a related one, then the nearest,
        then by name; each with its places and distances, the initiatives where it already does so, and
        precedents (other initiatives where that kind of resource already flows)."""
        if not 1 <= limit <= 200:
            raise BadRequest("limit must be between 1 and 200.", parameter="limit")
        found = self._partner_rows(resource, direction, place, max_km, region, lang)
        return [self._partner(actor, resource, direction, similarity, types, places, lang)
                for *_, actor, similarity, types, places in found[:limit]]

    def partner_count(self, resource: str, direction: str = "have", place: str | None = None,
                      max_km: float | None = None, region: str | None = None) -> int:
        """How many actors :meth:`partners` would find with no limit (to offer a wider search)."""
        return len(self._partner_rows(resource, direction, place, max_km, region, "sv"))

    def _partner_rows(self, resource, direction, place, max_km, region, lang) -> list[tuple]:
        """(sort key …, actor, similarity, its matching resource types, its places) of every partner, sorted."""
        if direction not in DIRECTIONS:
            raise BadRequest(f"direction must be one of: {', '.join(DIRECTIONS)} (we have the resource, or we need it).",
                             parameter="direction", accepted=list(DIRECTIONS))
        if max_km is not None and not 0 < max_km <= MAX_PARTNER_KM:
            raise BadRequest(f"max_km must be a number of kilometres above 0 and at most {MAX_PARTNER_KM}.",
                             parameter="max_km", limit=MAX_PARTNER_KM)
        origin = self.points.get(place) if place else None
        if max_km is not None and origin is None:
            raise BadRequest("max_km needs a municipality with a known point to measure from.", parameter="max_km")
        others = self.receivers if direction == "have" else self.providers
        matched: dict[str, tuple[float, set[str]]] = {}  # actor -> (best similarity, its matching resource types)
        for candidate, actors in others.items():
            similarity = self._partner_match(resource, candidate)
            if not similarity:
                continue
            for actor in actors:
                best, types = matched.get(actor, (0.0, set()))
                matched[actor] = (max(best, similarity), types | {candidate})
        return self._partners_found(matched, region, origin, max_km, lang)

    def _partner_match(self, resource: str, candidate: str) -> float:
        """How well ``candidate`` answers a search for ``resource``: 1 the same, 0.5 broader or narrower by one
        step, NARROWER_DEEP any narrower type further down (choosing "Energi" counts every kind of energy), else 0."""
        similarity = self.alike(resource, candidate)[0]
        if similarity >= RELATED:
            return similarity
        return NARROWER_DEEP if resource in self.alike.chain(candidate) else 0.0

    def _partners_found(self, matched, region, origin, max_km, lang) -> list[tuple]:
        found = []
        for actor, (similarity, types) in matched.items():
            if region and not self._in_region(actor, region):
                continue
            places = self._places_from(actor, origin)
            nearest = places[0][1] if places and places[0][1] is not None else None
            if max_km is not None and (nearest is None or nearest > max_km):
                continue
            found.append((-similarity, nearest if nearest is not None else 1e9, self.labels.get(actor, lang).casefold(),
                          actor, similarity, types, places))
        found.sort(key=lambda f: f[:4])
        return found

    def _places_from(self, actor: str, origin: tuple[float, float] | None) -> list[tuple[str, float | None]]:
        """The actor's municipalities (of its initiatives' exchanges) with the km from ``origin``, nearest first."""
        spots = [(p, round(distance_km(origin, self.points[p]), 1) if origin and p in self.points else None)
                 for p in self.actor_places.get(actor, ())]
        return sorted(spots, key=lambda s: (s[1] is None, s[1] or 0.0, s[0]))

    def _partner(self, actor: str, resource: str, direction: str, similarity: float, types: set[str],
                 places: list[tuple[str, float | None]], lang: str) -> dict:
        ref = lambda iri: self.labels.ref(iri, lang)
        flows = [f for f in self.flows_of.get((direction, actor), ()) if f.resource in types]
        own: dict[str, set[str]] = {}
        for flow in flows:
            own.setdefault(flow.initiative, set()).add(flow.status or "")
        initiatives = [{**ref(i), "statuses": [ref(s) for s in sorted(own[i]) if s]}
                       for i in sorted(own, key=lambda i: (self.labels.get(i, lang).casefold(), i))]
        best = min(types, key=lambda t: (-self._partner_match(resource, t), t))
        provider, receiver = (None, actor) if direction == "have" else (actor, None)
        offered, wanted = (resource, best) if direction == "have" else (best, resource)
        precedents = [i for i in self.precedents(provider, receiver, offered, wanted, limit=3 + len(own), lang=lang)
                      if i not in own][:3]
        return {
            **ref(actor),
            "actor_types": [ref(t) for t in sorted(self.actor_types.get(actor, ()))],
            "match": "same" if similarity == 1.0 else "related",
            "resources": [ref(t) for t in sorted(types, key=lambda t: (-self._partner_match(resource, t), t))],
            "places": [{**ref(p), "distance_km": km} for p, km in places],
            "distance_km": places[0][1] if places else None,
            "initiatives": initiatives,
            "precedents": [ref(i) for i in precedents],
        }
