"""410 Gone for a record withdrawn from publication, for the routes that serve records (catalogue/withdrawals.py)."""

from __future__ import annotations

from fastapi import Request

from catalogue.withdrawals import refuse_withdrawn

from .deps import public_base


def refuse_withdrawn_record(request: Request, iri: str, kind: str = "record", slug: str | None = None) -> None:
    """Raise Gone (410, with the feed page of its history) when ``iri`` was withdrawn; else return."""
    settings = request.app.state.settings
    refuse_withdrawn(request.app.state.database, iri, kind, slug or iri, settings.feed_page_size, public_base(request))
