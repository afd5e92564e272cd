"""Dependencies that routes receive: the store and the settings of this app."""

from __future__ import annotations

from fastapi import Request

from catalogue.settings import Settings
from catalogue.store import Store


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_catalogue(request: Request):
    return request.app.state.catalogue
