"""A read-only deployment (a replica): every write is refused with 403, before any route runs."""

from __future__ import annotations

from fastapi import FastAPI, Request

from .errors import render_error

#: POST routes that only read (a SPARQL query in a form, a similarity profile).
READING_POSTS = ("/sparql", "/api/similar")


def refuse_writes(app: FastAPI, primary_feed: str) -> None:
    where = primary_feed.rsplit("/feed", 1)[0] if primary_feed else ""
    hint = f" Write to the primary at {where}." if where else " Write to the primary."

    @app.middleware("http")
    async def read_only(request: Request, call_next):
        method = request.method
        if method in ("GET", "HEAD", "OPTIONS") or (method == "POST" and request.url.path in READING_POSTS):
            return await call_next(request)
        return render_error(request, 403, f"This is a read-only replica: {method} {request.url.path} is refused.{hint}")
