"""The curator's walkthrough over real HTTP (uvicorn on loopback, httpx as the client)."""

from __future__ import annotations

import httpx
import pytest
from rdflib import Graph, Literal

from api.app import create_app
from catalogue.namespaces import SYM

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


C = "https://w3id.org/symbios/concept/"
JSON_BODY = {"Content-Type": "application/json"}


def test_a_record_is_created_and_edited_in_the_json_shape_that_get_returns(server, tokens):
    curator = tokens["curator"]
    new = {"slug": "json-hub", "labels": {"sv": "JSON-hubben"}, "description": "En hubb skriven som JSON.",
           "kind": [{"iri": C + "initiative-kinds/resource-hub"}], "status": {"iri": C + "initiative-status/planned"},
           "start_year": 2025, "places": ["https://w3id.org/symbios/id/place/testby-kommun"],
           "sources": [{"iri": "https://w3id.org/symbios/id/source/test-source"}],
           "initiative_evidence": ["ev-plan", "ev-kind"],
           "evidence": {  # every fact with its quote, word for word from the fixture source's text
               "ev-plan": {"source": "https://w3id.org/symbios/id/source/test-source", "locator": "Avsnitt 2",
                           "quote": "Den nya resurshubben i Testby planeras och ska starta 2025.",
                           "supports": ["status", "startYear", "place"]},
               "ev-kind": {"source": "https://w3id.org/symbios/id/source/test-source", "locator": "Avsnitt 2",
                           "quote": "Hubben är en resurshubb för företagen i kommunen.", "supports": ["kind"]}}}
    with httpx.Client(base_url=server) as http:
        created = http.post("/api/initiatives?lang=sv", json=new, headers=curator)
        assert created.status_code == 201, created.text
        assert created.headers["location"] == "/api/initiatives/json-hub/draft"
        published = http.post("/api/initiatives/json-hub/publish",
                              headers={**tokens["reviewer"], "If-Match": created.headers["etag"]})
        shown = http.get("/api/initiatives/json-hub?lang=en").json()  # GET, edit, PUT the same shape back
        shown["description"] = "A hub written as JSON."
        shown["start_year"] = 1998  # a changed fact, with a new quote that says it
        shown["evidence"]["ev-start"] = {"source": "https://w3id.org/symbios/id/source/test-source", "locator": "Avsnitt 1",
                                         "quote": "Parken startade 1998 i Testby kommun.", "supports": ["startYear"]}
        shown["initiative_evidence"] = [*shown["initiative_evidence"], "ev-start"]
        edited = http.put("/api/initiatives/json-hub?lang=en&message=English+text", json=shown,
                          headers={**curator, "If-Match": published.headers["etag"]})
        assert edited.status_code == 200, edited.text
        draft = http.get("/api/initiatives/json-hub/draft", headers=curator).text
        assert '"A hub written as JSON."@en' in draft and '"En hubb skriven som JSON."@sv' in draft
        years = set(Graph().parse(data=draft, format="turtle").objects(None, SYM.startYear))
        assert years == {Literal(1998)}


def test_a_json_edit_that_breaks_a_shape_or_the_shape_of_the_body_is_refused_and_changes_nothing(server, tokens):
    curator = tokens["curator"]
    with httpx.Client(base_url=server) as http:
        draft = http.get("/api/initiatives/test-park/draft", headers=curator)
        shown = http.get("/api/initiatives/test-park").json()
        for body, where in ((shown | {"status": None}), "status"), ((shown | {"start_year": "soon"}), "start_year"):
            refused = http.put("/api/initiatives/test-park", json=body, headers={**curator, "If-Match": draft.headers["etag"]})
            assert refused.status_code == 422, refused.text
            assert where in refused.text
        broken = http.put("/api/initiatives/test-park", content=b"{not json", headers={**JSON_BODY, **curator,
                                                                                        "If-Match": draft.headers["etag"]})
        assert broken.status_code == 422 and "not valid JSON" in broken.json()["error"]
        again = http.get("/api/initiatives/test-park/draft", headers=curator)
        assert again.headers["etag"] == draft.headers["etag"] and again.text == draft.text
