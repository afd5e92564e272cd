"""/docs: the OpenAPI documentation of the JSON API, with Swagger UI served from this server.

FastAPI's own /docs page loads Swagger UI from a CDN; the project's pages load their libraries from this
server (installed from the npm registry, see package.json), so a deployment without outside access, or one
that must not tell a third party who reads its documentation, still has working docs.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html

router = APIRouter(include_in_schema=False)
ASSETS = "/static/vendor/swagger-ui"


@router.get("/docs", name="api_docs")
async def api_docs(request: Request):
    app = request.app
    return get_swagger_ui_html(
        openapi_url=app.openapi_url,
        title=f"{app.title} — JSON API",
        swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
    )
