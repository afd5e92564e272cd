"""create_app(settings) -> the Symbios web application."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from fastapi import FastAPI
from fastapi.templating import Jinja2Templates

from catalogue import __version__
from catalogue.accounts import Accounts
from catalogue.curation import Curation
from catalogue.database import Database
from catalogue.data_files import record_origins
from catalogue.graph_store import RecordGraphs
from catalogue.loading import validator_for
from catalogue.store.public import PublicQueries
from catalogue.replication import start_following
from catalogue.service import Catalogue
from catalogue.sessions import Sessions
from catalogue.source_texts import SourceTexts
from catalogue.settings import Settings
from catalogue.store import Store

from . import errors, replica
from .compression import Compression
from .cors import PublicCORS
from .edge import PathCheck
from .head import HeadAsGet
from .language import language_url
from .security_headers import SecurityHeaders, security_headers
from .static_files import CachedStaticFiles, Versions
from .routes import (accounts, api_docs, curation, curator_pages, review_pages, feed, finding_pages, graph_store, json_api,
                     operations, pages, resources, sparql)
from .routes import statistics_page
from .routes import info_pages
from .routes import downloads
from .routes import inline_actor
from .routes import suggestions
from .routes import source_text
from .routes import source_pages
from .routes import reconciliation

TEMPLATES = Path(__file__).parent / "templates"
#: The sections of /docs, in this order (readers first, then curators).
TAGS = [
    {"name": "JSON API", "description": "Initiatives with filters and facet counts, actors, concepts, statistics, "
                                        "similar initiatives and opportunities."},
    {"name": "Linked data", "description": "Record, concept and ontology IRIs by content negotiation, the dumps, "
                                           "the DCAT-AP-SE catalogue description and VoID."},
    {"name": "SPARQL", "description": "The SPARQL 1.1 Protocol endpoint: public, read-only, with a time limit and "
                                      "a row cap."},
    {"name": "Change feed", "description": "Every published version and withdrawal, in order (LDES), for harvesters "
                                           "and replicas."},
    {"name": "Curation", "description": "Drafts, review, publication, history and restore of records (curators)."},
    {"name": "Accounts", "description": "Curator accounts and their tokens (administrators)."},
    {"name": "Operations", "description": "An online backup of the running catalogue (administrators)."},
    {"name": "Graph Store Protocol", "description": "SPARQL 1.1 Graph Store HTTP Protocol over the record graphs "
                                                    "(reads public, writes for curators)."},
]
STATIC = Path(__file__).parent / "static"


@asynccontextmanager
async def _lifespan(app: FastAPI):
    yield
    app.state.public_queries.close()  # its worker processes and the store snapshots they read


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """Build the app over the store named in ``settings`` (or an already open ``store``)."""
    settings = settings or Settings.from_env()
    app = FastAPI(
        title="Symbios",
        version=__version__,
        description="Catalogue and knowledge graph of industrial and urban symbiosis initiatives.",
        openapi_tags=TAGS,
        responses=errors.ERROR_RESPONSES,
        docs_url=None,  # /docs comes from routes/api_docs, with Swagger UI from this server instead of a CDN
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.store = store if store is not None else Store.from_settings(settings)  # an empty store is falsy (len 0)
    app.state.public_queries = PublicQueries(app.state.store, settings)
    app.state.catalogue = Catalogue(app.state.store, settings.similarity_weights)
    app.state.templates = Jinja2Templates(directory=str(TEMPLATES))
    app.state.templates.env.globals["language_url"] = language_url  # base.html's language switch
    versions = Versions(STATIC)
    app.state.templates.env.globals["static"] = versions.url  # /static/x.js?v=<hash>: cached a year (api/static_files.py)
    # the maps' tile server (SYMBIOS_MAP_TILES, "" = none), for _basemap.html on every page with a map
    app.state.templates.env.globals["map_tiles"] = {"url": settings.map_tiles, "attribution": settings.map_attribution}
    database = Database(settings.curation_location or Path(tempfile.mkdtemp(prefix="symbios-")) / "curation.sqlite",
                        busy_timeout=settings.db_busy_timeout)
    app.state.write_workers = ThreadPoolExecutor(settings.write_workers, "symbios-write")  # see routes/curation.run_write
    app.state.database = database
    app.state.accounts = Accounts(database)
    app.state.sessions = Sessions(database, app.state.accounts)
    app.state.source_texts = SourceTexts(settings.source_texts_location, settings.data_dir / "sources" / "texts",
                                         settings.sources_dir)
    app.state.curation = Curation(
        app.state.store, database, lambda: validator_for(settings), on_publish=app.state.catalogue.changed,
        texts=app.state.source_texts,
    )
    app.state.graph_store = RecordGraphs(app.state.curation)
    read_only = settings.read_only or bool(settings.follow)
    repaired = [] if read_only else app.state.curation.recover()  # a write killed mid-way, or a `symbios load`, left the store off the log
    if repaired:  # the curation log wins for every record it has published or withdrawn (README: data/ and the curation log)
        logging.getLogger("symbios").warning(
            "Put %d record(s) back to their last published or withdrawn version in the curation log, which wins over "
            "data/ for every record it holds (data/ or an interrupted write differed): %s. Run `symbios export "
            "--to-data` to write the published records to data/.", len(repaired), ", ".join(sorted(repaired)[:10]))
    app.state.record_origins = record_origins(app.state.store, database)  # `symbios serve` prints its summary
    errors.install(app)
    app.add_middleware(PathCheck)  # a control character in the path: 404 before any route sees it
    app.add_middleware(Compression, minimum_size=settings.compress_min_bytes)  # inside HeadAsGet: HEAD has GET's headers
    app.add_middleware(HeadAsGet)
    if read_only:
        replica.refuse_writes(app, settings.follow)
    app.add_middleware(PublicCORS, app_routes=lambda: app.routes)  # the public read side only (api/cors.py)
    app.add_middleware(SecurityHeaders, headers=security_headers(settings))  # outside the others: on every answer
    if settings.follow:
        app.state.replica_stop = start_following(app.state.store, settings.follow, settings.follow_interval,
                                                 app.state.catalogue.changed, database)
    app.mount("/static", CachedStaticFiles(directory=str(STATIC), versions=versions), name="static")
    # The read side first: a request is matched against the routers in this order, and each router
    # passed over costs about 0.01 ms, a twentieth of a record page's fixed cost. No two routers
    # answer the same method on the same path, so the order changes nothing else.
    app.include_router(resources.router)  # /id /concept /def /context.jsonld /export /catalog /.well-known/void
    app.include_router(downloads.router)  # /api/initiatives.csv … (before /api/initiatives/{slug})
    app.include_router(json_api.router)  # GET /api/…
    app.include_router(pages.router)
    app.include_router(info_pages.router)  # /about
    app.include_router(finding_pages.router)  # /similar /opportunities and their JSON twins
    app.include_router(sparql.router)
    app.include_router(feed.router)
    app.include_router(reconciliation.router)  # /reconcile: the W3C Reconciliation API
    app.include_router(curation.router)  # writes under /api/…
    app.include_router(accounts.router)
    app.include_router(operations.router)
    app.include_router(graph_store.router)
    app.include_router(inline_actor.router)  # /curate/actors/inline, before /curate/{kind}/{slug}
    app.include_router(suggestions.router)  # POST /curate/sources/{slug}/suggestions
    app.include_router(source_text.router)  # GET /curate/sources/{slug}/text and /quote: the quote picker
    app.include_router(source_pages.router)  # /curate/sources, /curate/sources/new, before /curate/{kind}/{slug}
    app.include_router(curator_pages.router)
    app.include_router(review_pages.router)
    app.include_router(api_docs.router)
    app.include_router(statistics_page.router)  # /stats
    return app
