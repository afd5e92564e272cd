"""Creating an actor from inside the edit form (#20 item 2): GET and POST /curate/actors/inline."""

from __future__ import annotations

import re

from catalogue.sessions import COOKIE

from .test_curator_pages import login

PATH = "/curate/actors/inline"
ID = "https://w3id.org/symbios/id/"
AT = "https://w3id.org/symbios/concept/actor-types/"
QUOTE = "Projektet fick 1 000 000 kronor från Europeiska regionala utvecklingsfonden."


def new_actor(**changes) -> dict:
    body = {"name": {"sv": "Europeiska regionala utvecklingsfonden", "en": "European Regional Development Fund"},
            "actor_type": AT + "eu-body", "places": [],
            "evidence": {"source": ID + "source/test-source", "locator": "Avsnitt 1", "quote": QUOTE,
                         "prefix": "arbets\u00adtillfällen.\n", "suffix": "\n\nAvsnitt 2"}}
    body.update(changes)
    return body


def session(http, tokens, role="curator") -> str:
    """Log ``http`` in; the CSRF token of its session (read from the dialog, as the script reads it)."""
    login(http, tokens, role)
    return re.search(r'data-csrf="([^"]+)"', http.get(PATH).text).group(1)


def post(http, csrf, body, lang="sv"):
    return http.post(f"{PATH}?lang={lang}", json=body, headers={"X-CSRF-Token": csrf})


def test_the_dialog_offers_actor_types_as_a_tree_places_and_sources_in_the_pages_language(http, tokens):
    login(http, tokens)
    sv, en = http.get(PATH + "?lang=sv"), http.get(PATH + "?lang=en")
    assert sv.status_code == 200 and "Ny aktör" in sv.text and "New actor" in en.text
    assert re.search(r'value="' + AT + r'municipality" data-search="[^"]*kommun[^"]*municipality[^"]*" data-depth="1"', sv.text)
    assert 'data-evidence-part="quote"' in sv.text and ">Testkälla</option>" in sv.text and ">Testby</option>" in sv.text


def test_the_dialog_is_only_for_curators_who_are_logged_in(http):
    assert http.get(PATH).status_code == 401


def test_a_new_actor_is_saved_as_a_draft_with_its_evidence_and_answered_with_its_iri(http, tokens, curation_app):
    csrf = session(http, tokens)
    response = post(http, csrf, new_actor(places=[ID + "place/testby-kommun"]))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["record"] == ID + "actor/europeiska-regionala-utvecklingsfonden" and body["state"] == "draft"
    assert body["label"] == "Europeiska regionala utvecklingsfonden" and "europeiska" in body["search"]
    assert response.headers["location"] == "/curate/actor/europeiska-regionala-utvecklingsfonden"
    stored = curation_app.state.curation.current("actor", "europeiska-regionala-utvecklingsfonden").ntriples
    assert f'<{ID}actor/europeiska-regionala-utvecklingsfonden#ev-1> <https://w3id.org/symbios/def#quote> "{QUOTE}"@sv' in stored
    assert "http://www.w3.org/ns/oa#TextQuoteSelector" in stored and f"<{ID}place/testby-kommun>" in stored
    assert http.get("/api/actors/europeiska-regionala-utvecklingsfonden").status_code == 404  # a draft: not public yet


def test_the_english_page_gets_the_english_name_back(http, tokens):
    response = post(http, session(http, tokens), new_actor(), lang="en")
    assert response.status_code == 201 and response.json()["label"] == "European Regional Development Fund"


def test_a_second_actor_with_the_same_name_is_refused_with_a_409_naming_the_one_there(http, tokens):
    csrf = session(http, tokens)
    assert post(http, csrf, new_actor()).status_code == 201
    again = post(http, csrf, new_actor(name={"sv": "europeiska  Regionala utvecklingsfonden"}))
    assert again.status_code == 409
    found = again.json()["problems"][0]
    assert found["field"] == "name_sv" and found["value"] == ID + "actor/europeiska-regionala-utvecklingsfonden"
    assert "Det finns redan en aktör som heter" in found["message_sv"]


def test_a_published_actors_name_is_taken_too_whatever_its_accents_and_case(http, tokens):
    response = post(http, session(http, tokens), new_actor(name={"sv": "TESTBRUKET"}))
    assert response.status_code == 409 and response.json()["problems"][0]["value"] == ID + "actor/test-mill"


def test_a_new_name_whose_slug_is_taken_gets_the_next_free_one(http, tokens):
    csrf = session(http, tokens)
    assert post(http, csrf, new_actor(name={"sv": "Test mill"})).json()["slug"] == "test-mill-2"


def test_without_the_csrf_token_nothing_is_created(http, tokens, curation_app):
    session(http, tokens)
    for headers in ({}, {"X-CSRF-Token": "forged"}):
        response = http.post(PATH, json=new_actor(), headers=headers)
        assert response.status_code == 403 and response.json()["ok"] is False
    assert [v for v in curation_app.state.curation.pending() if "/actor/" in v.record] == []


def test_without_a_curators_session_it_is_a_401(http, tokens):
    csrf = session(http, tokens)
    http.cookies.delete(COOKIE)
    assert post(http, csrf, new_actor()).status_code == 401


def test_a_revoked_curators_session_creates_nothing(http, tokens, curation_app):
    csrf = session(http, tokens)
    curation_app.state.accounts.revoke("test-curator")
    assert post(http, csrf, new_actor()).status_code == 401


def test_what_is_missing_is_a_422_naming_each_field_in_plain_language(http, tokens):
    response = post(http, session(http, tokens), {"name": {"sv": " "}, "actor_type": "at:company",
                                                  "evidence": {"source": ID + "source/test-source"}})
    assert response.status_code == 422
    problems = {p["field"]: p for p in response.json()["problems"]}
    assert set(problems) == {"name_sv", "actor_type", "locator", "quote"}
    assert problems["name_sv"]["message_sv"] == "Skriv aktörens namn på svenska."
    assert problems["actor_type"]["message_en"] == "Choose what sort of actor it is from the list."
    assert not any("skos:" in p["message_sv"] or "at:" in p["message_sv"] for p in problems.values())


def test_values_of_the_wrong_type_are_a_422_not_a_500(http, tokens):
    csrf = session(http, tokens)
    for body in ([], {"name": "Bruket"}, {"name": {"sv": 5}}, new_actor(places="nowhere"), new_actor(places=[{"a": 1}]),
                 new_actor(evidence=[]), new_actor(evidence={"quote": ["x"], "source": 3})):
        assert post(http, csrf, body).status_code == 422, body
    assert http.post(PATH, content=b"{not json", headers={"X-CSRF-Token": csrf}).status_code == 422


def test_a_place_that_is_no_record_is_refused_at_the_places_field(http, tokens):
    response = post(http, session(http, tokens), new_actor(places=[ID + "place/atlantis"]))
    assert response.status_code == 422
    assert {p.get("field") for p in response.json()["problems"]} == {"places"}
