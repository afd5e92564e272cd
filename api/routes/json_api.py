"""The JSON API: initiatives with filters and facets, actors, concepts, statistics."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from catalogue.errors import BadRequest
from catalogue.facets import FACETS, SORTS
from catalogue.listing import PLACE_KINDS, list_actor_summaries, list_places, search_initiatives
from catalogue.namespaces import record_iri
from catalogue.resources import record_name
from catalogue.service import Catalogue
from catalogue.similarity import PROFILE_KEYS
from catalogue.statistics import catalogue_stats
from catalogue.views import actor_view, initiative_view

from .. import schemas
from ..deps import get_catalogue
from ..edge import Lang, Offset, json_body, query_text, year
from ..language import choose_language
from ..withdrawn import refuse_withdrawn_record
from ..responses import JSONResponse

# Routes answer with JSONResponse themselves: a returned dict would first go through FastAPI's
# jsonable_encoder, which costs twice the search behind the listing.
router = APIRouter(prefix="/api", tags=["JSON API"])

LIST_PARAMETERS = {*FACETS, "q", "lang", "limit", "offset", "sort", "started_before", "started_after", "actor_parts",
                   "outcome_min", "outcome_unit"}
#: Largest absolute number outcome_min takes (beyond any figure a source gives; keeps NaN and inf out).
MAX_OUTCOME = 1e15
FILTER_HELP = "A slug (e.g. 'waste-heat') or a full IRI; repeat the parameter for OR."


def _check_parameters(request: Request, allowed: set[str]) -> None:
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise BadRequest(
            f"Unknown parameter {unknown[0]!r}. Accepted: {', '.join(sorted(allowed))}.",
            parameter=unknown[0], accepted=sorted(allowed),
        )


# `async`: the search reads only the in-memory indexes, never the store, so it runs on the event
# loop; a plain `def` would pay a thread-pool hop (0.1 ms, a quarter of a 10k search) per request.
@router.get("/initiatives", name="api_initiatives", response_model=schemas.InitiativeList)
async def list_initiatives(
    request: Request,
    resource: list[str] = Query([], description="Resource type; narrower types match too. " + FILTER_HELP),
    resource_category: list[str] = Query([], description="Top resource category (energy, water, materials, gases …). " + FILTER_HELP),
    actor: list[str] = Query([], description="An actor taking part, or one of its parts (org:subOrganizationOf) "
                                             "unless actor_parts=false. " + FILTER_HELP),
    actor_parts: bool = Query(True, description="With actor: also the initiatives its parts (units, subsidiaries) "
                                                "take part in. false: only the actor itself."),
    actor_type: list[str] = Query([], description="Type of a participating actor. " + FILTER_HELP),
    role: list[str] = Query([], description="A role some actor plays. " + FILTER_HELP),
    municipality: list[str] = Query([], description="Municipality: a slug ('stenungsund-kommun'), an IRI, or a name that "
                                                    "names exactly one ('Stenungsund', accent- and case-insensitive); "
                                                    "see /api/places. Repeat for OR."),
    region: list[str] = Query([], description="County: a slug ('vastra-gotalands-lan'), an IRI or its name "
                                              "('Västra Götaland'). Repeat for OR."),
    kind: list[str] = Query([], description="Kind of initiative. " + FILTER_HELP),
    status: list[str] = Query([], description="Status: active, planned, inactive, ended, not-realised."),
    exchange_status: list[str] = Query([], description="Status of an exchange: existing, in-test, planned, potential, ended."),
    barrier: list[str] = Query([], description="Barrier type (narrower types match too). " + FILTER_HELP),
    driver: list[str] = Query([], description="Driver type (narrower types match too). " + FILTER_HELP),
    funder: list[str] = Query([], description="Funding organisation. " + FILTER_HELP),
    programme: list[str] = Query([], description="Funding programme, e.g. 'erdf'. " + FILTER_HELP),
    outcome: list[str] = Query([], description="An outcome's indicator, e.g. 'jobs-created' (narrower ones match "
                                               "too). " + FILTER_HELP),
    outcome_min: float | None = Query(None, ge=-MAX_OUTCOME, le=MAX_OUTCOME,
                                      description="With outcome: only outcomes with a number of at least this (its "
                                                  "value, else the top of its range), in the outcome's unit."),
    outcome_unit: str | None = Query(None, max_length=100, description="With outcome: only outcomes in this unit, e.g. "
                                                     "'tonne-per-year'; needed with outcome_min when the indicator's "
                                                     "outcomes come in several units."),
    started_before: int | None = year("Start year strictly before this year"),
    started_after: int | None = year("Start year strictly after this year"),
    q: str | None = Query(None, description="Text in names, alternative names and descriptions (sv and en, accent- and "
                                            "case-insensitive); a concept's name (e.g. 'tekniskt vatten' or 'technical "
                                            "water') stands for the concept and its narrower ones, in either language. "
                                            "At most SYMBIOS_QUERY_TEXT_MAX characters."),
    lang: Lang = None,
    limit: int = Query(50, ge=1, le=500),
    offset: Offset = 0,
    sort: str | None = Query(None, description="One of: " + ", ".join(SORTS) + ". Default: relevance with q, else label."),
    catalogue: Catalogue = Depends(get_catalogue),
):
    """Initiatives matching every filter given (values of one filter are OR-ed), with facet counts; each with a
    snippet and why it matched q; with `suggestions` ("did you mean") when q finds nothing."""
    _check_parameters(request, LIST_PARAMETERS)
    q = query_text(q, request.app.state.settings.query_text_max)
    language = choose_language(lang, request.headers.get("accept-language"))
    filters = {
        "resource": resource, "resource_category": resource_category, "actor": actor, "actor_type": actor_type,
        "role": role, "municipality": municipality, "region": region, "kind": kind, "status": status,
        "exchange_status": exchange_status, "barrier": barrier, "driver": driver, "funder": funder,
        "programme": programme, "outcome": outcome,
    }
    return JSONResponse(search_initiatives(catalogue, filters, q, started_before, started_after, sort, language, limit, offset,
                                           actor_parts=actor_parts, outcome_min=outcome_min, outcome_unit=outcome_unit))


@router.get("/initiatives/{slug}", name="api_initiative", response_model=schemas.Initiative)
def get_initiative(slug: str, request: Request, lang: Lang = None, catalogue: Catalogue = Depends(get_catalogue)):
    """Everything in one initiative record, names in the chosen language, citations included."""
    language = choose_language(lang, request.headers.get("accept-language"))
    iri = record_name("initiative", slug)  # 404 for what cannot be a slug
    graph = catalogue.store.graph(iri, light=True)  # read once, for the view and its ETag
    if not len(graph):
        refuse_withdrawn_record(request, iri, "initiative", slug)  # 410 for a withdrawn record, else the view's 404
    view = initiative_view(catalogue.store, catalogue.labels, slug, language, graph)
    tag = request.app.state.curation.published_etag(iri, graph)
    return JSONResponse(view, headers={"ETag": tag} if tag else {})


@router.get("/initiatives/{slug}/similar", name="api_similar", response_model=schemas.SimilarList)
def similar_initiatives(slug: str, request: Request, limit: int = Query(5, ge=1, le=50), lang: Lang = None,
                        catalogue: Catalogue = Depends(get_catalogue)):
    """Initiatives like this one, best first, each with its score per component and the shared facts (sv, en)."""
    language = choose_language(lang, request.headers.get("accept-language"))
    return JSONResponse({"initiative": record_iri("initiative", slug), "weights": catalogue.similarity.weights,
                         "items": catalogue.similarity.similar_to(slug, limit, language)})


_SLUGS = {"type": "array", "items": {"type": "string"}, "description": FILTER_HELP}
_PLACE = {"anyOf": [{"type": "string"}, _SLUGS]}
#: The body of POST /api/similar, for the OpenAPI (the route reads and checks it itself).
PROFILE_SCHEMA = {"type": "object", "additionalProperties": False, "properties": {
    **{key: _SLUGS for key in PROFILE_KEYS},
    "flows": {"type": "array", "items": {"type": "object", "additionalProperties": False, "properties": {
        "provider_type": {"type": "string"}, "resource": {"type": "string"}, "receiver_type": {"type": "string"}}}},
    "region": _PLACE, "municipality": _PLACE,
    "limit": {"type": "integer", "minimum": 1, "maximum": 50, "default": 5},
    "lang": {"type": "string", "enum": ["sv", "en"]},
}}


@router.post("/similar", name="api_similar_profile", response_model=schemas.SimilarList,
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": PROFILE_SCHEMA}}}})
async def similar_to_profile(request: Request, catalogue: Catalogue = Depends(get_catalogue)):
    """Initiatives like a described plan. Body (JSON): lists of concept slugs or IRIs under `resource_types`,
    `kinds`, `organisation_forms`, `actor_types`, `roles`, `drivers`, `barriers`, and `flows`
    (`[{"provider_type": …, "resource": …, "receiver_type": …}]`); where the plan is: `region` (a county, or a
    municipality) and `municipality`, a slug or IRI each (or a list); optional `limit` and `lang`."""
    body = await json_body(request, '{"resource_types": ["low-temperature-waste-heat"]}')
    if not isinstance(body, dict):
        raise BadRequest("The profile must be a JSON object.")
    limit = body.get("limit", 5)
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise BadRequest("limit must be a whole number from 1 to 50.", parameter="limit")
    language = choose_language(body.get("lang"), request.headers.get("accept-language"))
    profile = catalogue.similarity.profile_from(body)
    return JSONResponse({"weights": catalogue.similarity.weights, "items": catalogue.similarity.rank(profile, limit, language)})


@router.get("/opportunities", name="api_opportunities", response_model=schemas.OpportunityList)
def opportunities(request: Request,
                  resource: str | None = Query(None, description="Only this resource type (or a broader/narrower one). " + FILTER_HELP),
                  region: str | None = Query(None, description="Both actors in this county, e.g. 'vastra-gotalands-lan'. " + FILTER_HELP),
                  max_km: float | None = Query(None, gt=0, description="Both actors within this distance (municipality level), in km."),
                  limit: int = Query(20, ge=1, le=200), lang: Lang = None,
                  catalogue: Catalogue = Depends(get_catalogue)):
    """Pairs of actors where one provides (or has available) a resource type that the other receives — the same
    concept or a broader/narrower one — unless they already exchange it or a related type (existing, in test or
    planned), with the initiatives where it already flows, closest first."""
    _check_parameters(request, {"resource", "region", "max_km", "limit", "lang"})
    language = choose_language(lang, request.headers.get("accept-language"))
    resource_iri = catalogue.index.resolve("resource", resource) if resource else None
    region_iri = catalogue.index.resolve("region", region) if region else None
    return JSONResponse({"items": catalogue.matchmaker.opportunities(resource_iri, region_iri, max_km, limit, language)})


@router.get("/actors", name="api_actors", response_model=schemas.ActorList)
def list_actors(request: Request, lang: Lang = None,
                actor_type: str | None = Query(None, description="Actor type; narrower types match too. " + FILTER_HELP),
                q: str | None = Query(None, description="Text in the name, sv or en (accent- and case-insensitive)."),
                limit: int = Query(100, ge=1, le=1000), offset: Offset = 0,
                catalogue: Catalogue = Depends(get_catalogue)):
    """Actors by name, with their types and how many initiatives each takes part in."""
    _check_parameters(request, {"lang", "actor_type", "q", "limit", "offset"})
    q = query_text(q, request.app.state.settings.query_text_max)
    language = choose_language(lang, request.headers.get("accept-language"))
    return JSONResponse(list_actor_summaries(catalogue, language, actor_type, q, limit, offset))


@router.get("/actors/{slug}", name="api_actor", response_model=schemas.Actor)
def get_actor(slug: str, request: Request, lang: Lang = None, catalogue: Catalogue = Depends(get_catalogue)):
    """One actor, its initiatives, its roles there and the exchanges it takes part in."""
    language = choose_language(lang, request.headers.get("accept-language"))
    iri = record_name("actor", slug)  # 404 for what cannot be a slug
    graph = catalogue.store.graph(iri, light=True)  # read once, for the view and its ETag
    if not len(graph):
        refuse_withdrawn_record(request, iri, "actor", slug)  # 410 for a withdrawn record, else the view's 404
    view = actor_view(catalogue.store, catalogue.labels, slug, language, graph)
    tag = request.app.state.curation.published_etag(iri, graph)
    return JSONResponse(view, headers={"ETag": tag} if tag else {})


@router.get("/concepts", name="api_concepts", response_model=schemas.ConceptList)
def list_concepts(request: Request, scheme: str | None = None, q: str | None = None, lang: Lang = None,
                  catalogue: Catalogue = Depends(get_catalogue)):
    """Concepts of the SKOS schemes, found by any label in either language, with broader and narrower."""
    _check_parameters(request, {"scheme", "q", "lang"})
    q = query_text(q, request.app.state.settings.query_text_max)
    language = choose_language(lang, request.headers.get("accept-language"))
    return JSONResponse({"items": catalogue.concepts.find(catalogue.labels, scheme, q, language)})


@router.get("/places", name="api_places", response_model=schemas.PlaceList)
def places(request: Request, q: str | None = Query(None, description="Text in the name (accent- and case-insensitive): "
                                                   "exact names first, then word prefixes, then the rest."),
           kind: str | None = Query(None, description="municipality or county.", json_schema_extra={"enum": list(PLACE_KINDS)}),
           lang: Lang = None, limit: int = Query(50, ge=1, le=500), offset: Offset = 0,
           catalogue: Catalogue = Depends(get_catalogue)):
    """Municipalities and counties by name, with their slugs (for the municipality and region filters), counties,
    and how many initiatives and actors each has."""
    _check_parameters(request, {"q", "kind", "lang", "limit", "offset"})
    q = query_text(q, request.app.state.settings.query_text_max)
    language = choose_language(lang, request.headers.get("accept-language"))
    return JSONResponse(list_places(catalogue, q, kind, language, limit, offset))


@router.get("/stats", name="api_stats", response_model=schemas.Statistics)
def stats(request: Request, lang: Lang = None, catalogue: Catalogue = Depends(get_catalogue)):
    """Counts of initiatives, actors, exchanges by category and status, factors and sources."""
    _check_parameters(request, {"lang"})
    language = choose_language(lang, request.headers.get("accept-language"))
    return JSONResponse(catalogue_stats(catalogue.store, catalogue.labels, language))
