"""gzip for text answers (#22 item 6): pages, records, results, dumps, scripts and styles.

Starlette's :class:`~starlette.middleware.gzip.GZipMiddleware` compresses (#22 item 7): answers
of at least SYMBIOS_COMPRESS_MIN_BYTES bytes to a client that accepts gzip, a streamed dump chunk by
chunk as it is streamed (never held whole), large chunks in a worker thread, with
``Vary: Accept-Encoding``; already compressed types (images, fonts, zip, hence XLSX, and PDF) pass as
they are. :class:`Compression` adds what it leaves out:

- **A compressed answer is another representation**, so its ETag is weak (``W/"…"``, as nginx does):
  a strong validator names one exact byte sequence (RFC 9110 §8.8.3).
- **If-None-Match compares weakly**, as RFC 9110 §13.1.2 requires: ``W/"x"`` is read as ``"x"``, so
  a client (or a cache) that holds the compressed answer still gets its 304, and the 304 repeats the
  tag the client holds.
- **Not on the token API** (curation, accounts, operations, the Graph Store Protocol): their ETags
  go back in If-Match, which compares strongly, and their answers are small.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware
from starlette.routing import Match

from .cors import routes_of

#: Content types that are compressed already (besides Starlette's images, fonts, zip, audio, video).
ALREADY_COMPRESSED = (*DEFAULT_EXCLUDED_CONTENT_TYPES, "application/pdf",
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
#: The OpenAPI tags of routes whose ETags return in If-Match: never compressed.
TOKEN_API_TAGS = frozenset({"Curation", "Accounts", "Operations", "Graph Store Protocol"})
#: zlib's own default: nearly the ratio of level 9 at a third of its time.
LEVEL = 6


def _weakly(tags: str) -> tuple[str, set[str]]:
    """If-None-Match with each ``W/"x"`` read as ``"x"``, and the tags that were sent weak."""
    weak, strong = set(), []
    for tag in tags.split(","):
        tag = tag.strip()
        if tag.startswith("W/"):
            tag = tag[2:]
            weak.add(tag)
        strong.append(tag)
    return ", ".join(strong), weak


class Compression:
    """ASGI middleware: GZipMiddleware for GET and HEAD, with weak ETags on what it compressed."""

    def __init__(self, app, minimum_size: int, app_routes) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=minimum_size, compresslevel=LEVEL,
                                   exclude_content_types=ALREADY_COMPRESSED)
        self._app_routes = app_routes
        self._token_api: list | None = None

    def _is_token_api(self, scope) -> bool:
        if self._token_api is None:
            self._token_api = [route for route in routes_of(self._app_routes())
                               if TOKEN_API_TAGS & set(getattr(route, "tags", None) or ())]
        probe = {**scope, "method": "GET"}
        return any(route.matches(probe)[0] is Match.FULL for route in self._token_api)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or self._is_token_api(scope):
            await self.app(scope, receive, send)
            return
        headers = [(name, value) for name, value in scope["headers"]]
        weak: set[str] = set()
        for index, (name, value) in enumerate(headers):
            if name == b"if-none-match":
                normalised, weak = _weakly(value.decode("latin-1"))
                headers[index] = (name, normalised.encode("latin-1"))
        scope = {**scope, "headers": headers}

        async def weaken(message) -> None:
            if message["type"] == "http.response.start":
                answer = MutableHeaders(scope=message)
                tag = answer.get("etag")
                compressed = answer.get("content-encoding") == "gzip"
                if tag and not tag.startswith("W/") and (compressed or (message["status"] == 304 and tag in weak)):
                    answer["etag"] = "W/" + tag
            await send(message)

        await self.gzip(scope, receive, weaken)
