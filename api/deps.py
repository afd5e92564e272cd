"""Dependencies that routes receive: the store and the settings of this app.

They only read the app's state, so they are ``async``: FastAPI runs a plain ``def`` dependency in its
thread pool, one more thread hop on every request."""

from __future__ import annotations

from fastapi import Request

from catalogue.settings import Settings
from catalogue.store import Store


async def get_store(request: Request) -> Store:
    return request.app.state.store


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def public_base(request: Request) -> str:
    """The deployment's public base URL, without a trailing slash: SYMBIOS_BASE_IRI when set (behind a
    proxy the app cannot see it), else the address the request came to. Record and concept IRIs stay
    under https://w3id.org/symbios/, which redirects to this base."""
    return (request.app.state.settings.base_iri or str(request.base_url)).rstrip("/")


async def get_catalogue(request: Request):
    return request.app.state.catalogue


async def get_public_queries(request: Request):
    """Where /sparql's queries run: worker processes under the endpoint's limits."""
    return request.app.state.public_queries
