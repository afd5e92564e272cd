"""Request values checked at the edge, before a route or the catalogue sees them.

- A path whose segments hold a control character (a trailing newline included) names nothing
  here: a 404 in the error shape, before routing (:class:`PathCheck`).
- Integers from a request are bounded (:data:`Offset`, :data:`Page`, :data:`Year`,
  :data:`VersionNumber`): a value beyond the bound (e.g. beyond 64 bits) is a 400 that names the
  parameter and the bound, never an overflow in the store or the search index.
- JSON bodies are read with the body-size limit and parsed with a nesting-depth limit
  (:func:`json_body`): deeper is a 400 that names the limit.
"""

from __future__ import annotations

import json
import re
from typing import Annotated

from fastapi import Path, Query, Request

from catalogue.errors import BadRequest, PayloadTooLarge, SymbiosError
from catalogue.text_search import MAX_WORDS, WORD

from .errors import render_error

#: Largest offset into a listing; far beyond any catalogue, well inside 64 bits.
MAX_OFFSET = 1_000_000_000
#: Largest page number of the change feed, and largest version number of a record.
MAX_PAGE = 1_000_000_000
MAX_VERSION = 1_000_000_000
#: Years a filter may name (xsd:gYear in the records has four digits).
MIN_YEAR, MAX_YEAR = 0, 9999
#: Deepest nesting of arrays and objects accepted in a JSON body (a profile or a record is 4 deep).
MAX_JSON_DEPTH = 32

Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description=f"Items to skip, 0 to {MAX_OFFSET}.")]
Page = Annotated[int | None, Query(ge=1, le=MAX_PAGE, description=f"A page number, 1 to {MAX_PAGE}.")]
VersionNumber = Annotated[int, Path(ge=1, le=MAX_VERSION, description=f"A version number, 1 to {MAX_VERSION}.")]


#: The language of an answer's names. Documented as sv or en; choose_language checks it (a 400 naming both).
Lang = Annotated[str | None, Query(description="sv or en; default from Accept-Language, else sv.",
                                   json_schema_extra={"enum": ["sv", "en"]})]


def one_of(values, description: str, default=...):
    """A path or query value documented with the values it takes (``enum``); the route still
    answers anything else itself (406 for an unknown suffix, 404 for an unknown kind)."""
    return Path(default, description=description, json_schema_extra={"enum": list(values)})


def year(description: str):
    """A year filter: an optional whole number from :data:`MIN_YEAR` to :data:`MAX_YEAR`."""
    return Query(None, ge=MIN_YEAR, le=MAX_YEAR, description=f"{description} ({MIN_YEAR} to {MAX_YEAR}).")


def version_query(description: str, alias: str | None = None):
    """A required version number in the query string (``?version=``, ``?to=``), 1 to :data:`MAX_VERSION`."""
    return Query(alias=alias, ge=1, le=MAX_VERSION, description=f"{description}, 1 to {MAX_VERSION}.")


def bounded_int(raw: str | None, parameter: str, low: int, high: int) -> int | None:
    """``raw`` (a query-string value) as a whole number from ``low`` to ``high``; None when absent; a
    400 naming ``parameter`` and the bounds otherwise (for routes that read the query string themselves)."""
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > len(str(high)) or not low <= int(raw) <= high:
        raise BadRequest(f"{parameter} must be a whole number from {low} to {high}, not {raw[:40]!r}.",
                         parameter=parameter, limit=high)
    return int(raw)


# -- search text -------------------------------------------------------------------------------------------

def query_text(raw: str | None, limit: int) -> str | None:
    """For the JSON API: the search text ``q``, a 400 naming the limit (SYMBIOS_QUERY_TEXT_MAX) when longer."""
    if raw and len(raw) > limit:
        raise BadRequest(f"q is {len(raw)} characters long; the limit is {limit}. Search for the few words that "
                         "matter most.", parameter="q", limit=limit)
    return raw or None


def page_query_text(raw: str | None, limit: int) -> tuple[str | None, bool]:
    """For pages: the search text ``q`` cut to ``limit`` characters and to the search's word limit, and
    whether it was cut (the page says so), so a pasted essay is neither a 400 nor echoed in every link."""
    text = (raw or "").strip()
    cut = len(text) > limit
    text = text[:limit]
    words = list(WORD.finditer(text))
    if len(words) > MAX_WORDS:
        text, cut = text[:words[MAX_WORDS - 1].end()], True
    return text or None, cut


# -- path segments -----------------------------------------------------------------------------------------

#: C0 controls (newline, tab, NUL …), DEL and the C1 controls: no slug, name or IRI holds one.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


class PathCheck:
    """ASGI middleware: a path with a control character in it is a 404 in the error shape, whatever
    route it would match (a record, a concept, an account, a Graph Store path)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            bad = CONTROL.search(scope.get("path", ""))
            if bad:
                message = (f"Nothing at this path: it holds the control character U+{ord(bad.group()):04X}, which no "
                           "name here has (a trailing newline is one). Names are slugs, e.g. "
                           "/id/initiative/<slug>; see / for the catalogue or /docs for the API.")
                response = render_error(Request(scope, receive), 404, message, parameter="path")
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


# -- JSON bodies -------------------------------------------------------------------------------------------

def json_depth(value: object) -> int:
    """How deeply arrays and objects nest in ``value`` (a scalar is 0), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        if depth > MAX_JSON_DEPTH:
            break
        stack.extend((child, depth + 1) for child in children)
    return deepest


def parse_json(body: bytes, example: str, invalid: type[SymbiosError] = BadRequest) -> object:
    """``body`` parsed as JSON with a nesting-depth limit; a 400 naming the limit when deeper, an
    ``invalid`` error when it is not JSON. ``example`` is a short valid body, shown in the error."""
    try:
        value = json.loads(body)
    except RecursionError:
        value = None
        too_deep = True
    except ValueError as error:  # not JSON, not UTF-8, or a number with more than 4300 digits
        raise invalid(f"The body is not valid JSON ({str(error)[:120]}). Send e.g. {example}.") from None
    else:
        too_deep = json_depth(value) > MAX_JSON_DEPTH
    if too_deep:
        raise BadRequest(f"The JSON body nests deeper than {MAX_JSON_DEPTH} arrays or objects. Send e.g. {example}.",
                         limit=MAX_JSON_DEPTH)
    return value


async def read_limited(request: Request) -> bytes:
    """The request body, refused with a 413 beyond the body-size limit (SYMBIOS_MAX_BODY_BYTES)."""
    limit = request.app.state.settings.max_body_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"The body is {declared} bytes; the limit is {limit} bytes.", limit=limit)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise PayloadTooLarge(f"The body is over {limit} bytes, the limit.", limit=limit)
    return bytes(body)


async def json_body(request: Request, example: str) -> object:
    """The request's JSON body, under the body-size and nesting-depth limits."""
    return parse_json(await read_limited(request), example)
