"""Search that answers (#21 item 5): a concept named in the query counts in both languages, results
say why they matched, "did you mean", concept look-up by match, places by name, organisation parts
and outcome filters — over HTTP, on the curated data and on small fixtures."""

from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from catalogue.loading import load_catalogue

from .backends import new_store
from .conftest import FIXTURES

TECHNICAL_WATER = "https://w3id.org/symbios/concept/resource-types/technical-water"


def search(client, **params) -> dict:
    response = client.get("/api/initiatives", params={"limit": 100, **params})
    assert response.status_code == 200, response.text
    return response.json()


def slugs(client, **params) -> list[str]:
    return [item["slug"] for item in search(client, **params)["items"]]


def error(client, path: str, **params) -> dict:
    response = client.get(path, params=params)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["ok"] is False and body["status"] == 400 and body["error"]
    return body


# -- a concept named in the query ------------------------------------------------------------------------


def test_the_process_water_question_gives_the_same_answer_in_swedish_and_english(real_client):
    swedish = slugs(real_client, q="tekniskt vatten", lang="sv")
    english = slugs(real_client, q="technical water", lang="en")
    assert swedish == english
    assert len(swedish) == search(real_client, resource="technical-water")["total"]


def test_the_process_water_cases_lead_and_waste_heat_only_cases_are_not_found(real_client):
    found = slugs(real_client, q="tekniskt vatten")
    assert set(found[:2]) == {"perstorp-oxo", "goteborg-novo-gryaab-goteborg-energi"}
    assert "arctic-food-arena" not in found  # waste heat only: "tekniska" no longer matches on its own
    assert "gallivare-hybrit-symbioser" not in found


def test_a_named_concept_finds_its_narrower_concepts(real_client):
    water = set(slugs(real_client, q="vatten"))
    assert {"perstorp-oxo", "kemiklustret-stenungsund", "morbylanga-vattensymbios"} <= water
    assert set(slugs(real_client, q="processvatten")) >= {"kemiklustret-stenungsund", "sotenas-symbiosnatverk",
                                                         "vattensymbios-visby-vimmerby"}


def test_the_other_words_of_a_query_with_a_concept_still_have_to_match(real_client):
    found = slugs(real_client, q="tekniskt vatten stenungsund")
    assert found and "perstorp-oxo" in found
    assert "morbylanga-vattensymbios" not in found


def test_a_concept_match_ranks_above_a_loose_one(real_client):
    items = search(real_client, q="vatten symbios")["items"]
    kinds = [[reason["kind"] for reason in item["matched"]] for item in items]
    with_concept = [("concept" in k) for k in kinds]
    assert with_concept == sorted(with_concept, reverse=True)  # every concept match before any other


# -- snippet and matched ----------------------------------------------------------------------------------


def test_each_result_has_a_snippet_with_its_matches_highlighted(real_client):
    item = search(real_client, q="tekniskt vatten")["items"][0]
    snippet = item["snippet"]
    assert set(snippet) == {"text", "highlights", "field", "lang"}
    assert snippet["lang"] == "sv" and snippet["field"] in ("description", "name")
    assert snippet["highlights"]
    marked = [snippet["text"][start:end].lower() for start, end in snippet["highlights"]]
    assert any("vatten" in m for m in marked)
    assert len(snippet["text"]) <= 222 and "<" not in snippet["text"]


def test_an_english_page_gets_the_english_passage(real_client):
    snippet = search(real_client, q="technical water", lang="en")["items"][0]["snippet"]
    assert snippet["lang"] == "en"
    assert any("water" in snippet["text"][a:b].lower() for a, b in snippet["highlights"])


def test_matched_names_the_concept_in_the_request_language(real_client):
    swedish = search(real_client, q="technical water", lang="sv")["items"][0]["matched"]
    english = search(real_client, q="tekniskt vatten", lang="en")["items"][0]["matched"]
    assert {"kind": "concept", "label": "Tekniskt vatten", "iri": TECHNICAL_WATER} in swedish
    assert {"kind": "concept", "label": "Technical water", "iri": TECHNICAL_WATER} in english


def test_matched_says_an_actor_matched(real_client):
    item = next(i for i in search(real_client, q="Borealis")["items"] if i["slug"] == "kemiklustret-stenungsund")
    assert any(r["kind"] == "actor" and "Borealis" in r["label"] for r in item["matched"])


def test_without_a_query_nothing_is_matched_but_the_snippet_opens_the_description(real_client):
    item = search(real_client, resource="technical-water")["items"][0]
    assert item["matched"] == []
    assert item["snippet"]["highlights"] == [] and item["snippet"]["text"]


# -- did you mean ------------------------------------------------------------------------------------------


def test_a_query_that_finds_nothing_suggests_one_that_does(real_client):
    answer = search(real_client, q="tekniskt vatten qqqqq")
    assert answer["total"] == 0
    assert answer["suggestions"] == ["tekniskt vatten"]
    assert search(real_client, q="processvaten xyzzy")["suggestions"] == ["processvatten"]


def test_suggestions_are_only_there_when_nothing_is_found(real_client):
    assert "suggestions" not in search(real_client, q="tekniskt vatten")
    assert search(real_client, q="zzzzzzzzqqq")["suggestions"] == []


# -- concept look-up -----------------------------------------------------------------------------------


def concept_slugs(client, **params) -> list[str]:
    response = client.get("/api/concepts", params=params)
    assert response.status_code == 200, response.text
    return [c["slug"] for c in response.json()["items"]]


def test_concept_look_up_puts_the_concept_named_exactly_first(real_client):
    assert concept_slugs(real_client, q="koldioxid")[0] == "carbon-dioxide"
    assert concept_slugs(real_client, q="CO2")[0] == "carbon-dioxide"
    assert concept_slugs(real_client, q="Tekniskt  VATTEN") == ["technical-water"]


def test_concept_look_up_ranks_word_prefixes_above_substrings(real_client):
    found = concept_slugs(real_client, q="fisk")
    assert found[0] != "logistics-distance" and "fish" in found[0]
    geographic = [n for n, slug in enumerate(found) if "geograph" in slug or "proximity" in slug]
    fishy = [n for n, slug in enumerate(found) if "fish" in slug]
    assert geographic and max(fishy) < min(geographic)  # "geografisk" only holds "fisk"


def test_concept_look_up_keeps_to_its_scheme(real_client):
    response = real_client.get("/api/concepts", params={"q": "vatten", "scheme": "barrier-types"})
    assert {c["scheme"] for c in response.json()["items"]} == {"barrier-types"}


# -- municipalities and places ---------------------------------------------------------------------------


def test_the_listing_counts_municipalities(real_client):
    counts = {f["slug"]: f["count"] for f in search(real_client)["facets"]["municipality"]}
    assert counts["stenungsund-kommun"] == search(real_client, municipality="stenungsund-kommun")["total"] >= 2


@pytest.mark.parametrize("name", ["stenungsund", "Stenungsund", "STENUNGSUND", "Stenungsunds kommun"])
def test_a_municipality_filter_takes_its_name(real_client, name):
    assert slugs(real_client, municipality=name) == slugs(real_client, municipality="stenungsund-kommun")


def test_a_municipality_name_is_accent_insensitive(real_client):
    assert slugs(real_client, municipality="ornskoldsvik") == slugs(real_client, municipality="Örnsköldsvik") != []


def test_a_county_filter_takes_its_name(real_client):
    assert slugs(real_client, region="Västra Götaland") == slugs(real_client, region="vastra-gotalands-lan")


def test_a_name_that_names_several_municipalities_is_a_400_listing_them(real_client):
    body = error(real_client, "/api/initiatives", municipality="sund")
    assert body["parameter"] == "municipality"
    assert {"stenungsund-kommun", "sundsvall-kommun"} <= set(body["accepted"])


def test_an_unknown_municipality_is_a_400_pointing_to_the_places(real_client):
    assert "/api/places" in error(real_client, "/api/initiatives", municipality="Atlantis")["error"]


def test_places_are_found_by_name_with_counts(real_client):
    response = real_client.get("/api/places", params={"q": "stenung"})
    assert response.status_code == 200
    place = response.json()["items"][0]
    assert place["slug"] == "stenungsund-kommun" and place["label"] == "Stenungsund"
    assert place["url"] == "/id/place/stenungsund-kommun" and place["kind"] == "municipality"
    assert place["county"]["slug"] == "vastra-gotalands-lan"
    assert place["initiatives"] == search(real_client, municipality="stenungsund-kommun")["total"]
    assert place["actors"] > 0


def test_places_rank_an_exact_name_first(real_client):
    items = real_client.get("/api/places", params={"q": "göteborg"}).json()["items"]
    assert items[0]["slug"] == "goteborg-kommun"


def test_places_of_one_kind_page_by_limit_and_offset(real_client):
    counties = real_client.get("/api/places", params={"kind": "county"}).json()
    assert counties["total"] == len(counties["items"]) > 2
    assert {p["kind"] for p in counties["items"]} == {"county"}
    page = real_client.get("/api/places", params={"kind": "county", "limit": 2, "offset": 1}).json()["items"]
    assert [p["slug"] for p in page] == [p["slug"] for p in counties["items"][1:3]]


def test_places_refuse_an_unknown_kind_and_parameter(real_client):
    assert error(real_client, "/api/places", kind="village")["parameter"] == "kind"
    assert error(real_client, "/api/places", town="x")["parameter"] == "town"


# -- organisation parts ------------------------------------------------------------------------------------


def test_an_actor_filter_includes_the_actors_parts(real_client):
    assert "high-coast-innovation-park" in slugs(real_client, actor="rise")  # RISE Processum's
    assert "high-coast-innovation-park" not in slugs(real_client, actor="rise", actor_parts="false")
    assert set(slugs(real_client, actor="rise", actor_parts="false")) < set(slugs(real_client, actor="rise"))


PART = """@prefix sym: <https://w3id.org/symbios/def#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix actor: <https://w3id.org/symbios/id/actor/> .
@prefix src: <https://w3id.org/symbios/id/source/> .
@prefix at: <https://w3id.org/symbios/concept/actor-types/> .

actor:test-mill-lab a sym:Actor ;
    skos:prefLabel "Forskningslabbet"@sv ;
    org:subOrganizationOf actor:test-mill ;
    sym:actorType at:company ;
    dcterms:source src:test-source ;
    sym:evidence <https://w3id.org/symbios/id/actor/test-mill-lab#ev-name> .

<https://w3id.org/symbios/id/actor/test-mill-lab#ev-name> a sym:Evidence ; dcterms:source src:test-source ;
    sym:locator "Avsnitt 1" ; sym:quote "Testbruket är ett företag"@sv ; sym:supportsProperty org:subOrganizationOf .
"""


@pytest.fixture
def client_with_parts(tmp_path, fixture_settings) -> TestClient:
    """The fixture catalogue with a second park whose only actor is a part of the first park's mill."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "catalogue", data)
    (data / "actors" / "test-mill-lab.ttl").write_text(PART, encoding="utf-8")
    park = (data / "initiatives" / "test-park.ttl").read_text(encoding="utf-8")
    lab = (park.replace("initiative/test-park", "initiative/test-lab-park").replace('"Testparken"@sv, "Test Park"@en', '"Labbparken"@sv, "Lab Park"@en')
           .replace('"Test-parken"@sv', '"Labb-parken"@sv').replace("actor:test-mill ", "actor:test-mill-lab ")
           .replace("actor:test-mill ;", "actor:test-mill-lab ;").replace("sym:numericValue 16", "sym:numericValue 4"))
    (data / "initiatives" / "test-lab-park.ttl").write_text(lab, encoding="utf-8")
    settings = fixture_settings.with_(data_dir=data)
    store = new_store()
    load_catalogue(store, settings)
    return TestClient(create_app(settings, store=store))


def test_a_part_counts_for_the_whole_organisation(client_with_parts):
    assert slugs(client_with_parts, actor="test-mill") == ["test-lab-park", "test-park"]
    assert slugs(client_with_parts, actor="test-mill", actor_parts="false") == ["test-park"]
    assert slugs(client_with_parts, actor="test-mill-lab") == ["test-lab-park"]


def test_a_part_does_not_make_a_text_search_find_the_whole(client_with_parts):
    assert slugs(client_with_parts, q="Testbruket") == ["test-park"]


# -- outcomes ----------------------------------------------------------------------------------------------


def test_an_outcome_filter_keeps_initiatives_with_that_indicator(client_with_parts):
    assert slugs(client_with_parts, outcome="jobs-created") == ["test-lab-park", "test-park"]
    assert slugs(client_with_parts, outcome="socio-economic") == ["test-lab-park", "test-park"]  # broader indicator
    assert slugs(client_with_parts, outcome="jobs-created", outcome_min=10) == ["test-park"]
    assert slugs(client_with_parts, outcome="jobs-created", outcome_min=4) == ["test-lab-park", "test-park"]
    assert slugs(client_with_parts, outcome="jobs-created", outcome_min=17) == []


def test_an_outcome_minimum_in_real_data(real_client):
    assert slugs(real_client, outcome="co2-reduced", outcome_min=100000, outcome_unit="tonne-per-year") == ["perstorp-oxo"]
    assert "industriell-symbios-lokal-samverkan" in slugs(real_client, outcome="jobs-created", outcome_min=10)


def test_an_outcome_minimum_over_several_units_needs_a_unit(real_client):
    body = error(real_client, "/api/initiatives", outcome="co2-reduced", outcome_min=1000)
    assert body["parameter"] == "outcome_unit" and set(body["accepted"]) == {"percent", "tonne-per-year"}


@pytest.mark.parametrize("params, parameter", [
    ({"outcome": "happiness"}, "outcome"),
    ({"outcome_min": 10}, "outcome"),
    ({"outcome": "jobs-created", "outcome_min": "nan"}, "outcome_min"),
    ({"outcome": "jobs-created", "outcome_min": "1e400"}, "outcome_min"),
    ({"outcome": "jobs-created", "outcome_unit": "furlong"}, "outcome_unit"),
    ({"outcome": "jobs-created", "outcome_unit": "u" * 5000}, "outcome_unit"),
])
def test_hostile_outcome_values_are_400s_in_the_error_shape(real_client, params, parameter):
    assert error(real_client, "/api/initiatives", **params)["parameter"] == parameter


@pytest.mark.parametrize("params", [
    {"q": "vatten " * 2000},
    {"municipality": "x" * 20000},
    {"region": "ö" * 5000},
    {"actor_parts": "perhaps"},
])
def test_hostile_search_values_are_400s_not_500s(real_client, params):
    error(real_client, "/api/initiatives", **params)


def test_an_overlong_place_search_is_a_400(real_client):
    assert error(real_client, "/api/places", q="x" * 5000)["parameter"] == "q"


# -- the tiers, on a tiny index --------------------------------------------------------------------------


def test_the_query_as_a_phrase_in_a_name_ranks_above_its_words_scattered():
    from catalogue.text_search import TextDocument, TextIndex

    index = TextIndex([
        TextDocument("scattered", {"name": {"sv": ["Biogas i staden", "Väst"]}, "description": {"sv": ["Biogas väst om ån."]}}),
        TextDocument("phrase", {"name": {"sv": ["Biogas Väst"]}}),
    ])
    ranking = sorted(index.scores("biogas väst").items(), key=lambda pair: -pair[1])
    assert [iri for iri, _ in ranking] == ["phrase", "scattered"]


def test_edit_distance_counts_a_swap_of_neighbours_as_one():
    from catalogue.search_answers import distance

    assert distance("teknsikt", "tekniskt", 2) == 1
    assert distance("vaten", "vatten", 2) == 1
    assert distance("xyzzy", "vatten", 2) == 3  # beyond the bound: bound + 1
