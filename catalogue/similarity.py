"""Initiatives like ours: similarity built from the knowledge graph, with reasons a person can check.

Each initiative (or a municipality's own plan, given as a profile) is described by concepts:
resource types, flows (who provides what to whom, as actor types), actor types, roles, kinds,
organisation forms, drivers and barriers, and where it is: its counties and a point (the
municipal seat). Two concepts are alike through the SKOS hierarchy: the same concept counts 1,
a concept and its broader one 0.5, siblings 0.25 — so "low-temperature waste heat" and
"industrial waste heat" meet, less than twice the same. Each component gives a score in 0…1 (a
symmetric best-match average); the total is their weighted mean over the components either
side describes. The place counts only
when both sides are placed: ``region`` is 1 for the same county, ``distance`` falls with the km
between the points. Weights are settings (:mod:`catalogue.weights`). Every result carries the
shared facts behind each component that scores, in Swedish and English
(:mod:`catalogue.similarity_reasons`).
"""

from __future__ import annotations

import copy
import math
from collections import defaultdict
from dataclasses import dataclass, field

from . import queries
from .concepts import ConceptIndex
from .errors import BadRequest, NotFound
from .labels import Labels, slug_of
from .mapping import POINT
from .namespaces import CONCEPT, ID
from .similarity_matrix import ProfileMatrix
from .similarity_reasons import Reasons, ordered, shown
from .weights import DEFAULT_WEIGHTS, check_weights

#: Components compared as sets of concepts (flows: of (provider type, resource, receiver type)).
COMPONENTS = ("resources", "flows", "kinds", "organisation_forms", "actor_types", "roles", "drivers", "barriers")
FACET_COMPONENT = {"kind": "kinds", "organisation_form": "organisation_forms", "role": "roles",
                   "actor_type": "actor_types", "driver": "drivers", "barrier": "barriers"}
#: Profile keys of POST /api/similar -> (component, concept scheme of the slugs).
PROFILE_KEYS = {"resource_types": ("resources", "resource-types"), "kinds": ("kinds", "initiative-kinds"),
                "organisation_forms": ("organisation_forms", "organisation-forms"), "actor_types": ("actor_types", "actor-types"),
                "roles": ("roles", "actor-roles"), "drivers": ("drivers", "driver-types"), "barriers": ("barriers", "barrier-types")}
#: Profile keys naming where the plan is: a county, or a municipality (its county and its seat).
PLACE_KEYS = ("region", "municipality")
OTHER_KEYS = ("flows", "limit", "lang")
DISTANCE_SCALE_KM = 150.0


@dataclass(frozen=True)
class Place:
    """A municipality or county a profile may name: its kind, its county and its point (if any)."""

    kind: str  # "municipality" or "region"
    county: str | None
    point: tuple[float, float] | None


@dataclass
class Profile:
    iri: str | None
    sets: dict[str, set] = field(default_factory=lambda: defaultdict(set))  # component -> values; "region": counties
    point: tuple[float, float] | None = None

    def freeze(self) -> "Profile":
        """Frozen sets: hashable, so equal sets share their computed scores."""
        self.sets = {name: frozenset(values) for name, values in self.sets.items() if values}
        return self


class ConceptSimilarity:
    """How alike two concepts are through the SKOS hierarchy (cached ancestor chains)."""

    def __init__(self, concepts: ConceptIndex) -> None:
        self.concepts = concepts
        self._chains: dict[str, list[str]] = {}
        self._pairs: dict[tuple[str | None, str | None], tuple[float, str | None]] = {}

    def chain(self, iri: str) -> list[str]:
        if iri not in self._chains:
            chain, current = [iri], iri
            while current in self.concepts.concepts and self.concepts.concepts[current].broader and len(chain) < 12:
                current = sorted(self.concepts.concepts[current].broader)[0]
                if current in chain:
                    break
                chain.append(current)
            self._chains[iri] = chain
        return self._chains[iri]

    def __call__(self, a: str | None, b: str | None) -> tuple[float, str | None]:
        """(similarity, the shared concept) of two concepts; None never matches. Memoised: schemes are small."""
        key = (a, b)
        if key not in self._pairs:
            self._pairs[key] = self._compute(a, b)
        return self._pairs[key]

    def _compute(self, a: str | None, b: str | None) -> tuple[float, str | None]:
        if a is None or b is None:
            return 0.0, None
        if a == b:
            return 1.0, a
        up_a, up_b = self.chain(a), self.chain(b)
        for steps_a, ancestor in enumerate(up_a):
            if ancestor in up_b:
                steps = steps_a + up_b.index(ancestor)
                top = ancestor == up_a[-1] and steps > 1  # meeting only at a top category says little
                return (0.0 if top or steps > 2 else 0.5 ** steps), ancestor
        return 0.0, None


def _best_match(left: set, right: set, pair_similarity) -> tuple[float, list[tuple[object, object, float, object]]]:
    """Symmetric best-match average in 0…1 and the matched pairs (left, right, similarity, shared)."""
    if not left or not right:
        return 0.0, []
    total, matches = 0.0, []
    for a in left:
        best = max(((pair_similarity(a, b), b) for b in right), key=lambda found: found[0][0])
        total += best[0][0]
        if best[0][0] > 0:
            matches.append((a, best[1], best[0][0], best[0][1]))
    for b in right:
        total += max(pair_similarity(a, b)[0] for a in left)
    return total / (len(left) + len(right)), matches


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


class SimilarityIndex:
    def __init__(self, profiles: dict[str, Profile], concepts: ConceptIndex, labels: Labels,
                 weights: dict[str, float] | None = None, places: dict[str, Place] | None = None) -> None:
        self.profiles = profiles
        self.concept = ConceptSimilarity(concepts)
        self.labels = labels
        self.reasons = Reasons(labels)
        self.weights = {**DEFAULT_WEIGHTS, **check_weights(weights or {})}
        self.known = set(concepts.concepts)
        self.places = places or {}
        self._flow_pairs: dict[tuple, tuple[float, object]] = {}
        self.matrix = ProfileMatrix(list(profiles.values()), COMPONENTS)  # ranks one profile against all at once

    @classmethod
    def build(cls, store, concepts: ConceptIndex, labels: Labels, points: dict[str, tuple[float, float]],
              places: dict[str, set[str]], weights: dict[str, float] | None = None,
              regions: dict[str, set[str]] | None = None) -> "SimilarityIndex":
        """Profiles of every initiative; ``places``: its municipalities, ``regions``: its counties."""
        profiles = read_profiles(store, points, places, regions or {})
        return cls(profiles, concepts, labels, weights, known_places(store))

    def updated(self, profiles: dict[str, "Profile | None"]) -> "SimilarityIndex":
        """The next index, where each profile of ``profiles`` replaces the one with its IRI (None: gone); the
        pair caches are shared (they hold facts of concepts, which do not change here)."""
        new = copy.copy(self)
        new.profiles = dict(self.profiles)
        for iri, profile in profiles.items():
            if profile is None:
                new.profiles.pop(iri, None)
            else:
                new.profiles[iri] = profile
        new.matrix = self.matrix.updated(profiles)
        return new

    # -- profiles from requests --------------------------------------------------------

    def profile_from(self, body: dict) -> Profile:
        """A profile from POST /api/similar: slugs or IRIs per key; unknown keys and values are refused."""
        accepted = sorted([*PROFILE_KEYS, *PLACE_KEYS, "flows"])
        unknown = sorted(set(body) - set(accepted) - set(OTHER_KEYS))
        if unknown:
            raise BadRequest(f"Unknown profile key {unknown[0]!r}. Accepted: {', '.join(accepted)}.",
                             parameter=unknown[0], accepted=accepted)
        profile = Profile(None)
        for key, (component, scheme) in PROFILE_KEYS.items():
            for value in _strings(body, key, single=False):
                profile.sets[component].add(self._concept(value, scheme, key))
        for flow in _flows(body):
            resource = self._concept(flow.get("resource", ""), "resource-types", "flows.resource")
            provider = self._concept(flow["provider_type"], "actor-types", "flows.provider_type") if flow.get("provider_type") else None
            receiver = self._concept(flow["receiver_type"], "actor-types", "flows.receiver_type") if flow.get("receiver_type") else None
            profile.sets["flows"].add((provider, resource, receiver))
            profile.sets["resources"].add(resource)
        spots = []
        for key in ("municipality", "region"):  # a municipality's seat before a county's point
            for value in _strings(body, key, single=True):
                iri, place = self._place(value, key)
                profile.sets["region"].add(iri if place.kind == "region" else place.county)
                spots.append(place.point)
        profile.sets["region"].discard(None)
        profile.point = next((spot for spot in spots if spot), None)
        if not any(profile.sets.values()):
            raise BadRequest("Describe your initiative with at least one of: " + ", ".join(accepted) + ".")
        return profile.freeze()

    def _place(self, value: str, key: str) -> tuple[str, Place]:
        """The place a profile names under ``key``: a county or municipality for 'region', a municipality for 'municipality'."""
        iri = value if value.startswith(("http://", "https://")) else f"{ID}place/{value}"
        place = self.places.get(iri)
        if place is None or (key == "municipality" and place.kind != "municipality"):
            kind = "municipality" if key == "municipality" else "region"
            names = sorted(slug_of(i) for i, p in self.places.items() if p.kind == kind)
            what = "a municipality" if key == "municipality" else "a county (or a municipality)"
            raise BadRequest(f"Unknown {key} {value!r}: give {what} of the catalogue as a slug or IRI under {ID}place/, "
                             f"e.g. {', '.join(names[:5])}. The accepted slugs are listed under 'accepted'; "
                             f"the facet '{key}' of /api/initiatives counts the initiatives in each.",
                             parameter=key, accepted=names)
        return iri, place

    def _concept(self, value: str, scheme: str, key: str) -> str:
        iri = value if value.startswith(("http://", "https://")) else f"{CONCEPT}{scheme}/{value}"
        if iri not in self.known or not iri.startswith(f"{CONCEPT}{scheme}/"):
            raise BadRequest(f"'{value}' in '{key}' is not a concept of the {scheme} scheme (see /concept/{scheme}).",
                             parameter=key)
        return iri

    # -- scoring -----------------------------------------------------------------------

    def similar_to(self, slug: str, limit: int = 5, lang: str = "sv") -> list[dict]:
        iri = f"{ID}initiative/{slug}"
        if iri not in self.profiles:
            raise NotFound(f"No initiative called {slug!r} (or it has nothing to compare yet).")
        return self.rank(self.profiles[iri], limit, lang)

    def rank(self, profile: Profile, limit: int = 5, lang: str = "sv") -> list[dict]:
        if not 1 <= limit <= 50:
            raise BadRequest("limit must be between 1 and 50.", parameter="limit")
        results = []
        for score, iri in self.ranked(profile, limit):  # reasons only for what is shown
            _, components, reasons = self.compare(profile, self.profiles[iri])
            results.append({**self.labels.ref(iri, lang), "score": round(score, 4),
                            "components": {k: round(v, 4) for k, v in components.items()}, "reasons": shown(reasons)})
        return results

    def ranked(self, profile: Profile, limit: int) -> list[tuple[float, str]]:
        """The ``limit`` most similar initiatives as (score, IRI), best first, ties by IRI: all scored at once."""
        pairs = {name: self._flow_similarity if name == "flows" else self.concept for name in COMPONENTS}
        return self.matrix.top(self.matrix.scores(profile, self.weights, pairs, DISTANCE_SCALE_KM), limit)

    def compare(self, a: Profile, b: Profile) -> tuple[float, dict[str, float], list[dict]]:
        """The score of one pair as defined, its components and every reason, strongest first
        (:meth:`rank` scores all pairs at once)."""
        components: dict[str, float] = {}
        reasons: list[tuple[float, dict, bool]] = []  # (weight × similarity, reason, only repeats the resource)
        for name in COMPONENTS:
            left, right = a.sets.get(name, set()), b.sets.get(name, set())
            if not left and not right:
                continue
            pair = self._flow_similarity if name == "flows" else self.concept
            score, matches = _best_match(left, right, pair)
            components[name] = score
            for x, y, similarity, shared in matches:
                reason, repeats = (self.reasons.flow(shared) if name == "flows"
                                   else (self.reasons.concept(name, x, y, similarity, shared), False))
                reasons.append((self.weights[name] * similarity, reason, repeats))
        counties_a, counties_b = a.sets.get("region", set()), b.sets.get("region", set())
        if self.weights["region"] and counties_a and counties_b:
            shared_counties = sorted(counties_a & counties_b)
            components["region"] = 1.0 if shared_counties else 0.0
            if shared_counties:
                reasons.append((self.weights["region"], self.reasons.region(shared_counties), False))
        if self.weights["distance"] and a.point and b.point:
            km = distance_km(a.point, b.point)
            components["distance"] = math.exp(-km / DISTANCE_SCALE_KM)
            reasons.append((self.weights["distance"] * components["distance"], self.reasons.distance(km), False))
        weight = sum(self.weights[name] for name in components)
        total = sum(self.weights[name] * value for name, value in components.items()) / weight if weight else 0.0
        return total, components, ordered(reasons)

    def _flow_similarity(self, f: tuple, g: tuple) -> tuple[float, object]:
        key = (f, g)
        if key not in self._flow_pairs:
            self._flow_pairs[key] = self._flow_pair(f, g)
        return self._flow_pairs[key]

    def _flow_pair(self, f: tuple, g: tuple) -> tuple[float, object]:
        resource, shared = self.concept(f[1], g[1])
        if not resource:
            return 0.0, None
        ends = 0.5 + 0.25 * (f[0] is not None and f[0] == g[0]) + 0.25 * (f[2] is not None and f[2] == g[2])
        return resource * ends, (f[0] if f[0] == g[0] else None, shared, f[2] if f[2] == g[2] else None)


def read_profiles(store, points: dict[str, tuple[float, float]], places: dict[str, set[str]],
                  regions: dict[str, set[str]], initiative=None) -> dict[str, Profile]:
    """The profile of every initiative (``initiative``: of that one only, an IRI node): its concepts from
    ``similarity_profiles.rq``, its point (the first of its municipalities, ``places``, with one) and its
    counties (``regions``)."""
    rows = (queries.select_all(store, "similarity_profiles") if initiative is None
            else queries.select(store, "similarity_profiles", initiative=initiative))
    profiles: dict[str, Profile] = {}
    for row in rows:
        iri = str(row["initiative"])
        profile = profiles.setdefault(iri, Profile(iri))
        facet, value = str(row["facet"]), str(row["value"])
        if facet == "flow":
            profile.sets["resources"].add(value)
            provider, receiver = row.get("provider_type"), row.get("receiver_type")
            profile.sets["flows"].add((str(provider) if provider else None, value, str(receiver) if receiver else None))
        else:
            profile.sets[FACET_COMPONENT[facet]].add(value)
    for iri, profile in profiles.items():
        spots = [points[p] for p in sorted(places.get(iri, ())) if p in points]
        profile.point = spots[0] if spots else None
        profile.sets["region"] = set(regions.get(iri, ()))
        profile.freeze()
    return profiles


def _strings(body: dict, key: str, single: bool) -> list[str]:
    """The values under ``key``: a list of strings, or (``single``) also one string."""
    values = body.get(key) or []
    if single and isinstance(values, str):
        values = [values]
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise BadRequest(f"'{key}' must be a list of slugs or IRIs" + (" (or one)." if single else "."), parameter=key)
    return values


def _flows(body: dict) -> list[dict]:
    """The profile's flows: a list of objects whose provider_type, resource and receiver_type are slugs or IRIs."""
    flows = body.get("flows") or []
    keys = {"provider_type", "resource", "receiver_type"}
    if not isinstance(flows, list) or not all(
            isinstance(f, dict) and set(f) <= keys and all(isinstance(v, str) for v in f.values()) for f in flows):
        raise BadRequest('\'flows\' must be a list of objects like {"provider_type": "company", "resource": '
                         '"low-temperature-waste-heat", "receiver_type": "municipal-company"}, each value a '
                         "slug or IRI.", parameter="flows", accepted=sorted(keys))
    return flows


def known_places(store) -> dict[str, Place]:
    """Every municipality and county a profile may name, with its county and point."""
    places: dict[str, Place] = {}
    for row in queries.select(store, "similarity_places"):
        match = POINT.search(str(row["wkt"])) if row.get("wkt") else None
        point = (float(match.group(2)), float(match.group(1))) if match else None
        places[str(row["place"])] = Place(str(row["kind"]), str(row["region"]) if row.get("region") else None, point)
    return places
