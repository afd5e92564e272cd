"""CORS on the public read side only (#22 item 3): browser tools on another origin (YASGUI, Comunica,
the JSON-LD playground, LDES viewers) may read /sparql, /id/…, /concept/…, /def, /context.jsonld,
/export/…, /feed, /catalog, /.well-known/void and the JSON API's reads; nothing else.

Starlette's :class:`~starlette.middleware.cors.CORSMiddleware` writes the headers and answers the
preflights (#22 item 7); :class:`PublicCORS` decides, per route and method, whether a request reaches
it. A route is public when its OpenAPI tag is one of :data:`PUBLIC_TAGS`; those routes need no
credentials (a test checks that none of them depends on a token or a session). Any origin, never with
credentials: ``Access-Control-Allow-Origin: *`` without ``Allow-Credentials`` (a browser then sends no
cookie and shows no answer a cookie was sent for), and ``Authorization`` is not among the headers a
preflight allows. A request for any other route (curation, accounts, operations, log-in, the
curators' pages, the Graph Store Protocol) passes by untouched: no CORS header on its answer, and its
preflight is answered by the routes as any OPTIONS is (405), which a browser takes as a refusal.
"""

from __future__ import annotations

from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Match

#: The OpenAPI tags of the public read side.
PUBLIC_TAGS = frozenset({"Linked data", "JSON API", "SPARQL", "Change feed", "Reconciliation"})
#: Request headers a cross-origin client may send besides the CORS-safelisted ones.
ALLOWED_HEADERS = ("If-None-Match", "If-Modified-Since")
#: Answer headers a cross-origin script may read besides the safelisted ones (Content-Type, Cache-Control …).
EXPOSED_HEADERS = ("ETag", "Link", "Content-Disposition", "Retry-After", "Vary")
#: Seconds a browser may keep a preflight's answer (Chromium keeps it at most 2 hours).
PREFLIGHT_MAX_AGE = 7200


def routes_of(routes) -> list:
    """Every route of an app, the included routers' routes in their place."""
    found = []
    for route in routes:
        nested = getattr(route, "original_router", None)
        found.extend(routes_of(nested.routes) if nested is not None else [route])
    return found


def is_public(route) -> bool:
    return bool(PUBLIC_TAGS & set(getattr(route, "tags", None) or ()))


class PublicCORS:
    """ASGI middleware: a request for a public route goes through Starlette's CORS middleware; others
    go straight on. ``app_routes`` gives the app's routes (read on the first request, when every
    router is included)."""

    def __init__(self, app, app_routes) -> None:
        self.app = app
        self.cors = CORSMiddleware(app, allow_origins=["*"], allow_credentials=False,
                                   allow_methods=["GET", "HEAD", "POST"], allow_headers=ALLOWED_HEADERS,
                                   expose_headers=EXPOSED_HEADERS, max_age=PREFLIGHT_MAX_AGE)
        self._app_routes = app_routes
        self._public: list | None = None

    def _public_route_for(self, scope, method: str) -> bool:
        if self._public is None:
            self._public = [route for route in routes_of(self._app_routes()) if is_public(route)]
        probe = {**scope, "method": "GET" if method == "HEAD" else method}
        return any(route.matches(probe)[0] is Match.FULL for route in self._public)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if method == "OPTIONS":  # a preflight names the method it asks for
            requested = next((value for name, value in scope["headers"] if name == b"access-control-request-method"),
                             None)
            method = requested.decode("latin-1").upper() if requested else None
        if method and self._public_route_for(scope, method):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)
