"""HEAD on every readable URL: the GET answer without its body (RFC 9110 §9.3.2).

Linked-data clients and crawlers check a record, a dump or the catalogue description with HEAD
(its ETag, Last-Modified, Content-Type and Content-Length) before fetching it. Routes are
declared for GET; this middleware answers HEAD through them, so every GET URL has its HEAD, with
exactly the GET answer's headers.
"""

from __future__ import annotations


class HeadAsGet:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body"):
                    return  # a streamed body (a dump) is dropped part by part
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)
