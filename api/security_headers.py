"""Security headers on every response (issue 19): what a browser may load and run for a page.

The pages load their scripts, styles and images from this server only and run no inline script
(data for a page's script travels in `<script type="application/json">`, which is not run), so
the Content-Security-Policy allows 'self' and nothing else, except the map tile server that the
deployment names in SYMBIOS_MAP_TILES (by default none: the maps draw the county outline shipped in
/static/vendor/sweden/, fetched from 'self'). No style-src 'unsafe-inline' either: Leaflet, Cytoscape,
YASQE and Swagger UI set styles through the CSSOM (`element.style`), which CSP leaves alone, and
the one `<style>` element Cytoscape would insert is pre-empted in initiative.html.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from catalogue.settings import Settings

_HOST = re.compile(r"^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d{1,5})?$")


def tile_source(tiles: str) -> str | None:
    """The CSP source expression for a Leaflet tile URL template on another host, or None.

    ``https://{s}.tile.example.org/{z}/{x}/{y}.png`` -> ``https://*.tile.example.org``; a template
    whose host cannot be written as a source (a placeholder inside a label) gives its scheme alone.
    """
    parts = urlsplit(tiles)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None  # no tiles, or tiles from this server ('self')
    host = re.sub(r"^\{s\}\.", "*.", parts.netloc)
    return f"{parts.scheme}://{host}" if _HOST.match(host) else f"{parts.scheme}:"


def content_security_policy(settings: Settings) -> str:
    images = ["'self'", "data:", tile_source(settings.map_tiles)]
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": " ".join(source for source in images if source),
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "frame-ancestors": "'none'",
        "form-action": "'self'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def security_headers(settings: Settings) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(settings),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "strict-origin-when-cross-origin",
    }


class SecurityHeaders:
    """ASGI middleware: adds the headers to every HTTP response that does not set them itself."""

    def __init__(self, app, headers: dict[str, str]) -> None:
        self.app = app
        self.headers = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in self.headers if name not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)
