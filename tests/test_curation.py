"""Curated writes over HTTP: tokens and roles, validation before storing, ETags, review states, history."""

from __future__ import annotations

import threading

from fastapi.testclient import TestClient

from api.app import create_app
from catalogue.accounts import Accounts
from catalogue.database import Database

from .writing import TURTLE, create_draft, new_record

PARK = "https://w3id.org/symbios/id/initiative/test-park"
def test_a_write_without_a_token_gets_401_with_a_bearer_challenge(http):
    response = http.post("/api/initiatives", content=new_record(), headers=TURTLE)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["ok"] is False


def test_an_unknown_token_gets_401(http):
    response = http.post("/api/initiatives", content=new_record(), headers={**TURTLE, "Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert "unknown or revoked" in response.json()["error"]


def test_a_revoked_token_gets_401(http, curation_settings):
    accounts = Accounts(Database(curation_settings.curation_location))
    secret = accounts.create("leaving", "curator")
    accounts.revoke("leaving")
    response = http.post("/api/initiatives", content=new_record(), headers={**TURTLE, "Authorization": f"Bearer {secret}"})
    assert response.status_code == 401


def test_tokens_are_stored_only_as_hashes(curation_settings, tokens):
    raw = curation_settings.curation_location.read_bytes()
    secret = tokens["curator"]["Authorization"].split()[1]
    assert secret.encode() not in raw


def test_a_curator_may_not_publish(http, tokens):
    etag = create_draft(http, tokens).headers["etag"]
    response = http.post("/api/initiatives/new-hub/publish", headers={**tokens["curator"], "If-Match": etag})
    assert response.status_code == 403
    assert "reviewer" in response.json()["error"]


def test_a_draft_is_invisible_to_the_public_until_a_reviewer_publishes_it(http, tokens):
    etag = create_draft(http, tokens).headers["etag"]
    assert http.get("/api/initiatives/new-hub").status_code == 404
    published = http.post("/api/initiatives/new-hub/publish?message=Granskad", headers={**tokens["reviewer"], "If-Match": etag})
    assert published.status_code == 200, published.text
    public = http.get("/api/initiatives/new-hub")
    assert public.status_code == 200
    assert public.json()["label"] == "Nya hubben"
    assert public.headers["etag"] == published.headers["etag"]  # what the public reads is what was published
    assert any(item["slug"] == "new-hub" for item in http.get("/api/initiatives?limit=100").json()["items"])


def test_an_invalid_record_gets_422_with_each_problem_and_stores_nothing(http, tokens, curation_store):
    before = len(curation_store)
    broken = new_record().replace('sym:kind ik:resource-hub ;', 'sym:kind <https://example.org/not-a-kind> ;')
    broken = broken.replace('skos:prefLabel "Nya hubben"@sv ;', '')
    response = http.post("/api/initiatives", content=broken, headers={**TURTLE, **tokens["curator"]})
    assert response.status_code == 422
    problems = response.json()["problems"]
    paths = {p["path"] for p in problems}
    assert "http://www.w3.org/2004/02/skos/core#prefLabel" in paths
    assert "https://w3id.org/symbios/def#kind" in paths
    assert all(p["message_sv"] and p["message_en"] for p in problems)
    assert len(curation_store) == before
    assert http.get("/api/initiatives/new-hub/history", headers=tokens["curator"]).status_code == 404


def test_broken_turtle_gets_422_naming_the_parse_error(http, tokens):
    response = http.post("/api/initiatives", content="<a> <b> .", headers={**TURTLE, **tokens["curator"]})
    assert response.status_code == 422
    assert "turtle" in response.json()["error"]


def test_a_reference_to_a_missing_actor_is_refused(http, tokens):
    body = new_record() + ("<https://w3id.org/symbios/id/initiative/new-hub> "
                           "sym:hasRole <https://w3id.org/symbios/id/initiative/new-hub#r> .\n"
                           "<https://w3id.org/symbios/id/initiative/new-hub#r> a sym:Role ; "
                           "sym:agent <https://w3id.org/symbios/id/actor/nobody> ; "
                           "sym:roleType <https://w3id.org/symbios/concept/actor-roles/funder> ; "
                           "sym:evidence <https://w3id.org/symbios/id/initiative/new-hub#ev-kind> .")
    response = http.post("/api/initiatives", content=body, headers={**TURTLE, **tokens["curator"]})
    assert response.status_code == 422
    assert any(p["value"] == "https://w3id.org/symbios/id/actor/nobody" for p in response.json()["problems"])


def test_an_unsupported_content_type_names_the_accepted_ones(http, tokens):
    response = http.post("/api/initiatives", content="x", headers={"Content-Type": "text/plain", **tokens["curator"]})
    assert response.status_code == 400
    assert "text/turtle" in response.json()["accepted"]


def test_an_oversized_body_gets_413(curation_app, tokens):
    curation_app.state.settings = curation_app.state.settings.with_(max_body_bytes=100)
    response = TestClient(curation_app).post("/api/initiatives", content=new_record(), headers={**TURTLE, **tokens["curator"]})
    assert response.status_code == 413


def test_creating_a_record_that_exists_gets_412(http, tokens):
    create_draft(http, tokens)
    again = http.post("/api/initiatives", content=new_record(), headers={**TURTLE, **tokens["curator"]})
    assert again.status_code == 412


def test_an_edit_without_if_match_gets_428_and_a_stale_one_412_with_the_current_version(http, tokens):
    etag = create_draft(http, tokens).headers["etag"]
    missing = http.put("/api/initiatives/new-hub", content=new_record("B"), headers={**TURTLE, **tokens["curator"]})
    assert missing.status_code == 428
    fresh = http.put("/api/initiatives/new-hub", content=new_record("B"), headers={**TURTLE, **tokens["curator"], "If-Match": etag})
    assert fresh.status_code == 200
    stale = http.put("/api/initiatives/new-hub", content=new_record("C"), headers={**TURTLE, **tokens["curator"], "If-Match": etag})
    assert stale.status_code == 412
    assert stale.json()["current"]["version"] == 2
    assert stale.headers["etag"] == fresh.headers["etag"]


def test_create_read_update_history_diff_and_restore(http, tokens):
    curator = tokens["curator"]
    first = create_draft(http, tokens, "Första namnet")
    second = http.put("/api/initiatives/new-hub?message=Bytte+namn", content=new_record("Andra namnet"),
                      headers={**TURTLE, **curator, "If-Match": first.headers["etag"]})
    history = http.get("/api/initiatives/new-hub/history", headers=curator).json()["versions"]
    assert [(v["version"], v["state"], v["message"]) for v in history] == [(1, "draft", "Ny post"), (2, "draft", "Bytte namn")]
    assert history[0]["author"] == "test-curator"
    diff = http.get("/api/initiatives/new-hub/diff?from=1&to=2", headers=curator).json()
    assert any("Andra namnet" in line for line in diff["added"])
    assert any("Första namnet" in line for line in diff["removed"])
    restored = http.post("/api/initiatives/new-hub/restore?version=1", headers={**curator, "If-Match": second.headers["etag"]})
    assert restored.status_code == 200 and restored.json()["version"] == 3
    draft = http.get("/api/initiatives/new-hub/draft", headers=curator)
    assert "Första namnet" in draft.text and draft.headers["symbios-version"] == "3"


def test_editing_a_record_loaded_from_data_keeps_the_loaded_version_as_version_1(http, tokens):
    public = http.get("/api/initiatives/test-park")
    etag = public.headers["etag"]
    text = http.get("/api/initiatives/test-park/draft", headers=tokens["curator"]).text
    edited = text.replace("Testparken", "Testparken (rättad)")
    saved = http.put("/api/initiatives/test-park", content=edited, headers={**TURTLE, **tokens["curator"], "If-Match": etag})
    assert saved.status_code == 200, saved.text
    assert http.get("/api/initiatives/test-park").json()["label"] == "Testparken"  # still the published one
    versions = http.get("/api/initiatives/test-park/history", headers=tokens["curator"]).json()["versions"]
    assert [(v["version"], v["state"], v["author"]) for v in versions] == [(1, "published", "data/"), (2, "draft", "test-curator")]
    http.post("/api/initiatives/test-park/publish", headers={**tokens["reviewer"], "If-Match": saved.headers["etag"]})
    assert http.get("/api/initiatives/test-park").json()["label"] == "Testparken (rättad)"


def test_withdrawing_removes_the_record_from_the_public_view(http, tokens):
    etag = http.get("/api/initiatives/test-park").headers["etag"]
    response = http.delete("/api/initiatives/test-park?message=Dubblett", headers={**tokens["curator"], "If-Match": etag})
    assert response.status_code == 200
    assert http.get("/api/initiatives/test-park").status_code == 410  # gone, not unknown (#22 item 6)
    assert http.get("/api/initiatives/test-park/history", headers=tokens["curator"]).json()["versions"][-1]["state"] == "withdrawn"


def test_of_two_concurrent_writers_exactly_one_wins(http, tokens):
    etag = create_draft(http, tokens).headers["etag"]
    results: list[int] = []

    def write(label):
        response = http.put("/api/initiatives/new-hub", content=new_record(label),
                            headers={**TURTLE, **tokens["curator"], "If-Match": etag})
        results.append(response.status_code)

    threads = [threading.Thread(target=write, args=(f"Skribent {n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [200, 412, 412, 412]


def test_the_store_is_put_back_in_step_with_the_log_when_the_app_starts(curation_settings, curation_store, tokens):
    http = TestClient(create_app(curation_settings, store=curation_store))
    etag = create_draft(http, tokens).headers["etag"]
    http.post("/api/initiatives/new-hub/publish", headers={**tokens["reviewer"], "If-Match": etag})
    # Simulate a process killed after the store write of a later publish but before its log commit:
    # the store holds something the log never recorded.
    curation_store.replace_graphs({}, drop=["https://w3id.org/symbios/id/initiative/new-hub"])
    restarted = TestClient(create_app(curation_settings, store=curation_store))
    assert restarted.get("/api/initiatives/new-hub").json()["label"] == "Nya hubben"


def test_sparql_updates_stay_refused_even_with_a_token(http, tokens):
    response = http.post("/sparql", content="INSERT DATA { <a:a> <a:b> <a:c> }",
                         headers={"Content-Type": "application/sparql-update", **tokens["admin"]})
    assert response.status_code == 403


def test_history_is_recorded_with_prov_o(http, tokens):
    from rdflib import Graph, URIRef
    from rdflib.namespace import PROV

    first = create_draft(http, tokens)
    http.put("/api/initiatives/new-hub", content=new_record("B"), headers={**TURTLE, **tokens["curator"], "If-Match": first.headers["etag"]})
    response = http.get("/api/initiatives/new-hub/history", headers={**tokens["curator"], "Accept": "text/turtle"})
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    second = URIRef("https://w3id.org/symbios/id/initiative/new-hub/version/2")
    assert (second, PROV.wasRevisionOf, URIRef("https://w3id.org/symbios/id/initiative/new-hub/version/1")) in graph
    assert (second, PROV.wasAttributedTo, URIRef("https://w3id.org/symbios/id/agent/test-curator")) in graph


def test_admins_manage_tokens_over_the_api_and_others_may_not(http, tokens):
    assert http.get("/api/accounts", headers=tokens["reviewer"]).status_code == 403
    created = http.post("/api/accounts", json={"name": "partner-sync", "role": "curator"}, headers=tokens["admin"])
    assert created.status_code == 201
    secret = created.json()["token"]
    listed = http.get("/api/accounts", headers=tokens["admin"]).json()["items"]
    assert any(a["name"] == "partner-sync" for a in listed) and secret not in str(listed)
    assert http.post("/api/initiatives", content=new_record(), headers={**TURTLE, "Authorization": f"Bearer {secret}"}).status_code == 201
    assert http.delete("/api/accounts/partner-sync", headers=tokens["admin"]).status_code == 200
    assert http.get("/api/initiatives/new-hub/draft", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    assert http.post("/api/accounts", json={"name": "x", "role": "owner"}, headers=tokens["admin"]).status_code == 400


def test_renaming_an_actor_changes_the_etag_of_the_initiative_pages_that_show_its_name(http, tokens):
    before = http.get("/id/initiative/test-park.json")
    turtle_before = http.get("/id/initiative/test-park.ttl").headers["etag"]
    etag = http.get("/api/actors/test-mill").headers["etag"]
    text = http.get("/api/actors/test-mill/draft", headers=tokens["curator"]).text.replace('"Testbruket"@sv', '"Nya bruket"@sv')
    saved = http.put("/api/actors/test-mill", content=text, headers={**TURTLE, **tokens["curator"], "If-Match": etag})
    assert saved.status_code == 200, saved.text
    published = http.post("/api/actors/test-mill/publish", headers={**tokens["reviewer"], "If-Match": saved.headers["etag"]})
    assert published.status_code == 200, published.text
    after = http.get("/id/initiative/test-park.json", headers={"if-none-match": before.headers["etag"]})
    assert after.status_code == 200 and "Nya bruket" in after.text and "Nya bruket" not in before.text
    assert http.get("/id/initiative/test-park.ttl", headers={"if-none-match": turtle_before}).status_code == 304


def test_a_record_loaded_from_data_has_last_modified_and_answers_if_modified_since(http):
    page = http.get("/id/initiative/test-park.ttl")
    assert page.status_code == 200 and page.headers["last-modified"].endswith("GMT")
    again = http.get("/id/initiative/test-park", headers={"If-Modified-Since": page.headers["last-modified"],
                                                          "Accept": "text/html"})
    assert again.status_code == 304
    older = http.get("/id/initiative/test-park.ttl", headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
    assert older.status_code == 200


def test_a_record_published_through_curation_has_last_modified_and_answers_if_modified_since(http, tokens):
    etag = create_draft(http, tokens).headers["etag"]
    http.post("/api/initiatives/new-hub/publish", headers={**tokens["reviewer"], "If-Match": etag})
    page = http.get("/id/initiative/new-hub.ttl")
    assert page.status_code == 200 and page.headers["last-modified"].endswith("GMT")
    again = http.get("/id/initiative/new-hub.ttl", headers={"If-Modified-Since": page.headers["last-modified"]})
    assert again.status_code == 304
    older = http.get("/id/initiative/new-hub.ttl", headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
    assert older.status_code == 200
