"""create_app(settings) -> the Symbios web application."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.templating import Jinja2Templates

from catalogue import __version__
from catalogue.service import Catalogue
from catalogue.settings import Settings
from catalogue.store import Store

from . import errors
from .routes import json_api, pages, resources, sparql

TEMPLATES = Path(__file__).parent / "templates"


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """Build the app over the store named in ``settings`` (or an already open ``store``)."""
    settings = settings or Settings.from_env()
    app = FastAPI(
        title="Symbios",
        version=__version__,
        description="Catalogue and knowledge graph of industrial and urban symbiosis initiatives.",
    )
    app.state.settings = settings
    app.state.store = store or Store.open(settings.store_location)
    app.state.catalogue = Catalogue(app.state.store)
    app.state.templates = Jinja2Templates(directory=str(TEMPLATES))
    errors.install(app)
    # Routers in URL order: pages, /api, /id /concept /def /export, /sparql.
    app.include_router(pages.router)
    app.include_router(json_api.router)
    app.include_router(resources.router)
    app.include_router(sparql.router)
    return app
