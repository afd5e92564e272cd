"""Initiatives like ours: similarity built from the knowledge graph, with reasons a person can check.

Each initiative (or a municipality's own plan, given as a profile) is described by concepts:
resource types, flows (who provides what to whom, as actor types), actor types, roles, kinds,
organisation forms, drivers and barriers, and optionally a place. Two concepts are alike
through the SKOS hierarchy: the same concept counts 1, a concept and its broader one 0.5,
siblings 0.25 — so "low-temperature waste heat" and "industrial waste heat" meet, less than
twice the same. Each component gives a score in 0…1 (a symmetric best-match average); the
total is their weighted mean over the components either side describes. Weights are settings.
Every result carries the shared facts behind it, in Swedish and English.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from . import queries
from .concepts import ConceptIndex
from .errors import BadRequest, NotFound
from .labels import Labels
from .namespaces import CONCEPT, ID
from .similarity_matrix import ProfileMatrix

COMPONENTS = ("resources", "flows", "kinds", "organisation_forms", "actor_types", "roles", "drivers", "barriers")
DEFAULT_WEIGHTS = {"resources": 3.0, "flows": 2.0, "kinds": 1.0, "organisation_forms": 0.5, "actor_types": 1.0,
                   "roles": 0.5, "drivers": 1.0, "barriers": 1.0, "distance": 0.0}
FACET_COMPONENT = {"kind": "kinds", "organisation_form": "organisation_forms", "role": "roles",
                   "actor_type": "actor_types", "driver": "drivers", "barrier": "barriers"}
#: Profile keys of POST /api/similar -> (component, concept scheme of the slugs).
PROFILE_KEYS = {"resource_types": ("resources", "resource-types"), "kinds": ("kinds", "initiative-kinds"),
                "organisation_forms": ("organisation_forms", "organisation-forms"), "actor_types": ("actor_types", "actor-types"),
                "roles": ("roles", "actor-roles"), "drivers": ("drivers", "driver-types"), "barriers": ("barriers", "barrier-types")}
DISTANCE_SCALE_KM = 150.0


@dataclass
class Profile:
    iri: str | None
    sets: dict[str, set] = field(default_factory=lambda: defaultdict(set))
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
                 weights: dict[str, float] | None = None) -> None:
        self.profiles = profiles
        self.concept = ConceptSimilarity(concepts)
        self.labels = labels
        unknown = sorted(set(weights or {}) - set(DEFAULT_WEIGHTS))
        if unknown:
            raise ValueError(f"Unknown similarity weight {unknown[0]!r}; known: {', '.join(DEFAULT_WEIGHTS)}.")
        self.weights = {**DEFAULT_WEIGHTS, **(weights or {})}
        self.known = set(concepts.concepts)
        self._flow_pairs: dict[tuple, tuple[float, object]] = {}
        self.matrix = ProfileMatrix(list(profiles.values()), COMPONENTS)  # ranks one profile against all at once

    @classmethod
    def build(cls, store, concepts: ConceptIndex, labels: Labels, points: dict[str, tuple[float, float]],
              places: dict[str, set[str]], weights: dict[str, float] | None = None) -> "SimilarityIndex":
        profiles: dict[str, Profile] = {}
        for row in queries.select_all(store, "similarity_profiles"):
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
            profile.freeze()
        return cls(profiles, concepts, labels, weights)

    # -- profiles from requests --------------------------------------------------------

    def profile_from(self, body: dict) -> Profile:
        """A profile from POST /api/similar: slugs or IRIs per key; unknown keys and values are refused."""
        unknown = sorted(set(body) - set(PROFILE_KEYS) - {"flows", "limit", "lang"})
        if unknown:
            raise BadRequest(f"Unknown profile key {unknown[0]!r}. Accepted: {', '.join(sorted([*PROFILE_KEYS, 'flows']))}.",
                             parameter=unknown[0], accepted=sorted([*PROFILE_KEYS, "flows"]))
        profile = Profile(None)
        for key, (component, scheme) in PROFILE_KEYS.items():
            values = body.get(key) or []
            if not isinstance(values, list):
                raise BadRequest(f"'{key}' must be a list of slugs or IRIs.", parameter=key)
            for value in values:
                profile.sets[component].add(self._concept(str(value), scheme, key))
        for flow in body.get("flows") or []:
            resource = self._concept(str(flow.get("resource", "")), "resource-types", "flows.resource")
            provider = self._concept(flow["provider_type"], "actor-types", "flows.provider_type") if flow.get("provider_type") else None
            receiver = self._concept(flow["receiver_type"], "actor-types", "flows.receiver_type") if flow.get("receiver_type") else None
            profile.sets["flows"].add((provider, resource, receiver))
            profile.sets["resources"].add(resource)
        if not any(profile.sets.values()):
            raise BadRequest("Describe your initiative with at least one of: " + ", ".join([*PROFILE_KEYS, "flows"]) + ".")
        return profile.freeze()

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
                            "components": {k: round(v, 4) for k, v in components.items()}, "reasons": reasons[:6]})
        return results

    def ranked(self, profile: Profile, limit: int) -> list[tuple[float, str]]:
        """The ``limit`` most similar initiatives as (score, IRI), best first, ties by IRI: all scored at once."""
        pairs = {name: self._flow_similarity if name == "flows" else self.concept for name in COMPONENTS}
        return self.matrix.top(self.matrix.scores(profile, self.weights, pairs, DISTANCE_SCALE_KM), limit)

    def compare(self, a: Profile, b: Profile) -> tuple[float, dict[str, float], list[dict]]:
        """The score of one pair as defined, its components and the reasons (:meth:`rank` scores all pairs at once)."""
        components: dict[str, float] = {}
        reasons: list[tuple[float, dict]] = []
        for name in COMPONENTS:
            left, right = a.sets.get(name, set()), b.sets.get(name, set())
            if not left and not right:
                continue
            pair = self._flow_similarity if name == "flows" else self.concept
            score, matches = _best_match(left, right, pair)
            components[name] = score
            for x, y, similarity, shared in matches:
                reason = self._reason(name, x, y, similarity, shared)
                if reason is not None:
                    reasons.append((self.weights[name] * similarity, reason))
        if self.weights["distance"] and a.point and b.point:
            km = distance_km(a.point, b.point)
            components["distance"] = math.exp(-km / DISTANCE_SCALE_KM)
            if km < DISTANCE_SCALE_KM:
                reasons.append((self.weights["distance"] * components["distance"],
                                {"component": "distance", "sv": f"Ligger {km:.0f} km ifrån varandra",
                                 "en": f"{km:.0f} km apart"}))
        weight = sum(self.weights[name] for name in components)
        total = sum(self.weights[name] * value for name, value in components.items()) / weight if weight else 0.0
        unique, seen = [], set()
        for _, reason in sorted(reasons, key=lambda r: -r[0]):
            if reason["en"] not in seen:
                seen.add(reason["en"])
                unique.append(reason)
        return total, components, unique

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

    def _reason(self, name: str, x, y, similarity: float, shared) -> dict | None:
        sv, en = (lambda iri: self.labels.get(iri, "sv").lower()), (lambda iri: self.labels.get(iri, "en").lower())
        if name == "flows":
            provider, resource, receiver = shared
            if provider and receiver:
                return {"component": name, "sv": f"Båda: {sv(provider)} levererar {sv(resource)} till {sv(receiver)}",
                        "en": f"Both: a {en(provider)} provides {en(resource)} to a {en(receiver)}"}
            if provider:
                return {"component": name, "sv": f"Båda: {sv(provider)} levererar {sv(resource)}",
                        "en": f"Both: a {en(provider)} provides {en(resource)}"}
            if receiver:
                return {"component": name, "sv": f"Båda: {sv(resource)} går till {sv(receiver)}",
                        "en": f"Both: {en(resource)} goes to a {en(receiver)}"}
            return None  # the shared resource is already a reason of its own
        if similarity == 1.0:
            texts = {
                "resources": ("Båda utbyter {sv}", "Both exchange {en}"),
                "kinds": ("Båda är {sv}", "Both are a {en}"),
                "organisation_forms": ("Båda är organiserade som {sv}", "Both are organised as {en}"),
                "actor_types": ("Båda har med {sv}", "Both involve a {en}"),
                "roles": ("Båda har en aktör i rollen {sv}", "Both have an actor as {en}"),
                "drivers": ("Båda drivs av {sv}", "Both are driven by {en}"),
                "barriers": ("Båda nämner hindret {sv}", "Both name the barrier {en}"),
            }[name]
            return {"component": name, "sv": texts[0].format(sv=sv(x)), "en": texts[1].format(en=en(x))}
        if shared in (x, y):
            narrow, broad = (y, x) if shared == x else (x, y)
            return {"component": name, "sv": f"Närliggande: {sv(narrow)} är en sorts {sv(broad)}",
                    "en": f"Related: {en(narrow)} is a kind of {en(broad)}"}
        return {"component": name,
                "sv": f"Närliggande: {sv(x)} och {sv(y)} (båda {sv(shared)})",
                "en": f"Related: {en(x)} and {en(y)} (both {en(shared)})"}
