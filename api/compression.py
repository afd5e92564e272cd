"""gzip for text answers (#22 item 6): pages, records, results, dumps, scripts and styles.

Starlette's :class:`~starlette.middleware.gzip.GZipMiddleware` compresses (#22 item 7): answers
of at least SYMBIOS_COMPRESS_MIN_BYTES bytes to a client that accepts gzip, a streamed dump chunk by
chunk as it is streamed (never held whole), large chunks in a worker thread, with
``Vary: Accept-Encoding``; already compressed types (images, fonts, zip, hence XLSX, and PDF) pass as
they are. :class:`Compression` adds what it leaves out:

- **ETags stay as they are**, with ``Vary: Accept-Encoding``: a cache keeps the gzip and the plain
  answer apart by Vary, and revalidates each with its tag (304). The tags stay strong because they
  name a version of a record, and writes send them back in If-Match (which compares strongly): a weak
  tag on a compressed read would refuse every edit made from it.
- **If-None-Match compares weakly**, as RFC 9110 §13.1.2 requires: ``W/"x"`` (what some proxies
  make of a tag when they compress) is read as ``"x"``, and the 304 repeats the tag the client holds.
- Only GET and HEAD are compressed: a write's answer is small.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware

#: Content types that are compressed already (besides Starlette's images, fonts, zip, audio, video).
ALREADY_COMPRESSED = (*DEFAULT_EXCLUDED_CONTENT_TYPES, "application/pdf",
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
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
    """ASGI middleware: GZipMiddleware for GET and HEAD, and weak comparison for If-None-Match."""

    def __init__(self, app, minimum_size: int) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=minimum_size, compresslevel=LEVEL,
                                   exclude_content_types=ALREADY_COMPRESSED)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        headers = list(scope["headers"])
        weak: set[str] = set()
        for index, (name, value) in enumerate(headers):
            if name == b"if-none-match":
                normalised, weak = _weakly(value.decode("latin-1"))
                headers[index] = (name, normalised.encode("latin-1"))
        scope = {**scope, "headers": headers}

        async def as_sent(message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 304 and weak:
                answer = MutableHeaders(scope=message)
                if answer.get("etag") in weak:
                    answer["etag"] = "W/" + answer["etag"]
            await send(message)

        await self.gzip(scope, receive, as_sent)
