"""/docs: the OpenAPI documentation of the JSON API, with Swagger UI served from this server.

FastAPI's own /docs page loads Swagger UI from a CDN; the project's pages load their libraries from this
server (installed from the npm registry, see package.json), so a deployment without outside access, or one
that must not tell a third party who reads its documentation, still has working docs. FastAPI's page also
starts Swagger UI from an inline script, which the Content-Security-Policy refuses: api_docs.html hands the
settings to api/static/api-docs.js instead.
"""

from __future__ import annotations

from fastapi import APIRouter, Request

router = APIRouter(include_in_schema=False)
ASSETS = "/static/vendor/swagger-ui"
#: Swagger UI's settings, as FastAPI's own /docs page has them.
SWAGGER_UI = {"dom_id": "#swagger-ui", "layout": "BaseLayout", "deepLinking": True, "showExtensions": True,
              "showCommonExtensions": True}


@router.get("/docs", name="api_docs")
async def api_docs(request: Request):
    app = request.app
    return app.state.templates.TemplateResponse(request, "api_docs.html", {
        "title": f"{app.title} — JSON API", "assets": ASSETS, "config": {"url": app.openapi_url, **SWAGGER_UI}})
