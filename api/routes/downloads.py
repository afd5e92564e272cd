"""Listings to download as spreadsheets: /api/initiatives.{csv,xlsx} and /api/actors.{csv,xlsx}.

The same filters as /api/initiatives and /api/actors (and as strict: an unknown parameter is a
400), every matching row rather than one page. Formats: see catalogue/downloads.py.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from catalogue.downloads import MEDIA_TYPES, actors_table, initiatives_table, render
from catalogue.errors import BadRequest, NotFound
from catalogue.facets import FACETS
from catalogue.listing import list_actor_summaries, search_initiatives
from catalogue.service import Catalogue

from ..deps import get_catalogue, public_base
from ..edge import MAX_YEAR, MIN_YEAR, bounded_int, one_of, query_text
from ..language import choose_language
from . import json_api
from .json_api import LIST_PARAMETERS

router = APIRouter(prefix="/api", tags=["JSON API"])
SUFFIXES = tuple(MEDIA_TYPES)
#: The parameters of /api/initiatives a download reads (all but the page: limit and offset).
INITIATIVE_PARAMETERS = LIST_PARAMETERS - {"limit", "offset"}
ACTOR_PARAMETERS = {"lang", "actor_type", "q"}
#: The most rows a download holds (far beyond the catalogue; a bound on the work of one request).
MAX_ROWS = 100_000
_DOWNLOAD = {200: {"description": "The listing as a spreadsheet: CSV (UTF-8 with BOM, `;`-separated) or XLSX.",
                   "content": {t.split(";")[0]: {} for t in MEDIA_TYPES.values()}}}
_TRUE, _FALSE = {"true", "1", "yes", "on"}, {"false", "0", "no", "off"}


def _check(request: Request, allowed: set[str]) -> None:
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise BadRequest(f"Unknown parameter {unknown[0]!r}. Accepted: {', '.join(sorted(allowed))}.",
                         parameter=unknown[0], accepted=sorted(allowed))


def _suffix(suffix: str) -> str:
    if suffix not in SUFFIXES:
        raise NotFound(f"No download '.{suffix[:20]}'. Use .csv or .xlsx.")
    return suffix


def _flag(raw: str, name: str) -> bool:
    if raw.lower() in _TRUE:
        return True
    if raw.lower() in _FALSE:
        return False
    raise BadRequest(f"{name} must be true or false.", parameter=name)


def _number(raw: str, name: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    bound = json_api.MAX_OUTCOME
    if not -bound <= value <= bound:
        raise BadRequest(f"{name} must be a number from {-bound:g} to {bound:g}.", parameter=name)
    return value


def _file(body: bytes, suffix: str, stem: str) -> Response:
    return Response(body, media_type=MEDIA_TYPES[suffix],
                    headers={"Content-Disposition": f'attachment; filename="symbios-{stem}.{suffix}"',
                             "Cache-Control": "no-cache"})


@router.get("/initiatives.{suffix}", name="api_initiatives_download", response_class=Response, responses=_DOWNLOAD)
def download_initiatives(request: Request, suffix: str = one_of(SUFFIXES, "csv or xlsx."),
                         catalogue: Catalogue = Depends(get_catalogue)):
    """Every initiative matching the filters of /api/initiatives (limit and offset aside) as CSV or XLSX: name,
    page, IRI, kinds, status, municipalities, counties, start year, resource types and actors."""
    suffix = _suffix(suffix)
    _check(request, INITIATIVE_PARAMETERS)
    params = request.query_params
    language = choose_language(params.get("lang"), request.headers.get("accept-language"))
    filters = {facet: [v for v in params.getlist(facet) if v] for facet in FACETS}
    extra = {}  # the listing's options, passed only when asked for (as /api/initiatives reads them)
    if "actor_parts" in params:
        extra["actor_parts"] = _flag(params.get("actor_parts"), "actor_parts")
    if "outcome_min" in params:
        extra["outcome_min"] = _number(params.get("outcome_min"), "outcome_min")
    if params.get("outcome_unit"):
        if len(params["outcome_unit"]) > 100:
            raise BadRequest("outcome_unit is at most 100 characters.", parameter="outcome_unit", limit=100)
        extra["outcome_unit"] = params["outcome_unit"]
    listing = search_initiatives(
        catalogue, filters, query_text(params.get("q"), request.app.state.settings.query_text_max),
        bounded_int(params.get("started_before"), "started_before", MIN_YEAR, MAX_YEAR),
        bounded_int(params.get("started_after"), "started_after", MIN_YEAR, MAX_YEAR),
        params.get("sort") or None, language, MAX_ROWS, 0, **extra)
    table = initiatives_table(catalogue, listing, public_base(request), language)
    return _file(render(table, suffix), suffix, "initiativ" if language == "sv" else "initiatives")


@router.get("/actors.{suffix}", name="api_actors_download", response_class=Response, responses=_DOWNLOAD)
def download_actors(request: Request, suffix: str = one_of(SUFFIXES, "csv or xlsx."),
                    catalogue: Catalogue = Depends(get_catalogue)):
    """Every actor matching the filters of /api/actors (`actor_type`, `q`; limit and offset aside) as CSV or XLSX:
    name, page, IRI, actor types and number of initiatives."""
    suffix = _suffix(suffix)
    _check(request, ACTOR_PARAMETERS)
    params = request.query_params
    language = choose_language(params.get("lang"), request.headers.get("accept-language"))
    listing = list_actor_summaries(catalogue, language, params.get("actor_type") or None,
                                   query_text(params.get("q"), request.app.state.settings.query_text_max), MAX_ROWS, 0)
    table = actors_table(listing, public_base(request), language)
    return _file(render(table, suffix), suffix, "aktorer" if language == "sv" else "actors")
