"""The curator's walkthrough over real HTTP (uvicorn on loopback, httpx as the client)."""

from __future__ import annotations

import httpx
import pytest

from api.app import create_app

from .servers import running
from .writing import TURTLE, new_record


@pytest.fixture
def server(curation_settings, curation_store):
    with running(create_app(curation_settings, store=curation_store)) as url:
        yield url


def test_create_read_stale_update_fresh_update_history_and_restore(server, tokens):
    curator, reviewer = tokens["curator"], tokens["reviewer"]
    with httpx.Client(base_url=server) as http:
        created = http.post("/api/initiatives", content=new_record("Första"), headers={**TURTLE, **curator})
        assert created.status_code == 201
        assert created.headers["location"] == "/api/initiatives/new-hub/draft"
        read = http.get("/api/initiatives/new-hub/draft", headers=curator)
        assert read.headers["etag"] == created.headers["etag"]
        fresh = http.put("/api/initiatives/new-hub?message=Andra", content=new_record("Andra"),
                         headers={**TURTLE, **curator, "If-Match": read.headers["etag"]})
        assert fresh.status_code == 200
        stale = http.put("/api/initiatives/new-hub", content=new_record("Tredje"),
                         headers={**TURTLE, **curator, "If-Match": read.headers["etag"]})
        assert stale.status_code == 412
        assert stale.json()["current"]["version"] == 2
        published = http.post("/api/initiatives/new-hub/publish", headers={**reviewer, "If-Match": fresh.headers["etag"]})
        assert published.status_code == 200
        assert http.get("/api/initiatives/new-hub").json()["label"] == "Andra"
        history = http.get("/api/initiatives/new-hub/history", headers=curator).json()["versions"]
        assert [(v["version"], v["state"]) for v in history] == [(1, "draft"), (2, "draft"), (3, "published")]
        restored = http.post("/api/initiatives/new-hub/restore?version=1",
                             headers={**curator, "If-Match": published.headers["etag"]})
        assert restored.status_code == 200
        assert "Första" in http.get("/api/initiatives/new-hub/draft", headers=curator).text
        assert http.get("/api/initiatives/new-hub").json()["label"] == "Andra"  # the restore is a draft


def test_markup_in_text_fields_comes_back_escaped_in_html(server, tokens):
    script = "<script>alert('x')</script><b>fet</b>"
    with httpx.Client(base_url=server) as http:
        created = http.post("/api/initiatives", content=new_record(script), headers={**TURTLE, **tokens["reviewer"]})
        assert created.status_code == 201, created.text
        http.post("/api/initiatives/new-hub/publish", headers={**tokens["reviewer"], "If-Match": created.headers["etag"]})
        for path in ("/id/initiative/new-hub", "/?q=fet"):
            page = http.get(path, headers={"Accept": "text/html"})
            assert page.status_code == 200
            assert "<script>alert" not in page.text and "<b>fet</b>" not in page.text
            assert "&lt;script&gt;alert(" in page.text
