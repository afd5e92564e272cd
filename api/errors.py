"""Render every error once: the project's JSON error shape, or error.html for browsers."""

from __future__ import annotations

import logging
import sqlite3

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from catalogue.errors import SymbiosError

from .negotiation import prefers_html
from .responses import JSONResponse


class ErrorBody(BaseModel):
    """The one JSON error shape of every 4xx and 5xx answer (documented in /docs, checked by a test)."""

    model_config = ConfigDict(extra="forbid")

    ok: bool = Field(False, description="Always false.")
    status: int = Field(description="The HTTP status, repeated.")
    error: str = Field(description="What is wrong and what to do next.")
    parameter: str | None = Field(None, description="The parameter or field at fault, where there is one.")
    accepted: list | None = Field(None, description="Values that parameter accepts (or examples of them).")
    line: int | None = Field(None, description="A SPARQL syntax error's line.")
    column: int | None = Field(None, description="A SPARQL syntax error's column.")
    limit: int | float | str | None = Field(None, description="The limit a request ran into (time, rows, size).")
    problems: list | None = Field(None, description="Validation results, one per shape violation.")
    current: dict | None = Field(None, description="The record's current version, when a write lost a race.")
    history: str | None = Field(None, description="Where a withdrawn record's versions are (a page of the change feed).")


#: The details an error may carry besides ok, status and error.
DETAILS = tuple(name for name in ErrorBody.model_fields if name not in ("ok", "status", "error"))
#: Every operation in /docs answers its errors in that shape (and never with FastAPI's 422 body).
ERROR_RESPONSES = {"4XX": {"model": ErrorBody, "description": "An error in the project's one JSON shape "
                                                          "(an HTML page for browsers)."}}


def error_body(status: int, message: str, **details: object) -> dict:
    body = {"ok": False, "status": status, "error": message}
    body.update({k: v for k, v in details.items() if v is not None and isinstance(v, (str, int, float, list, dict))})
    return body


def render_error(request: Request, status: int, message: str, **details: object):
    if prefers_html(request.headers.get("accept")):
        from .language import request_page_language  # language imports edge, which imports this module

        templates = request.app.state.templates
        return templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message, "lang": request_page_language(request),
                                    "history": details.get("history")},
            status_code=status
        )
    return JSONResponse(error_body(status, message, **details), status_code=status)


def install(app: FastAPI) -> None:
    @app.exception_handler(SymbiosError)
    async def symbios_error(request: Request, error: SymbiosError):
        details = {k: v for k, v in error.details.items() if k in DETAILS}
        response = render_error(request, error.status, error.message, **details)
        if error.status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="symbios"'
        retry_after = error.details.get("retry_after")
        if isinstance(retry_after, int) and error.status in (429, 503):
            response.headers["Retry-After"] = str(retry_after)
        history = error.details.get("history")
        if isinstance(history, str):  # a withdrawn record (410): its versions, as a link relation (RFC 5829)
            response.headers["Link"] = f'<{history}>; rel="version-history"'
        current = error.details.get("current")
        if isinstance(current, dict) and current.get("etag"):
            response.headers["ETag"] = current["etag"]
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException):
        message = str(error.detail)
        if error.status_code == 404:
            message = f"Nothing at {request.url.path}. See / for the catalogue or /docs for the API."
        elif error.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}."
        response = render_error(request, error.status_code, message)
        response.headers.update(error.headers or {})
        if error.status_code == 405:
            response.headers["Allow"] = allowed_methods(request)
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError):
        first = error.errors()[0] if error.errors() else {}
        parameter = ".".join(str(p) for p in first.get("loc", [])[1:]) or None
        message = f"Parameter '{parameter}': {first.get('msg', 'invalid value')}." if parameter else "Invalid request."
        bounds = first.get("ctx") or {}
        limit = next((bounds[k] for k in ("le", "lt", "ge", "gt", "max_length") if k in bounds), None)
        return render_error(request, 400, message, parameter=parameter, limit=limit)

    @app.exception_handler(OSError)
    @app.exception_handler(sqlite3.OperationalError)
    async def storage_error(request: Request, error: Exception):
        # The store or the curation database could not be read or written (disk full, I/O error, a
        # lock held elsewhere): the resource is unavailable, not the request wrong. The cause is
        # logged, and only its kind is told (a path or a file name would show the server's layout).
        logging.getLogger("symbios").error("Storage error on %s %s", request.method, request.url.path, exc_info=error)
        kind = getattr(error, "strerror", None) or type(error).__name__
        response = render_error(request, 503, f"The catalogue could not read or write its storage ({kind}). "
                                              f"Try again in {STORAGE_RETRY} s; if it persists, tell the operator.")
        response.headers["Retry-After"] = str(STORAGE_RETRY)
        return response

    app.add_middleware(UnexpectedErrors)  # innermost of the middleware: the others (security headers) wrap its answer


def allowed_methods(request: Request) -> str:
    """Every method some route answers on this path, for Allow. A path's methods can come from more
    than one router (GET /api/initiatives reads, POST creates), and the router that refused the
    request names only its own."""
    methods: set[str] = set()
    scope = {"type": "http", "path": request.url.path, "root_path": "", "method": request.method}
    for route in request.app.routes:
        nested = getattr(route, "original_router", None)  # an included router: its routes carry full paths
        for inner in nested.routes if nested is not None else [route]:
            if getattr(inner, "methods", None) and inner.matches(scope)[0] is not Match.NONE:
                methods |= inner.methods
    return ", ".join(sorted(methods))


#: Seconds a client is told to wait (Retry-After) after a storage error.
STORAGE_RETRY = 5


class UnexpectedErrors:
    """ASGI middleware: an exception no handler maps is our bug; it is logged with its traceback and
    answered as a 500 in the one error shape, never as plain text."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception:
            if started:  # part of an answer is out (a streamed dump): nothing else can be said
                raise
            logging.getLogger("symbios").exception("Unexpected error on %s %s", scope.get("method"), scope.get("path"))
            response = render_error(Request(scope, receive), 500,
                                    "Something went wrong on our side; it has been logged. Try again, and if it "
                                    "keeps happening, report the address you asked for.")
            await response(scope, receive, send)
