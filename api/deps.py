"""Dependencies that routes receive: the store and the settings of this app."""

from __future__ import annotations

from fastapi import Request

from catalogue.settings import Settings
from catalogue.store import Store


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def public_base(request: Request) -> str:
    """The deployment's public base URL, without a trailing slash: SYMBIOS_BASE_IRI when set (behind a
    proxy the app cannot see it), else the address the request came to. Record and concept IRIs stay
    under https://w3id.org/symbios/, which redirects to this base."""
    return (request.app.state.settings.base_iri or str(request.base_url)).rstrip("/")


def get_catalogue(request: Request):
    return request.app.state.catalogue
