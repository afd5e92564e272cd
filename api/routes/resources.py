"""Dereferenceable IRIs: /id/{type}/{slug}, /concept/{scheme}/{slug}, /def, and the dumps."""

from __future__ import annotations


from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response, StreamingResponse

from catalogue.errors import NotFound
from catalogue.export import FORMATS as DUMP_FORMATS
from catalogue.export import export_dump
from catalogue.labels import Labels
from catalogue.listing import search_initiatives
from catalogue.namespaces import PREFIXES
from catalogue.rdf_input import context
from catalogue.resources import KINDS, concept_graph, ontology_graph, read_record, with_prefixes
from catalogue.service import Catalogue
from catalogue.initiative_page import initiative_page
from catalogue.views import actor_view, initiative_view, plain_view
from catalogue.record_pages import actor_page_view, place_view, source_view
from catalogue.concept_browser import concept_page, scheme_index, scheme_tree, schemes_graph
from catalogue.ontology_page import alignment_graph, ontology_version_graph, ontology_view

from ..deps import get_catalogue, public_base
from ..edge import Lang, one_of
from ..language import page_language
from ..representation import FORMATS, RDF_FORMATS, documented, represent
from ..responses import JSONResponse
from ..withdrawn import refuse_withdrawn_record

router = APIRouter(tags=["Linked data"])
#: Which search facet finds the initiatives that use a concept of a scheme.
CONCEPT_FACETS = {"resource-types": "resource", "initiative-kinds": "kind", "initiative-status": "status",
                  "barrier-types": "barrier", "driver-types": "driver", "actor-types": "actor_type",
                  "actor-roles": "role", "exchange-status": "exchange_status", "funding-programmes": "programme"}


#: Record kinds with their own page view (catalogue.record_pages), by kind.
RECORD_PAGES = {"place": place_view, "source": source_view, "actor": actor_page_view}


def split_suffix(name: str) -> tuple[str, str | None]:
    stem, dot, suffix = name.rpartition(".")
    return (stem, suffix) if dot and suffix in FORMATS else (name, None)


CONCEPT_IRI = "https://w3id.org/symbios/concept"


def described(iri: str, path: str) -> dict:
    """What an HTML page describes, for base.html: the IRI it shows, and its RDF at ``path`` + suffix
    (``<link rel="alternate">`` in the head; the same alternates go in the HTTP Link header)."""
    return {"iri": iri, "path": path}


def _page(request: Request, template: str, context: dict) -> Response:
    return request.app.state.templates.TemplateResponse(request, template, context)


@router.get("/id/{kind}/{name}", name="record", responses=documented("html", *RDF_FORMATS, "json"))
def record(name: str, request: Request, kind: str = one_of(KINDS, "The type of record."), lang: Lang = None, catalogue: Catalogue = Depends(get_catalogue)):
    """A record: HTML for browsers; Turtle, JSON-LD, N-Triples, RDF/XML or JSON by Accept or suffix."""
    slug, suffix = split_suffix(name)
    graph, tag = read_record(catalogue.store, kind, slug,  # 404 (410 if withdrawn) before anything else
                             lambda iri: refuse_withdrawn_record(request, iri, kind, slug))
    language = page_language(lang, request.headers.get("accept-language"))  # lenient: a shared link
    views = {"initiative": initiative_view, "actor": actor_view}
    make = views.get(kind)
    data = (lambda: make(catalogue.store, catalogue.labels, slug, language, graph)) if make else (
        lambda: plain_view(graph, catalogue.labels, f"https://w3id.org/symbios/id/{kind}/{slug}", language))
    template = f"{kind}.html" if make else "resource.html"
    if kind in RECORD_PAGES:  # places, sources and actors: their own views and pages (#21 item 3)
        data, template = (lambda: RECORD_PAGES[kind](catalogue, slug, language, graph)), f"{kind}.html"

    def html() -> Response:
        item = data()
        context = {"lang": language, "item": item, "kind": kind, "path": f"/id/{kind}/{slug}",
                   "described": described(f"https://w3id.org/symbios/id/{kind}/{slug}", f"/id/{kind}/{slug}")}
        if kind == "initiative":  # summary, numbered references, symbiosis map, citation (#21 item 6)
            context["page"] = initiative_page(catalogue, item, language, modified)
        return _page(request, template, context)

    modified = request.app.state.curation.modified_at(f"https://w3id.org/symbios/id/{kind}/{slug}")
    return represent(request, lambda: with_prefixes(graph), f"/id/{kind}/{slug}", suffix, html=html, json=data,
                     last_modified=modified, tag=tag,
                     variant=f"{language}-{catalogue.version}")


@router.get("/concept", name="schemes", responses=documented("html", *RDF_FORMATS, "json"))
def schemes(request: Request, lang: Lang = None, catalogue: Catalogue = Depends(get_catalogue)):
    """The concept schemes (vocabularies) with their titles, descriptions and sizes."""
    return _schemes(request, None, lang, catalogue)


@router.get("/concept.{suffix}", name="schemes_suffix", responses=documented(*RDF_FORMATS, "json"))
def schemes_in(request: Request, suffix: str = one_of((*RDF_FORMATS, "json"), "The format."), lang: Lang = None,
               catalogue: Catalogue = Depends(get_catalogue)):
    """The concept schemes in one format: .ttl .jsonld .nt .rdf .json."""
    return _schemes(request, suffix, lang, catalogue)


def _schemes(request: Request, suffix: str | None, lang: str | None, catalogue: Catalogue) -> Response:
    language = page_language(lang, request.headers.get("accept-language"))
    items = lambda: scheme_index(catalogue, CONCEPT_FACETS, language)
    return represent(request, lambda: schemes_graph(catalogue), "/concept", suffix, variant=f"{language}-{catalogue.version}",
                     html=lambda: _page(request, "schemes.html", {"lang": language, "data": items(), "path": "/concept",
                                                                 "described": described(CONCEPT_IRI, "/concept")}),
                     json=items)


@router.get("/concept/{scheme}", name="scheme", responses=documented("html", *RDF_FORMATS, "json"))
def scheme(scheme: str, request: Request, lang: Lang = None, catalogue: Catalogue = Depends(get_catalogue)):
    """A concept scheme with all its concepts."""
    name, suffix = split_suffix(scheme)
    graph = concept_graph(catalogue.store, name)
    language = page_language(lang, request.headers.get("accept-language"))  # lenient: a shared link
    items = lambda: scheme_tree(catalogue, name, CONCEPT_FACETS.get(name), language)
    return represent(request, graph, f"/concept/{name}", suffix, variant=f"{language}-{catalogue.version}",
                     html=lambda: _page(request, "scheme.html", {"lang": language, "data": items(), "path": f"/concept/{name}",
                                                                "described": described(f"{CONCEPT_IRI}/{name}", f"/concept/{name}")}),
                     json=items)


@router.get("/concept/{scheme}/{name}", name="concept", responses=documented("html", *RDF_FORMATS, "json"))
def concept(scheme: str, name: str, request: Request, lang: Lang = None, catalogue: Catalogue = Depends(get_catalogue)):
    """One concept with its broader and narrower concepts and the initiatives that use it."""
    slug, suffix = split_suffix(name)
    graph = concept_graph(catalogue.store, scheme, slug)
    language = page_language(lang, request.headers.get("accept-language"))  # lenient: a shared link
    iri = f"https://w3id.org/symbios/concept/{scheme}/{slug}"
    facet = CONCEPT_FACETS.get(scheme)
    data = lambda: concept_page(catalogue, scheme, slug, facet, language)

    def html() -> Response:
        context = {"lang": language, "item": data(), "path": f"/concept/{scheme}/{slug}", "facet": facet,
                   "described": described(iri, f"/concept/{scheme}/{slug}")}
        if facet:  # the initiatives that use this concept or a narrower one
            context["initiatives"] = search_initiatives(catalogue, {facet: [iri]}, None, None, None, "label",
                                                        language, 500, 0)["items"]
        return _page(request, "concept.html", context)

    return represent(request, graph, f"/concept/{scheme}/{slug}", suffix, html=html, json=data,
                     variant=f"{language}-{catalogue.version}")


@router.get("/def", name="ontology", response_class=Response, responses=documented("html", *RDF_FORMATS))
def ontology(request: Request, lang: Lang = None, catalogue: Catalogue = Depends(get_catalogue)):
    """The Symbios ontology: a page for browsers (its classes and properties in sv or en), Turtle
    otherwise, or JSON-LD, N-Triples, RDF/XML by Accept."""
    language = page_language(lang, request.headers.get("accept-language"))
    page = lambda: _page(request, "ontology.html", {"lang": language, "path": "/def",
                                                    "data": ontology_view(catalogue.store, catalogue.labels, language)})
    return represent(request, lambda: ontology_graph(catalogue.store), "/def", None, html=page, default="ttl",
                     variant=f"{language}-{catalogue.version}")


@router.get("/def.{suffix}", name="ontology_suffix", response_class=Response, responses=documented(*RDF_FORMATS))
def ontology_in(request: Request, suffix: str = one_of(RDF_FORMATS, "The format."),
                catalogue: Catalogue = Depends(get_catalogue)):
    """The Symbios ontology in one format: .ttl .jsonld .nt .rdf."""
    return represent(request, ontology_graph(catalogue.store), "/def", suffix)


@router.get("/def/{version}", name="ontology_version", response_class=Response, responses=documented(*RDF_FORMATS))
def ontology_at_version(version: str, request: Request, catalogue: Catalogue = Depends(get_catalogue)):
    """The ontology at its version IRI (owl:versionIRI), the current version only; a suffix picks the format."""
    name, suffix = split_suffix(version)
    return represent(request, with_prefixes(ontology_version_graph(catalogue.store, name)), f"/def/{name}", suffix)


@router.get("/alignments/{name}", name="alignment", response_class=Response, responses=documented(*RDF_FORMATS))
def alignment(name: str, request: Request, catalogue: Catalogue = Depends(get_catalogue)):
    """A mapping of Symbios terms and concepts to another vocabulary, as the ontology imports it."""
    slug, suffix = split_suffix(name)
    return represent(request, with_prefixes(alignment_graph(catalogue.store, slug)), f"/alignments/{slug}", suffix)


@router.get("/context.jsonld", name="jsonld_context", response_class=Response,
            responses=documented(media_types=("application/ld+json",), cached=False))
async def jsonld_context():
    """The JSON-LD @context used by the JSON-LD representations (a write may name it, by its IRI
    https://w3id.org/symbios/context.jsonld: the server knows it without fetching)."""
    return JSONResponse(context(), media_type="application/ld+json")


@router.get("/export/catalogue.{suffix}", name="dump", response_class=Response,
            responses=documented(media_types=tuple(dict.fromkeys(f[1] for f in DUMP_FORMATS.values()))))
def dump(request: Request, suffix: str = one_of(DUMP_FORMATS, "The format of the dump."), catalogue: Catalogue = Depends(get_catalogue)):
    """The whole catalogue as a dump: .ttl, .nt, .jsonld, .trig or .nq (TriG and N-Quads keep one graph per record).

    Streamed one graph at a time (JSON-LD excepted); the ETag names the catalogue's current state.
    """
    if suffix not in DUMP_FORMATS:
        raise NotFound(f"No dump '.{suffix}'. Dumps: {', '.join('/export/catalogue.' + s for s in DUMP_FORMATS)}.")
    tag = f'"{catalogue.version}-{suffix}"'
    headers = {"ETag": tag, "Content-Disposition": f'inline; filename="symbios-catalogue.{suffix}"'}
    if tag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    media_type = DUMP_FORMATS[suffix][1]
    if suffix == "jsonld":
        return Response(export_dump(catalogue.store, suffix), media_type=media_type, headers=headers)
    return StreamingResponse(catalogue.store.serialize_graphs(suffix, PREFIXES), media_type=media_type, headers=headers)


__all__ = ["router", "Labels"]


@router.get("/catalog", name="catalog", response_class=Response, responses=documented(*RDF_FORMATS))
def catalog(request: Request, catalogue: Catalogue = Depends(get_catalogue)):
    """The DCAT-AP-SE description of the catalogue: dataset, dump distributions, SPARQL data service."""
    from catalogue.dcat import catalogue_description
    from catalogue.statistics import catalogue_counts

    graph = catalogue_description(request.app.state.settings, public_base(request), catalogue_counts(catalogue.store))
    return represent(request, graph, "/catalog", None)


@router.get("/.well-known/void", name="void", response_class=Response, responses=documented(*RDF_FORMATS))
def void(request: Request, catalogue: Catalogue = Depends(get_catalogue)):
    """VoID description: SPARQL endpoint, dumps, URI space, size."""
    from catalogue.dcat import void_description
    from catalogue.statistics import catalogue_counts

    graph = void_description(public_base(request), catalogue_counts(catalogue.store), len(catalogue.store))
    return represent(request, graph, "/.well-known/void", None)
