"""Pages about the catalogue itself: /about (what it covers, who curates it and how, the licence,
how to cite a record, contact, the machine interfaces), with a JSON twin (issue 21, item 8)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from catalogue.citation import LICENCE, LICENCE_URL, PATTERN, citation
from catalogue.service import Catalogue
from catalogue.settings import Settings
from catalogue.statistics import catalogue_counts

from ..deps import get_catalogue
from ..language import request_page_language
from ..negotiation import best_match
from ..responses import JSONResponse

router = APIRouter(include_in_schema=False)
#: The placeholder contact of Settings: shown as "not set yet" with how to set it.
PLACEHOLDER_CONTACT = Settings().contact_email
#: The example record the about page cites (when the catalogue has it).
EXAMPLE = ("initiative", "https://w3id.org/symbios/id/initiative/kemiklustret-stenungsund")


def _contact(settings: Settings) -> dict:
    """SYMBIOS_CONTACT as something to show: a mail address, a web address, or text (a postal address)."""
    value = settings.contact_email.strip()
    if not value or value == PLACEHOLDER_CONTACT:
        return {"set": False, "setting": "SYMBIOS_CONTACT"}
    if value.startswith("mailto:"):
        return {"set": True, "href": value, "text": value.removeprefix("mailto:")}
    if value.startswith(("https://", "http://")):
        return {"set": True, "href": value, "text": value}
    return {"set": True, "href": None, "text": value}


def about_data(catalogue: Catalogue, settings: Settings, lang: str, modified_at=lambda iri: None) -> dict:
    """What the about page says, as plain data (its JSON twin); ``modified_at(iri)``: when a record last
    changed (for the example citation)."""
    iri = EXAMPLE[1]
    example = citation(catalogue.labels.get(iri, lang), iri, modified_at(iri), lang) if catalogue.store.has_graph(iri) else None
    return {
        "counts": catalogue_counts(catalogue.store),
        "publisher": settings.publisher_name,
        "licence": {"name": LICENCE, "url": LICENCE_URL},
        "citation_pattern": PATTERN["en" if lang == "en" else "sv"],
        "citation_example": example,
        "contact": _contact(settings),
        "interfaces": {"search": "/", "api": "/docs", "sparql": "/sparql", "feed": "/feed", "catalog": "/catalog",
                       "dumps": [f"/export/catalogue.{s}" for s in ("ttl", "jsonld", "nt", "trig", "nq")],
                       "initiatives_csv": "/api/initiatives.csv", "initiatives_xlsx": "/api/initiatives.xlsx",
                       "actors_csv": "/api/actors.csv", "actors_xlsx": "/api/actors.xlsx"},
    }


@router.get("/about", name="about")
def about(request: Request, catalogue: Catalogue = Depends(get_catalogue)) -> Response:
    """About the catalogue: coverage, curation, licence, citation, contact; JSON by Accept."""
    lang = request_page_language(request)
    data = about_data(catalogue, request.app.state.settings, lang, request.app.state.curation.modified_at)
    headers = {"Vary": "Accept, Accept-Language", "Link": '</about>; rel="alternate"; type="application/json"'}
    if best_match(request.headers.get("accept"), ["text/html", "application/json"]) == "application/json":
        return JSONResponse(data, headers=headers)
    return request.app.state.templates.TemplateResponse(request, "about.html", {"lang": lang, **data},
                                                        headers=headers)
