"""The JSON API: filters that combine, facets, languages, and errors that name the parameter."""

from __future__ import annotations

import pytest

from api import schemas
from catalogue.settings import PROJECT_ROOT

PARK = "https://w3id.org/symbios/id/initiative/test-park"


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["items"]]


def test_list_returns_items_total_and_facets(client):
    body = client.get("/api/initiatives").json()
    assert body["total"] == 1 and body["items"][0]["iri"] == PARK
    assert {"resource", "region", "kind", "status", "barrier", "driver"} <= set(body["facets"])


def test_resource_filter_matches_narrower_types(client):
    assert slugs(client.get("/api/initiatives", params={"resource": "heat"})) == ["test-park"]
    assert slugs(client.get("/api/initiatives", params={"resource": "waste-heat"})) == ["test-park"]


def test_filters_combine_with_and(client):
    both = client.get("/api/initiatives", params={"resource": "heat", "status": "active"})
    none = client.get("/api/initiatives", params={"resource": "heat", "status": "ended"})
    assert slugs(both) == ["test-park"] and slugs(none) == []


def test_a_filter_value_may_be_a_full_iri(client):
    params = {"region": "https://w3id.org/symbios/id/place/testlands-lan"}
    assert slugs(client.get("/api/initiatives", params=params)) == ["test-park"]


def test_region_filter_finds_initiatives_through_their_municipality(client):
    assert slugs(client.get("/api/initiatives", params={"municipality": "testby-kommun"})) == ["test-park"]


def test_text_search_is_case_and_accent_insensitive(client):
    assert slugs(client.get("/api/initiatives", params={"q": "TESTPARKEN"})) == ["test-park"]
    assert slugs(client.get("/api/initiatives", params={"q": "made-up park"})) == ["test-park"]
    assert slugs(client.get("/api/initiatives", params={"q": "no such words"})) == []


def test_start_year_filters(client):
    assert slugs(client.get("/api/initiatives", params={"started_before": 2000})) == ["test-park"]
    assert slugs(client.get("/api/initiatives", params={"started_after": 2000})) == []


def test_labels_follow_the_chosen_language(client):
    assert client.get("/api/initiatives", params={"lang": "en"}).json()["items"][0]["label"] == "Test Park"
    assert client.get("/api/initiatives", headers={"accept-language": "en"}).json()["items"][0]["label"] == "Test Park"
    assert client.get("/api/initiatives").json()["items"][0]["label"] == "Testparken"


def test_unknown_filter_value_is_400_naming_parameter_and_accepted_values(client):
    response = client.get("/api/initiatives", params={"resource": "unobtainium"})
    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == "resource" and "waste-heat" in body["accepted"]


def test_unknown_parameter_is_400_listing_the_accepted_ones(client):
    response = client.get("/api/initiatives", params={"resourse": "heat"})
    assert response.status_code == 400 and "resource" in response.json()["accepted"]


def test_malformed_number_is_400(client):
    response = client.get("/api/initiatives", params={"limit": "many"})
    assert response.status_code == 400 and response.json()["parameter"] == "limit"


def test_unknown_sort_is_400(client):
    answer = client.get("/api/initiatives", params={"sort": "colour"})
    assert answer.status_code == 400 and answer.json()["status"] == 400
    assert answer.json()["parameter"] == "sort"


def test_initiative_detail_holds_everything_with_citations(client):
    body = client.get("/api/initiatives/test-park").json()
    exchange = body["exchanges"][0]
    assert exchange["provider"]["slug"] == "test-mill" and exchange["receiver"]["slug"] == "test-greenhouse"
    assert exchange["resource_type"]["slug"] == "waste-heat"
    assert exchange["quantities"][0]["value"] == 12 and exchange["quantities"][0]["unit"]["slug"] == "gwh-per-year"
    assert body["evidence"][exchange["evidence"][0]]["quote"] == "Parken startade 1998"
    assert body["funding"][0]["amount"] == 1000000 and body["funding"][0]["currency"] == "SEK"


def test_unknown_initiative_is_404_in_the_error_shape(client):
    response = client.get("/api/initiatives/no-such-thing")
    assert response.status_code == 404
    assert response.json()["ok"] is False and "/api/initiatives" in response.json()["error"]


def test_actor_detail_lists_its_initiatives_roles_and_exchanges(client):
    body = client.get("/api/actors/test-mill").json()
    initiative = body["initiatives"][0]
    assert initiative["slug"] == "test-park"
    assert initiative["roles"][0]["slug"] == "resource-provider"
    assert initiative["exchanges"][0]["as"] == "provider"


def test_actor_list_counts_initiatives(client):
    items = client.get("/api/actors").json()["items"]
    assert {i["slug"]: i["initiatives"] for i in items} == {"test-mill": 1, "test-greenhouse": 1}


def test_concepts_are_found_by_any_label_in_either_language(client):
    by_sv = client.get("/api/concepts", params={"scheme": "exchange-status", "q": "befintligt"}).json()["items"]
    by_en = client.get("/api/concepts", params={"scheme": "exchange-status", "q": "existing"}).json()["items"]
    assert [c["slug"] for c in by_sv] == [c["slug"] for c in by_en] == ["existing"]


def test_concepts_carry_broader_and_narrower(client):
    items = client.get("/api/concepts", params={"scheme": "initiative-kinds", "q": "eco-industrial"}).json()["items"]
    park = next(c for c in items if c["slug"] == "eco-industrial-park")
    assert park["broader"][0]["slug"] == "place-based-symbiosis"


def test_a_retired_concept_is_marked_still_resolves_and_is_left_out_of_narrower_lists(client):
    items = {c["slug"]: c for c in client.get("/api/concepts", params={"scheme": "barrier-types"}).json()["items"]}
    assert items["long-term-investments"]["deprecated"] is True and items["economy"]["deprecated"] is False
    assert "long-term-investments" not in {n["slug"] for n in items["economy"]["narrower"]}
    page = client.get("/concept/barrier-types/long-term-investments", params={"lang": "en"}, headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Retired concept" in page.text


def test_concept_pickers_offer_no_retired_concept(loaded_store):
    from catalogue.concepts import ConceptIndex
    from catalogue.labels import Labels

    index, labels = ConceptIndex.build(loaded_store), Labels.build(loaded_store)
    offered = {c["slug"] for c in index.find(labels, "barrier-types", current_only=True)}
    assert "economy" in offered and "long-term-investments" not in offered


def test_unknown_scheme_is_400(client):
    assert client.get("/api/concepts", params={"scheme": "colours"}).status_code == 400


def test_stats_count_the_catalogue(client):
    body = client.get("/api/stats").json()
    assert body["initiatives"] == 1 and body["exchanges"] == 1


def test_stats_name_concepts_by_reference_in_the_chosen_language(real_client):
    swedish, english = (real_client.get("/api/stats", params={"lang": lang}).json() for lang in ("sv", "en"))
    energy = "https://w3id.org/symbios/concept/resource-types/energy"
    rows = [row for row in swedish["exchanges_by_category_and_status"] if row["category"]["iri"] == energy]
    assert rows and rows[0]["category"]["label"] == "Energi"
    assert sum(row["exchanges"] for row in swedish["exchanges_by_category_and_status"]) >= swedish["exchanges"]
    barriers = english["initiatives_per_factor"]["barrier"]
    assert barriers[0]["initiatives"] >= barriers[-1]["initiatives"] and barriers[0]["factor"]["slug"]
    assert real_client.get("/api/stats", params={"q": "x"}).status_code == 400


def test_json_answers_are_compact_utf8_with_letters_unescaped(client):
    response = client.get("/api/initiatives", params={"lang": "sv"})
    assert response.headers["content-type"] == "application/json"
    assert b'"total":1' in response.content and "ä".encode() in response.content and b"\\u00" not in response.content
    assert response.json()["lang"] == "sv"


def test_json_answers_write_integer_keys_as_strings_like_the_standard_library():
    import json

    from api.responses import JSONResponse

    content = {2019: 3, "a": [1.5, None, "Händelö"]}
    assert JSONResponse(content).body == json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()


@pytest.mark.parametrize("method, path, body, model", [
    ("GET", "/api/initiatives?lang=en", None, schemas.InitiativeList),
    ("GET", "/api/initiatives?q=vatten&region=vastra-gotalands-lan", None, schemas.InitiativeList),
    ("GET", "/api/concepts", None, schemas.ConceptList),
    ("GET", "/api/actors", None, schemas.ActorList),
    ("GET", "/api/initiatives/kemiklustret-stenungsund/similar?limit=10", None, schemas.SimilarList),
    ("POST", "/api/similar", {"resource_types": ["waste-heat"], "region": "vastra-gotalands-lan"}, schemas.SimilarList),
    ("GET", "/api/opportunities?limit=50", None, schemas.OpportunityList),
    ("GET", "/api/stats", None, schemas.Statistics),
])
def test_json_answers_have_exactly_the_shape_the_openapi_schema_documents(real_client, method, path, body, model):
    response = real_client.request(method, path, json=body)
    assert response.status_code == 200
    answer = model.model_validate(response.json())  # every field documented, none missing
    assert getattr(answer, "items", None) or getattr(answer, "exchanges_by_category_and_status"), "nothing checked"
    template = path.split("?")[0].replace("kemiklustret-stenungsund", "{slug}")
    documented = real_client.get("/openapi.json").json()["paths"][template][method.lower()]
    assert documented["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/" + model.__name__)


@pytest.mark.parametrize("kind, model", [("initiatives", schemas.Initiative), ("actors", schemas.Actor)])
def test_every_curated_record_has_exactly_the_documented_shape_in_both_languages(real_client, kind, model):
    folder = PROJECT_ROOT / "data" / kind
    slugs = sorted(path.stem for path in folder.glob("*.ttl"))
    assert len(slugs) > 40
    for slug in slugs:
        for lang in ("sv", "en"):
            response = real_client.get(f"/api/{kind}/{slug}", params={"lang": lang})
            assert response.status_code == 200, slug
            model.model_validate(response.json())
    documented = real_client.get("/openapi.json").json()["paths"][f"/api/{kind}/{{slug}}"]["get"]
    assert documented["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/" + model.__name__)


def test_actors_of_a_broader_type_include_those_of_its_narrower_types(real_client):
    public = real_client.get("/api/actors", params={"actor_type": "public-sector", "limit": 1000}).json()
    municipalities = real_client.get("/api/actors", params={"actor_type": "municipality", "limit": 1000}).json()
    assert 0 < municipalities["total"] < public["total"]
    assert {a["slug"] for a in municipalities["items"]} <= {a["slug"] for a in public["items"]}


def test_actors_are_found_by_name_without_accents_and_paged(real_client):
    found = real_client.get("/api/actors", params={"q": "GOTEBORG"}).json()
    assert found["total"] > 0 and all("göteborg" in a["label"].casefold() for a in found["items"])
    everyone = real_client.get("/api/actors", params={"limit": 1000}).json()
    page = real_client.get("/api/actors", params={"limit": 5, "offset": 5}).json()
    assert page["total"] == everyone["total"] > 100 and page["items"] == everyone["items"][5:10]


def test_an_unknown_actor_type_is_400_naming_the_parameter_and_the_accepted_values(real_client):
    response = real_client.get("/api/actors", params={"actor_type": "dragon"})
    assert response.status_code == 400
    assert response.json()["parameter"] == "actor_type" and "municipality" in response.json()["accepted"]
