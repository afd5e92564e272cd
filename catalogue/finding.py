"""The officer's two finding forms, read from query parameters: "initiatives like our plans" and "find partners".

Both pages are GET forms, so a filled-in form is a URL to share. An ordinary mistake in such a
URL (a slug that is no concept or place of the catalogue, a distance without a municipality) is
shown at its field and the rest of the form still answers; only hostile input — more than
:data:`MAX_VALUES` values of one field, or a value longer than :data:`MAX_VALUE_LENGTH`
characters — is a 400. The JSON twins (``GET /api/similar``, ``GET /api/partners``) read the
same parameters strictly: any mistake is a 400 naming its parameter.

"We have" and "we need" become the profile's flows as :mod:`catalogue.similarity` reads them:
something we have is a flow we provide (provider type: what we are, when we say it), something
we need a flow we receive; each flow's resource also counts as a resource type of the plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from .errors import BadRequest
from .facets import fold
from .labels import in_sentence, slug_of
from .matchmaking import DIRECTIONS
from .namespaces import CONCEPT, ID
from .similarity import distance_km

#: Most values one field of a form may carry, and the longest value: beyond, the URL is no form's.
MAX_VALUES = 40
MAX_VALUE_LENGTH = 200
#: Results on a page; the JSON twins take ``limit`` (up to their functions' bounds).
SIMILAR_SHOWN = 10
PARTNERS_SHOWN = 30
#: The distances the partners form offers (km); ``within`` also takes "county" and "sweden".
DISTANCES = (25, 50, 100, 250)
WITHIN = (*[str(d) for d in DISTANCES], "county", "sweden")
#: Score from which a similarity reads as strong, or as medium (below: weak).
STRONG, MEDIUM = 0.5, 0.3

#: Form field -> concept scheme of its values (a field of several values unless in SINGLE).
SIMILAR_CONCEPTS = {"have": "resource-types", "need": "resource-types", "we_are": "actor-types",
                    "actor_type": "actor-types", "kind": "initiative-kinds", "barrier": "barrier-types",
                    "driver": "driver-types"}
SINGLE = {"we_are", "municipality", "region", "resource", "direction", "within"}
PLACE_FIELDS = ("municipality", "region")
SIMILAR_FIELDS = (*SIMILAR_CONCEPTS, *PLACE_FIELDS)
PARTNER_FIELDS = ("resource", "direction", "municipality", "region", "within")
#: What the values of a scheme are called in a message at its field (sv, en).
SCHEME_NAMES = {"resource-types": ("resurstyperna", "the resource types"),
                "actor-types": ("aktörstyperna", "the actor types"),
                "initiative-kinds": ("typerna av initiativ", "the kinds of initiative"),
                "barrier-types": ("hindren", "the barriers"), "driver-types": ("drivkrafterna", "the drivers")}


@dataclass
class Form:
    """What a form's query parameters say: the accepted values per field and the messages at fields."""

    values: dict[str, list[str]] = field(default_factory=dict)  # field -> accepted slugs
    errors: dict[str, list[str]] = field(default_factory=dict)  # field -> messages in the page language

    def add_error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def one(self, name: str) -> str | None:
        return (self.values.get(name) or [None])[0]


def raw_values(pairs: list[tuple[str, str]], name: str) -> list[str]:
    """The non-empty values of ``name`` in the query, each once, bounded (a 400 beyond the bounds)."""
    values = []
    for key, value in pairs:
        if key != name or not value.strip():
            continue
        if len(value) > MAX_VALUE_LENGTH:
            raise BadRequest(f"A value of '{name}' is longer than {MAX_VALUE_LENGTH} characters; the form sends "
                             "short names (slugs) chosen from its lists.", parameter=name, limit=MAX_VALUE_LENGTH)
        if value.strip() not in values:
            values.append(value.strip())
    if len(values) > MAX_VALUES:
        raise BadRequest(f"'{name}' has more than {MAX_VALUES} values.", parameter=name, limit=MAX_VALUES)
    return values


def _shown(value: str) -> str:
    return value if len(value) <= 60 else value[:57] + "…"


class Finding:
    """The forms over one catalogue (its concepts, labels, similarity index and matchmaker)."""

    def __init__(self, catalogue) -> None:
        self.catalogue = catalogue
        self.places = catalogue.similarity.places  # IRI -> Place (kind, county, point)

    # -- reading a form ----------------------------------------------------------------------

    def _concept_ok(self, scheme: str, slug: str) -> bool:
        return f"{CONCEPT}{scheme}/{slug}" in self.catalogue.concepts.concepts

    def _place_ok(self, name: str, slug: str) -> bool:
        place = self.places.get(f"{ID}place/{slug}")
        return place is not None and place.kind == ("municipality" if name == "municipality" else "region")

    def read(self, pairs: list[tuple[str, str]], fields: tuple[str, ...], lang: str, strict: bool) -> Form:
        """The form's fields from the query; an unknown value is a message at its field (``strict``: a 400)."""
        sv = lang == "sv"
        form = Form()
        for name in fields:
            values = raw_values(pairs, name)
            if name in SINGLE and len(values) > 1:
                if strict:
                    raise BadRequest(f"'{name}' takes one value.", parameter=name)
                form.add_error(name, "Välj bara ett värde här." if sv else "Choose only one value here.")
                values = values[:1]
            accepted = []
            for value in values:
                problem = self._problem(name, value, sv)
                if problem is None:
                    accepted.append(value)
                elif strict:
                    raise BadRequest(self._strict_problem(name, value), parameter=name)
                else:
                    form.add_error(name, problem)
            form.values[name] = accepted
        return form

    def _strict_problem(self, name: str, value: str) -> str:
        """For the JSON twins: what is wrong with ``value`` and where the accepted values are listed."""
        shown = _shown(value)
        if name in PLACE_FIELDS:
            kind = "a municipality, e.g. stenungsund-kommun" if name == "municipality" else "a county, e.g. vastra-gotalands-lan"
            return f"Unknown {name} {shown!r}: give {kind} (the places are under /id/place/)."
        if name == "direction":
            return f"direction must be one of: {', '.join(DIRECTIONS)}."
        scheme = SIMILAR_CONCEPTS.get(name, "resource-types")
        return f"{shown!r} in '{name}' is not a concept of the {scheme} scheme (see /concept/{scheme})."

    def _problem(self, name: str, value: str, sv: bool) -> str | None:
        """Why ``value`` cannot be a value of field ``name`` (in Swedish or English), or None."""
        shown = _shown(value)
        if name in SIMILAR_CONCEPTS or name == "resource":
            scheme = SIMILAR_CONCEPTS.get(name, "resource-types")
            if self._concept_ok(scheme, value):
                return None
            names = SCHEME_NAMES[scheme]
            return (f"”{shown}” finns inte bland {names[0]}. Välj i listan." if sv
                    else f"“{shown}” is not one of {names[1]}. Choose from the list.")
        if name in PLACE_FIELDS:
            if self._place_ok(name, value):
                return None
            if name == "municipality":
                return (f"”{shown}” är ingen kommun i katalogen. Välj en kommun i listan, eller ett län."
                        if sv else f"“{shown}” is no municipality of the catalogue. Choose one from the list, or a county.")
            return (f"”{shown}” är inget län i katalogen. Välj ett län i listan." if sv
                    else f"“{shown}” is no county of the catalogue. Choose one from the list.")
        if name == "direction":
            return None if value in DIRECTIONS else ("Välj om ni har resursen eller behöver den." if sv
                                                     else "Choose whether you have the resource or need it.")
        if name == "within":
            return None if value in WITHIN else ("Välj ett avstånd i listan." if sv else "Choose a distance from the list.")
        return None

    # -- initiatives like our plans ----------------------------------------------------------

    def profile_body(self, form: Form) -> dict:
        """The body of a profile (as POST /api/similar takes it) from the form's accepted values."""
        we_are = form.one("we_are")
        body: dict = {"flows": []}
        for slug in form.values.get("have", []):
            body["flows"].append({"resource": slug, **({"provider_type": we_are} if we_are else {})})
        for slug in form.values.get("need", []):
            body["flows"].append({"resource": slug, **({"receiver_type": we_are} if we_are else {})})
        actor_types = [*form.values.get("actor_type", [])]
        if we_are and we_are not in actor_types:
            actor_types.append(we_are)
        for key, name in (("actor_types", actor_types), ("kinds", form.values.get("kind", [])),
                          ("barriers", form.values.get("barrier", [])), ("drivers", form.values.get("driver", []))):
            if name:
                body[key] = name
        for name in PLACE_FIELDS:
            if form.one(name):
                body[name] = form.one(name)
        if not body["flows"]:
            del body["flows"]
        return body

    def similar(self, pairs: list[tuple[str, str]], lang: str, strict: bool = False, limit: int = SIMILAR_SHOWN) -> dict:
        """The form of /similar with its values, messages and trees, and the initiatives like the plan (if any)."""
        form = self.read(pairs, SIMILAR_FIELDS, lang, strict)
        body = self.profile_body(form)
        described = any(key not in PLACE_FIELDS for key in body)
        if strict and not described:
            raise BadRequest("Describe your plans with at least one of: have, need, we_are, actor_type, kind, "
                             "barrier, driver (slugs of concepts); municipality or region say where.")
        similarity = self.catalogue.similarity
        items = []
        if described:
            profile = similarity.profile_from(body)
            for item in similarity.rank(profile, limit, lang):
                if item["score"] <= 0:  # shares nothing: no likeness to show
                    continue
                items.append(self._similar_item(item, profile.point, lang))
        return {"form": form, "items": items, "described": described, "profile": body}

    def _similar_item(self, item: dict, origin, lang: str) -> dict:
        sv = lang == "sv"
        score = item["score"]
        strength = "strong" if score >= STRONG else "medium" if score >= MEDIUM else "weak"
        entry = self.catalogue.index.entries.get(item["iri"])
        places = sorted(entry.values.get("municipality", ())) if entry else []
        other = self.catalogue.similarity.profiles[item["iri"]].point
        km = round(distance_km(origin, other)) if origin and other else None
        return {**item, "strength": strength, "percent": round(score * 100),
                "reason_texts": [r["sv"] if sv else r["en"] for r in item["reasons"]],
                "places": [self.catalogue.labels.get(p, lang) for p in places], "distance_km": km}

    # -- partners ----------------------------------------------------------------------------

    def partners(self, pairs: list[tuple[str, str]], lang: str) -> dict:
        """The form of /opportunities with its values and messages, and the partners found (if a resource is chosen)."""
        sv = lang == "sv"
        form = self.read(pairs, PARTNER_FIELDS, lang, strict=False)
        municipality, region = form.one("municipality"), form.one("region")
        direction = form.one("direction") or "have"
        within = form.one("within") or ("50" if municipality else "county" if region else "sweden")
        place_iri = f"{ID}place/{municipality}" if municipality else None
        region_iri = f"{ID}place/{region}" if region else None
        max_km = None
        if within.isdigit():
            if place_iri and place_iri in self.catalogue.matchmaker.points:
                max_km = float(within)
            else:
                form.add_error("within", "Välj en kommun för att söka på avstånd; annars söks i länet eller hela Sverige."
                               if sv else "Choose a municipality to search by distance; otherwise the county or all of "
                                          "Sweden is searched.")
                within = "county" if region_iri else "sweden"
        if within == "county":
            if not region_iri and place_iri:
                region_iri = self.places[place_iri].county
            if not region_iri:
                form.add_error("within", "Välj en kommun eller ett län för att söka i länet." if sv
                               else "Choose a municipality or a county to search within the county.")
                within = "sweden"
        if within == "sweden":
            region_iri = None
        form.values.update({"direction": [direction], "within": [within]})
        resource = form.one("resource")
        items, wider = None, None
        if resource:
            matchmaker, iri = self.catalogue.matchmaker, f"{CONCEPT}resource-types/{resource}"
            items = matchmaker.partners(iri, direction, place_iri, max_km, region_iri, PARTNERS_SHOWN, lang)
            count = lambda km, region: matchmaker.partner_count(iri, direction, place_iri, km, region)
            wider = self._wider(form, within, count, count(max_km, region_iri),
                                self.places[place_iri].county if place_iri else region_iri)
        return {"form": form, "items": items, "direction": direction, "within": within, "wider": wider,
                "resource": self._ref_in_sentence(f"{CONCEPT}resource-types/{resource}", lang) if resource else None,
                "place": self.catalogue.labels.ref(place_iri, lang) if place_iri else None,
                "region": self.catalogue.labels.ref(region_iri, lang) if region_iri else None}

    @staticmethod
    def _wider(form: Form, within: str, count, found: int, county: str | None) -> dict | None:
        """The next wider search (a longer distance, the county, all of Sweden) that finds more, as
        {within, count, query}; None when none does."""
        steps = [str(d) for d in DISTANCES if within.isdigit() and d > int(within)]
        steps += ["county"] if county and within != "county" and within.isdigit() else []
        steps += ["sweden"] if within != "sweden" else []
        for step in steps:
            more = count(float(step) if step.isdigit() else None, county if step == "county" else None)
            if more > found:
                query = [(name, value) for name in PARTNER_FIELDS if name != "within" for value in form.values.get(name, [])]
                return {"within": step, "count": more, "query": urlencode([*query, ("within", step)])}
        return None

    def _ref_in_sentence(self, iri: str, lang: str) -> dict:
        ref = self.catalogue.labels.ref(iri, lang)
        return {**ref, "in_sentence": in_sentence(ref["label"])}

    def partners_strict(self, pairs: list[tuple[str, str]], max_km: float | None, limit: int, lang: str) -> list[dict]:
        """GET /api/partners: the same search, every mistake a 400 (``max_km`` needs ``municipality``)."""
        form = self.read(pairs, ("resource", "direction", "municipality", "region"), lang, strict=True)
        place = f"{ID}place/{form.one('municipality')}" if form.one("municipality") else None
        region = f"{ID}place/{form.one('region')}" if form.one("region") else None
        if max_km is not None and place is None:
            raise BadRequest("max_km is measured from a municipality: give municipality too.", parameter="max_km")
        return self.catalogue.matchmaker.partners(f"{CONCEPT}resource-types/{form.one('resource')}",
                                                  form.one("direction") or "have", place, max_km, region, limit, lang)

    # -- the pages --------------------------------------------------------------------------

    def similar_page(self, pairs: list[tuple[str, str]], lang: str) -> dict:
        """Everything /similar shows: the form, its pickers, the similar initiatives."""
        context = self.similar(pairs, lang)
        values = context["form"].values
        weights = self.catalogue.similarity.weights
        trees = {name: self.tree(SIMILAR_CONCEPTS[name], lang, values.get(name, [])) for name in SIMILAR_CONCEPTS}
        return {**context, "lang": lang, "places": self.place_options(lang), "trees": trees,
                "place_counts": bool(weights["distance"] or weights["region"]),
                "partner_searches": self._partner_searches(context["form"], lang)}

    def _partner_searches(self, form: Form, lang: str) -> list[dict]:
        """For each resource the plan has or needs: the query of /opportunities that finds partners for it."""
        municipality, region = form.one("municipality"), form.one("region")
        where = [("municipality", municipality)] if municipality else [("region", region)] if region else []
        within = [("within", "50" if municipality else "county" if region else "sweden")]
        return [{"direction": direction,
                 "resource": self._ref_in_sentence(f"{CONCEPT}resource-types/{slug}", lang),
                 "query": urlencode([("resource", slug), ("direction", direction), *where, *within])}
                for direction, name in (("have", "have"), ("need", "need")) for slug in form.values.get(name, [])]

    def partners_page(self, pairs: list[tuple[str, str]], lang: str) -> dict:
        """Everything /opportunities shows: the form, its pickers, the partners found."""
        context = self.partners(pairs, lang)
        return {**context, "lang": lang, "places": self.place_options(lang), "distances": DISTANCES,
                "tree": self.tree("resource-types", lang, context["form"].values.get("resource", []))}

    @staticmethod
    def page_data(context: dict) -> dict:
        """A page's answer as JSON (its twin by ``Accept``): the accepted values, the messages at fields
        and the results, without the pickers."""
        form = context["form"]
        data = {"values": form.values, "errors": form.errors, "items": context["items"]}
        if "wider" in context:
            data["wider"] = context["wider"]
        return data

    # -- what the pickers offer --------------------------------------------------------------

    def tree(self, scheme: str, lang: str, chosen: list[str]) -> list[dict]:
        """The current concepts of ``scheme`` nested under their broader ones, by name; ``selected`` marks the
        chosen, ``also`` holds their other names (sv, en, alternative labels) for the picker's filter."""
        concepts = {iri: c for iri, c in self.catalogue.concepts.concepts.items()
                    if c.scheme == CONCEPT + scheme and not c.deprecated}
        labels = self.catalogue.labels
        nodes = {iri: {"slug": slug_of(iri), "label": labels.get(iri, lang), "selected": slug_of(iri) in chosen,
                       "also": " | ".join(sorted({*c.alt, *c.pref.values()} - {labels.get(iri, lang)})),  # for the filter
                       "children": []} for iri, c in concepts.items()}
        roots = []
        for iri in sorted(concepts, key=lambda i: (fold(labels.get(i, lang)), i)):
            parent = next((b for b in sorted(concepts[iri].broader) if b in nodes), None)
            (nodes[parent]["children"] if parent else roots).append(nodes[iri])
        return roots

    def place_options(self, lang: str) -> dict:
        """Municipalities of the catalogue grouped by county, and the counties, by name."""
        labels = self.catalogue.labels
        name = lambda iri: (fold(labels.get(iri, lang)), iri)
        counties = sorted((iri for iri, p in self.places.items() if p.kind == "region"), key=name)
        groups = []
        for county in counties:
            members = sorted((iri for iri, p in self.places.items() if p.kind == "municipality" and p.county == county),
                             key=name)
            if members:
                groups.append({**labels.ref(county, lang), "municipalities": [labels.ref(m, lang) for m in members]})
        return {"groups": groups, "counties": [labels.ref(c, lang) for c in counties]}
