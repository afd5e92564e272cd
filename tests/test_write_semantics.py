"""HTTP semantics of curated writes (#20 item 6): PUT replaces the record, PATCH (a JSON merge patch,
RFC 7396) changes only what it names, and a write that changes no triple stores no version."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, SKOS

from catalogue.namespaces import SYM

from .form_post import form_post
from .test_curator_pages import login
from .writing import TURTLE

PARK = "https://w3id.org/symbios/id/initiative/test-park"
MILL = "https://w3id.org/symbios/id/actor/test-mill"
MERGE_PATCH = {"Content-Type": "application/merge-patch+json"}


def draft(http, tokens, path="/api/initiatives/test-park"):
    response = http.get(f"{path}/draft", headers=tokens["curator"])
    assert response.status_code == 200, response.text
    return response


def graph_of(response) -> Graph:
    return Graph().parse(data=response.text, format="turtle")


def versions(http, tokens, path="/api/initiatives/test-park") -> list[dict]:
    return http.get(f"{path}/history", headers=tokens["curator"]).json()["versions"]


def patch(http, tokens, body, etag, path="/api/initiatives/test-park", lang="sv", role="curator"):
    return http.patch(f"{path}?lang={lang}", json=body, headers={**MERGE_PATCH, **tokens[role], "If-Match": etag})


# -- PUT replaces ----------------------------------------------------------------------------------------

def test_a_json_put_without_the_name_is_a_422_naming_the_field_not_a_kept_name(http, tokens):
    before = draft(http, tokens)
    shown = http.get("/api/initiatives/test-park").json()
    del shown["label"], shown["labels"]
    refused = http.put("/api/initiatives/test-park", json=shown, headers={**tokens["curator"], "If-Match": before.headers["etag"]})
    assert refused.status_code == 422, refused.text
    assert "prefLabel" in refused.text
    assert len(versions(http, tokens)) == 1
    assert draft(http, tokens).text == before.text


def test_a_json_put_that_leaves_out_an_optional_field_removes_it(http, tokens):
    shown = http.get("/api/initiatives/test-park").json()
    del shown["alt_labels"]
    saved = http.put("/api/initiatives/test-park", json=shown,
                     headers={**tokens["curator"], "If-Match": draft(http, tokens).headers["etag"]})
    assert saved.status_code == 200 and saved.json()["changed"] is True, saved.text
    assert (URIRef(PARK), SKOS.altLabel, None) not in graph_of(draft(http, tokens))


def test_a_json_put_of_an_exchange_without_its_quantities_removes_them(http, tokens):
    shown = http.get("/api/initiatives/test-park").json()
    for exchange in shown["exchanges"]:
        del exchange["quantities"]
    saved = http.put("/api/initiatives/test-park", json=shown,
                     headers={**tokens["curator"], "If-Match": draft(http, tokens).headers["etag"]})
    assert saved.status_code == 200, saved.text
    assert (None, SYM.quantity, None) not in graph_of(draft(http, tokens))


def test_a_turtle_put_replaces_the_record_and_leaves_out_what_the_body_does_not_say(http, tokens):
    before = draft(http, tokens)
    graph = graph_of(before)
    graph.remove((URIRef(PARK), SKOS.altLabel, None))
    saved = http.put("/api/initiatives/test-park", content=graph.serialize(format="turtle"),
                     headers={**TURTLE, **tokens["curator"], "If-Match": before.headers["etag"]})
    assert saved.status_code == 200, saved.text
    assert isomorphic(graph_of(draft(http, tokens)), graph)


# -- PATCH merges ----------------------------------------------------------------------------------------

def test_a_merge_patch_changes_only_the_named_fields(http, tokens):
    before = graph_of(draft(http, tokens))
    patched = patch(http, tokens, {"description": "En omskriven beskrivning."}, draft(http, tokens).headers["etag"])
    assert patched.status_code == 200, patched.text
    assert patched.json()["changed"] is True and patched.json()["state"] == "draft"
    after = graph_of(draft(http, tokens))
    subject = URIRef(PARK)
    assert set(after.objects(subject, DCTERMS.description)) == {
        Literal("En omskriven beskrivning.", lang="sv"), Literal("A made-up park for tests.", lang="en")}
    for graph in (before, after):
        graph.remove((subject, DCTERMS.description, None))
    assert isomorphic(before, after)  # nothing else moved


def test_a_merge_patch_with_null_removes_an_optional_field(http, tokens):
    patched = patch(http, tokens, {"alt_labels": None}, draft(http, tokens).headers["etag"])
    assert patched.status_code == 200, patched.text
    after = graph_of(draft(http, tokens))
    assert (URIRef(PARK), SKOS.altLabel, None) not in after
    assert (URIRef(PARK), SKOS.prefLabel, Literal("Testparken", lang="sv")) in after


def test_a_merge_patch_of_a_label_sets_the_name_in_its_language_only(http, tokens):
    patched = patch(http, tokens, {"label": "The Test Park"}, draft(http, tokens).headers["etag"], lang="en")
    assert patched.status_code == 200, patched.text
    names = set(graph_of(draft(http, tokens)).objects(URIRef(PARK), SKOS.prefLabel))
    assert names == {Literal("Testparken", lang="sv"), Literal("The Test Park", lang="en")}


def test_a_merge_patch_edits_an_actor_too(http, tokens):
    path = "/api/actors/test-mill"
    patched = patch(http, tokens, {"alt_labels": ["Bruket"]}, draft(http, tokens, path).headers["etag"], path=path)
    assert patched.status_code == 200, patched.text
    after = graph_of(draft(http, tokens, path))
    assert (URIRef(MILL), SKOS.altLabel, Literal("Bruket", lang="sv")) in after
    assert (URIRef(MILL), SKOS.prefLabel, Literal("Testbruket", lang="sv")) in after


def test_a_merge_patch_that_makes_the_record_invalid_is_a_422_and_stores_nothing(http, tokens):
    before = draft(http, tokens)
    refused = patch(http, tokens, {"labels": None, "label": None}, before.headers["etag"])
    assert refused.status_code == 422, refused.text
    assert "prefLabel" in refused.text
    assert len(versions(http, tokens)) == 1 and draft(http, tokens).text == before.text


@pytest.mark.parametrize("body,field", [({"colour": "green"}, "colour"), ({"start_year": "soon"}, "start_year")])
def test_a_malformed_merge_patch_is_a_422_naming_the_field(http, tokens, body, field):
    refused = patch(http, tokens, body, draft(http, tokens).headers["etag"])
    assert refused.status_code == 422 and field in refused.text
    assert len(versions(http, tokens)) == 1


@pytest.mark.parametrize("body,field", [
    ({"labels": {"x y": "Namn"}}, "labels"),
    ({"status": {"iri": "http://x y"}}, "status"),
    ({"evidence": {"a b": {"quote": "Citat"}}}, "evidence.a b"),
    ({"initiative_evidence": ["a b"]}, "initiative_evidence"),
    ({"evidence": {"ev-start": {"supports": ["start year"]}}}, "evidence.ev-start.supports"),
])
def test_a_merge_patch_with_what_cannot_be_rdf_is_a_422_not_a_500(http, tokens, body, field):
    refused = patch(http, tokens, body, draft(http, tokens).headers["etag"])
    assert refused.status_code == 422, refused.text
    assert field in refused.text
    assert len(versions(http, tokens)) == 1


def test_a_merge_patch_that_is_no_object_is_a_422_saying_what_to_send(http, tokens):
    refused = patch(http, tokens, ["start_year"], draft(http, tokens).headers["etag"])
    assert refused.status_code == 422 and "JSON object" in refused.json()["error"]


@pytest.mark.parametrize("content_type", ["application/json", "text/turtle", None])
def test_a_patch_in_another_content_type_is_a_415_naming_merge_patch(http, tokens, content_type):
    headers = {**tokens["curator"], "If-Match": draft(http, tokens).headers["etag"]}
    if content_type:
        headers["Content-Type"] = content_type
    refused = http.patch("/api/initiatives/test-park", content=b'{"start_year": 1999}', headers=headers)
    assert refused.status_code == 415, refused.text
    assert "application/merge-patch+json" in refused.json()["error"]
    assert len(versions(http, tokens)) == 1


def test_a_patch_without_if_match_is_a_428_as_a_put_is(http, tokens):
    body = {"description": "Utan If-Match."}
    refused = http.patch("/api/initiatives/test-park", json=body, headers={**MERGE_PATCH, **tokens["curator"]})
    put = http.put("/api/initiatives/test-park", json=body, headers=tokens["curator"])
    assert refused.status_code == put.status_code == 428
    assert "If-Match" in refused.json()["error"]
    assert len(versions(http, tokens)) == 1


def test_a_patch_with_a_stale_etag_is_a_412(http, tokens):
    first = draft(http, tokens).headers["etag"]
    assert patch(http, tokens, {"description": "Första."}, first).status_code == 200
    stale = patch(http, tokens, {"description": "Andra."}, first)
    assert stale.status_code == 412 and stale.json()["current"]["version"] == 2


def test_a_patch_needs_a_curators_token(http):
    assert http.patch("/api/initiatives/test-park", json={}, headers=MERGE_PATCH).status_code == 401


def test_patch_is_in_the_openapi_with_its_media_type(http):
    operation = http.get("/openapi.json").json()["paths"]["/api/initiatives/{slug}"]["patch"]
    assert list(operation["requestBody"]["content"]) == ["application/merge-patch+json"]


# -- a write that changes nothing stores nothing --------------------------------------------------------

def unchanged(response, etag: str, number: int) -> None:
    assert response.status_code == 200, response.text
    assert response.json()["changed"] is False and response.json()["version"] == number
    assert response.headers["etag"] == etag


def test_a_put_of_the_same_turtle_adds_no_version(http, tokens):
    before = draft(http, tokens)
    again = http.put("/api/initiatives/test-park", content=before.text,
                     headers={**TURTLE, **tokens["curator"], "If-Match": before.headers["etag"]})
    unchanged(again, before.headers["etag"], 1)
    assert len(versions(http, tokens)) == 1


def test_a_put_of_the_same_json_adds_no_version(http, tokens):
    etag = draft(http, tokens).headers["etag"]
    for lang in ("sv", "en"):
        shown = http.get(f"/api/initiatives/test-park?lang={lang}").json()
        again = http.put(f"/api/initiatives/test-park?lang={lang}", json=shown,
                         headers={**tokens["curator"], "If-Match": etag})
        unchanged(again, etag, 1)
    assert len(versions(http, tokens)) == 1


def test_a_put_with_blank_nodes_compares_by_isomorphism_not_by_labels(http, tokens):
    before = draft(http, tokens)
    body = before.text + f'\n<{PARK}> <http://www.w3.org/2000/01/rdf-schema#seeAlso> [] .\n'
    first = http.put("/api/initiatives/test-park", content=body,
                     headers={**TURTLE, **tokens["curator"], "If-Match": before.headers["etag"]})
    assert first.status_code == 200 and first.json()["changed"] is True, first.text
    again = http.put("/api/initiatives/test-park", content=body,  # the blank node gets a new label when parsed
                     headers={**TURTLE, **tokens["curator"], "If-Match": first.headers["etag"]})
    unchanged(again, first.headers["etag"], 2)


def test_a_patch_that_changes_nothing_adds_no_version(http, tokens):
    etag = draft(http, tokens).headers["etag"]
    for body in ({}, {"description": "En påhittad park för tester."}, {"end_year": None}):
        unchanged(patch(http, tokens, body, etag), etag, 1)
    assert len(versions(http, tokens)) == 1


def test_publishing_an_already_published_unchanged_record_adds_no_version(http, tokens):
    etag = draft(http, tokens).headers["etag"]
    again = http.post("/api/initiatives/test-park/publish", headers={**tokens["reviewer"], "If-Match": etag})
    unchanged(again, etag, 1)
    assert len(versions(http, tokens)) == 1


def test_a_draft_is_published_once_and_a_second_publish_adds_nothing(http, tokens):
    edited = patch(http, tokens, {"description": "Ändrad."}, draft(http, tokens).headers["etag"])
    published = http.post("/api/initiatives/test-park/publish", headers={**tokens["reviewer"], "If-Match": edited.headers["etag"]})
    assert published.status_code == 200 and published.json()["changed"] is True
    again = http.post("/api/initiatives/test-park/publish", headers={**tokens["reviewer"], "If-Match": published.headers["etag"]})
    unchanged(again, published.headers["etag"], 3)
    assert [v["state"] for v in versions(http, tokens)] == ["published", "draft", "published"]


def test_a_graph_store_put_of_the_same_graph_adds_no_version(http, tokens):
    at = f"/graph-store?graph={quote(PARK, safe='')}"
    same = http.get(at, headers={"Accept": "text/turtle"}).text
    for role in ("reviewer", "curator"):
        response = http.put(at, content=same, headers={**TURTLE, **tokens[role]})
        assert response.status_code == 204, response.text
    merged = http.post(at, content=same, headers={**TURTLE, **tokens["reviewer"]})
    assert merged.status_code == 204
    assert len(versions(http, tokens)) == 1


def test_a_restore_of_the_current_content_adds_no_version(http, tokens):
    etag = draft(http, tokens).headers["etag"]
    unchanged(http.post("/api/initiatives/test-park/restore?version=1", headers={**tokens["curator"], "If-Match": etag}),
              etag, 1)


@pytest.mark.parametrize("action,role", [("save", "curator"), ("publish", "reviewer")])
def test_a_form_save_that_changes_nothing_says_so_and_adds_no_version(http, tokens, action, role):
    login(http, tokens, role)
    for lang, words in (("sv", "Inget ändrades"), ("en", "Nothing changed")):
        data = form_post(http.get(f"/curate/initiative/test-park?lang={lang}").text, action)
        saved = http.post(f"/curate/initiative/test-park?lang={lang}", data=data, follow_redirects=False)
        assert saved.status_code == 200, saved.text[:500]
        assert words in saved.text
    assert len(versions(http, tokens)) == 1
