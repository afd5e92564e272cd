"""The officer's finding pages — /similar ("initiatives like our plans") and /opportunities ("find partners") —
and their JSON twins, GET /api/similar and GET /api/partners (strict on their parameters)."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request

from catalogue.errors import BadRequest
from catalogue.finding import PARTNER_FIELDS, SIMILAR_FIELDS, Finding
from catalogue.matchmaking import DIRECTIONS, MAX_PARTNER_KM
from catalogue.service import Catalogue

from ..deps import get_catalogue
from ..edge import Lang
from ..language import choose_language, request_page_language
from ..negotiation import best_match
from ..responses import JSONResponse

router = APIRouter()
FILTER_HELP = "A slug (e.g. 'waste-heat')."


def _pairs(request: Request) -> list[tuple[str, str]]:
    return list(request.query_params.multi_items())


def _strict(request: Request, allowed: set[str]) -> None:
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise BadRequest(f"Unknown parameter {unknown[0]!r}. Accepted: {', '.join(sorted(allowed))}.",
                         parameter=unknown[0], accepted=sorted(allowed))


def _page(request: Request, template: str, context: dict, twin: str, fields):
    """The page, or its answer as JSON by ``Accept`` (lenient like the page: mistakes under "errors"); links
    carry only the page's own parameters (a newsletter's utm_* would make the strict twin a 400)."""
    known = [(k, v) for k, v in _pairs(request) if k in fields]
    query = urlencode([*known, ("lang", context["lang"])] if "lang" in context else known)
    headers = {"Vary": "Accept, Accept-Language",
               "Link": f'<{twin}{"?" + query if query else ""}>; rel="alternate"; type="application/json"'}
    if best_match(request.headers.get("accept"), ["text/html", "application/json"]) == "application/json":
        return JSONResponse(Finding.page_data(context), headers=headers)
    return request.app.state.templates.TemplateResponse(
        request, template, {**context, "json_twin": f"{twin}?{query}" if query else twin,
                            "page_parameters": known}, headers=headers)


@router.get("/similar", name="similar_page", include_in_schema=False)
def similar_page(request: Request, catalogue: Catalogue = Depends(get_catalogue)):
    """Initiatives like our plans: a GET form (have, need, we_are, actor_type, kind, barrier, driver,
    municipality, region) and the similar initiatives with the shared facts behind each score."""
    lang = request_page_language(request)
    context = Finding(catalogue).similar_page(_pairs(request), lang)
    return _page(request, "similar.html", context, "/api/similar", SIMILAR_FIELDS)


@router.get("/opportunities", name="opportunities_page", include_in_schema=False)
def opportunities_page(request: Request, catalogue: Catalogue = Depends(get_catalogue)):
    """Find partners: actors that receive a resource we have (or provide one we need) near us, with precedents."""
    lang = request_page_language(request)
    context = Finding(catalogue).partners_page(_pairs(request), lang)
    return _page(request, "opportunities.html", context, "/api/partners", PARTNER_FIELDS)


@router.get("/api/similar", name="api_similar_query", tags=["JSON API"])
def similar_query(request: Request,
                  have: list[str] = Query([], description="Resource types we have (we provide them). " + FILTER_HELP),
                  need: list[str] = Query([], description="Resource types we need (we receive them). " + FILTER_HELP),
                  we_are: str | None = Query(None, description="Our actor type, the provider of what we have and "
                                                               "receiver of what we need. " + FILTER_HELP),
                  actor_type: list[str] = Query([], description="Actor types of the plan. " + FILTER_HELP),
                  kind: list[str] = Query([], description="Kinds of initiative. " + FILTER_HELP),
                  barrier: list[str] = Query([], description="Barriers we expect. " + FILTER_HELP),
                  driver: list[str] = Query([], description="Drivers. " + FILTER_HELP),
                  municipality: str | None = Query(None, description="Where we are, e.g. 'stenungsund-kommun'."),
                  region: str | None = Query(None, description="Our county, e.g. 'vastra-gotalands-lan'."),
                  limit: int = Query(5, ge=1, le=50), lang: Lang = None,
                  catalogue: Catalogue = Depends(get_catalogue)):
    """The /similar page's answer as JSON: initiatives like the plan in the query, best first, with the
    shared facts (sv, en). Unknown parameters and values are a 400 naming them."""
    _strict(request, {*SIMILAR_FIELDS, "limit", "lang"})
    language = choose_language(lang, request.headers.get("accept-language"))
    found = Finding(catalogue).similar(_pairs(request), language, strict=True, limit=limit)
    items = [{k: v for k, v in item.items() if k != "reason_texts"} for item in found["items"]]
    return JSONResponse({"profile": found["profile"], "weights": catalogue.similarity.weights, "items": items})


@router.get("/api/partners", name="api_partners", tags=["JSON API"])
def partners(request: Request,
             resource: str = Query(..., description="The resource type we have or need; broader and narrower "
                                                    "types count too. " + FILTER_HELP),
             direction: str = Query("have", description="have: who receives it; need: who provides it.",
                                    json_schema_extra={"enum": list(DIRECTIONS)}),
             municipality: str | None = Query(None, description="Where we are, e.g. 'stenungsund-kommun': "
                                                                "distances are measured from it."),
             region: str | None = Query(None, description="Only actors in this county, e.g. 'vastra-gotalands-lan'."),
             max_km: float | None = Query(None, gt=0, le=MAX_PARTNER_KM,
                                          description="Only actors within this distance of the municipality (km)."),
             limit: int = Query(20, ge=1, le=200), lang: Lang = None,
             catalogue: Catalogue = Depends(get_catalogue)):
    """Actors that receive (direction=have) or provide (direction=need) the resource type or a related one,
    nearest first, each with its municipalities and distances, the initiatives where it already does so,
    and precedents: other initiatives where that kind of resource flows."""
    _strict(request, {*PARTNER_FIELDS, "max_km", "limit", "lang"} - {"within"})
    language = choose_language(lang, request.headers.get("accept-language"))
    return JSONResponse({"items": Finding(catalogue).partners_strict(_pairs(request), max_km, limit, language)})
