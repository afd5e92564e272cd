"""Render every error once: the project's JSON error shape, or error.html for browsers."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

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
        templates = request.app.state.templates
        return templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message}, status_code=status
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
        return render_error(request, error.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError):
        first = error.errors()[0] if error.errors() else {}
        parameter = ".".join(str(p) for p in first.get("loc", [])[1:]) or None
        message = f"Parameter '{parameter}': {first.get('msg', 'invalid value')}." if parameter else "Invalid request."
        return render_error(request, 400, message, parameter=parameter)
