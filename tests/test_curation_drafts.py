"""Records that exist only as drafts: sources curated like initiatives and actors, drafts that refer
to drafts, and publishing that takes the never-published records a record refers to along with it."""

from __future__ import annotations

from .writing import TURTLE

ACTOR = "https://w3id.org/symbios/id/actor/new-works"
HUB = "https://w3id.org/symbios/id/initiative/new-hub"
NEW_ACTOR = """
@prefix sym: <https://w3id.org/symbios/def#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix at: <https://w3id.org/symbios/concept/actor-types/> .
@prefix src: <https://w3id.org/symbios/id/source/> .
<https://w3id.org/symbios/id/actor/new-works> a sym:Actor ;
    skos:prefLabel "Testväxthuset"@sv ;
    sym:actorType at:company ;
    sym:evidence <https://w3id.org/symbios/id/actor/new-works#ev-type> .
<https://w3id.org/symbios/id/actor/new-works#ev-type> a sym:Evidence ;
    dcterms:source src:test-source ; sym:locator "Avsnitt 2" ;
    sym:quote "Testväxthuset är ett företag i Testby."@sv ;
    sym:supportsProperty sym:actorType .
"""
HUB_WITH_ACTOR = """
@prefix sym: <https://w3id.org/symbios/def#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix ar: <https://w3id.org/symbios/concept/actor-roles/> .
@prefix src: <https://w3id.org/symbios/id/source/> .
@prefix ik: <https://w3id.org/symbios/concept/initiative-kinds/> .
@prefix ist: <https://w3id.org/symbios/concept/initiative-status/> .
@prefix place: <https://w3id.org/symbios/id/place/> .
@base <https://w3id.org/symbios/id/initiative/new-hub> .
<> a sym:Initiative ;
    skos:prefLabel "Nya hubben"@sv ;
    dcterms:description "En ny resurshubb."@sv ;
    sym:kind ik:resource-hub ;
    sym:status ist:planned ;
    sym:place place:testby-kommun ;
    dcterms:source src:test-source ;
    sym:evidence <#ev-plan>, <#ev-kind> ;
    sym:hasRole <#role-works> .
<#ev-plan> a sym:Evidence ; dcterms:source src:test-source ; sym:locator "Avsnitt 2" ;
    sym:quote "Den nya resurshubben i Testby planeras och ska starta 2025."@sv ;
    sym:supportsProperty sym:status, sym:place .
<#ev-kind> a sym:Evidence ; dcterms:source src:test-source ; sym:locator "Avsnitt 2" ;
    sym:quote "Hubben är en resurshubb för företagen i kommunen."@sv ;
    sym:supportsProperty sym:kind .
<#role-works> a sym:Role ; sym:agent <https://w3id.org/symbios/id/actor/new-works> ;
    sym:roleType ar:resource-receiver ; sym:evidence <#ev-role> .
<#ev-role> a sym:Evidence ; dcterms:source src:test-source ; sym:locator "Avsnitt 1" ;
    sym:quote "levererar spillvärme till Testväxthuset"@sv .
"""
NEW_SOURCE = """
@prefix sym: <https://w3id.org/symbios/def#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/symbios/id/source/new-report> a sym:SourceDocument ;
    dcterms:title "En ny rapport"@sv ;
    sym:fileName "test-source.txt" .
"""


def _create(curation, kind, slug, turtle):
    from rdflib import Graph
    return curation.save(kind, slug, Graph().parse(data=turtle, format="turtle"), "test", f"New {kind}", None,
                         create=True)


def test_a_source_record_is_curated_with_versions_like_an_initiative(curation_app):
    curation = curation_app.state.curation
    draft = _create(curation, "source", "new-report", NEW_SOURCE)
    assert draft.state == "draft" and draft.record == "https://w3id.org/symbios/id/source/new-report"
    published = curation.transition("source", "new-report", "publish", "reviewer", "", draft.etag)
    assert published.state == "published"
    assert curation_app.state.store.has_graph("https://w3id.org/symbios/id/source/new-report")


def test_a_source_record_must_be_a_source_document(curation_app):
    curation = curation_app.state.curation
    try:
        _create(curation, "source", "new-report", NEW_SOURCE.replace("sym:SourceDocument", "sym:Actor"))
    except Exception as error:  # InvalidData
        assert any("SourceDocument" in p["message_en"] for p in error.details["problems"])
    else:
        raise AssertionError("a source that is not a sym:SourceDocument was stored")


def test_a_draft_may_refer_to_an_actor_that_is_only_a_draft(http, tokens):
    assert http.post("/api/actors", content=NEW_ACTOR, headers={**TURTLE, **tokens["curator"]}).status_code == 201
    response = http.post("/api/initiatives", content=HUB_WITH_ACTOR, headers={**TURTLE, **tokens["curator"]})
    assert response.status_code == 201, response.text


def test_a_reference_to_a_record_that_is_nowhere_is_still_refused(http, tokens):
    response = http.post("/api/initiatives", content=HUB_WITH_ACTOR, headers={**TURTLE, **tokens["curator"]})
    assert response.status_code == 422
    assert any(p["value"] == ACTOR for p in response.json()["problems"])


def test_publishing_a_record_publishes_the_draft_actor_it_refers_to_in_the_same_step(http, tokens, curation_store):
    http.post("/api/actors", content=NEW_ACTOR, headers={**TURTLE, **tokens["curator"]})
    etag = http.post("/api/initiatives", content=HUB_WITH_ACTOR, headers={**TURTLE, **tokens["curator"]}).headers["etag"]
    assert http.get("/api/actors/new-works").status_code == 404
    published = http.post("/api/initiatives/new-hub/publish", headers={**tokens["reviewer"], "If-Match": etag})
    assert published.status_code == 200, published.text
    assert http.get("/api/actors/new-works").status_code == 200, "the actor is public with the initiative"
    assert curation_store.has_graph(ACTOR) and curation_store.has_graph(HUB)
    history = http.get("/api/initiatives/new-hub/history", headers=tokens["curator"]).json()
    assert "actor new-works" in history["versions"][-1]["message"], "the version says what went public with it"
    actor = http.get("/api/actors/new-works/history", headers=tokens["curator"]).json()["versions"][-1]
    assert actor["state"] == "published" and "new-hub" in actor["message"]


def test_a_withdrawn_actor_is_not_published_along_and_the_publish_is_refused(http, tokens):
    etag = http.post("/api/actors", content=NEW_ACTOR, headers={**TURTLE, **tokens["curator"]}).headers["etag"]
    hub = http.post("/api/initiatives", content=HUB_WITH_ACTOR, headers={**TURTLE, **tokens["curator"]}).headers["etag"]
    assert http.delete("/api/actors/new-works", headers={**tokens["reviewer"], "If-Match": etag}).status_code == 200
    response = http.post("/api/initiatives/new-hub/publish", headers={**tokens["reviewer"], "If-Match": hub})
    assert response.status_code == 422
    assert http.get("/api/actors/new-works").status_code == 410, "withdrawn, so gone (not published along)"
    assert http.get("/api/initiatives/new-hub").status_code == 404, "nothing went public"
