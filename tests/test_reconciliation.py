"""The W3C Reconciliation API at /reconcile (#22), over the curated catalogue.

Every response is validated against the specification's own JSON schemas (v0.2, copied into
tests/fixtures/reconciliation-0.2/); the answers are checked against what data/ holds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SCHEMAS = Path(__file__).parent / "fixtures" / "reconciliation-0.2"
ACTOR = "https://w3id.org/symbios/def#Actor"
INITIATIVE = "https://w3id.org/symbios/def#Initiative"
MUNICIPALITY = "https://w3id.org/symbios/def#Municipality"
RESOURCE_TYPES = "https://w3id.org/symbios/concept/resource-types"
BOREALIS = "https://w3id.org/symbios/id/actor/borealis"
FLY_ASH = "https://w3id.org/symbios/concept/resource-types/fly-ash"
STENUNGSUND = "https://w3id.org/symbios/id/place/stenungsund-kommun"


def _registry() -> Registry:
    resources = []
    for path in SCHEMAS.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["$id"], Resource.from_contents(schema, default_specification=DRAFT7)))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def conforms(instance, schema: str) -> None:
    """``instance`` is valid against the specification's schema ``schema`` (e.g. "manifest")."""
    contents = json.loads((SCHEMAS / f"{schema}.json").read_text(encoding="utf-8"))
    errors = sorted(Draft7Validator(contents, registry=REGISTRY).iter_errors(instance), key=lambda e: list(e.path))
    assert not errors, f"{schema}: " + "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_the_schemas_are_the_specifications_and_were_found():
    assert len(list(SCHEMAS.glob("*.json"))) == 10
    with pytest.raises(AssertionError):  # the validator does refuse what the schema forbids
        conforms({"q0": {"result": [{"name": "no id"}]}}, "reconciliation-result-batch")


def reconcile(client, queries: dict, **params) -> dict:
    response = client.post("/reconcile", data={"queries": json.dumps(queries)}, params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    conforms(body, "reconciliation-result-batch")
    return body


def extend(client, ids: list[str], properties: list, **params) -> dict:
    response = client.get("/reconcile", params={"extend": json.dumps({"ids": ids, "properties": properties}), **params})
    assert response.status_code == 200, response.text
    body = response.json()
    conforms(body, "data-extension-response")
    return body


def best(body: dict, key: str = "q0") -> dict:
    assert body[key]["result"], f"no candidate for {key}"
    return body[key]["result"][0]


# -- manifest --------------------------------------------------------------------------------

def test_the_manifest_is_valid_and_names_every_part_of_the_service(real_client):
    response = real_client.get("/reconcile")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    manifest = response.json()
    conforms(manifest, "manifest")
    assert "0.2" in manifest["versions"]
    assert manifest["identifierSpace"] == "https://w3id.org/symbios/"
    assert {t["id"] for t in manifest["defaultTypes"]} >= {ACTOR, INITIATIVE, MUNICIPALITY, RESOURCE_TYPES}
    assert set(manifest["suggest"]) == {"entity", "type", "property"}
    assert manifest["extend"]["propose_properties"]["service_path"] == "/reconcile/properties"
    assert manifest["batchSize"] == real_client.app.state.settings.reconcile_batch_size
    assert "{{id}}" in manifest["view"]["url"] and "{{id}}" in manifest["preview"]["url"]
    documentation = manifest["documentation"].removeprefix("http://testserver")
    assert real_client.get(documentation.split("#")[0]).status_code == 200


def test_a_published_record_is_reconciled_at_once(http, tokens):
    from .writing import TURTLE, new_record

    query = {"q0": {"query": "Resurshubben Vindåker", "type": INITIATIVE}}
    before = reconcile(http, query)["q0"]["result"]
    assert not any(c["match"] for c in before)
    created = http.post("/api/initiatives", content=new_record("Resurshubben Vindåker"), headers={**TURTLE, **tokens["reviewer"]})
    assert created.status_code == 201, created.text
    assert not any(c["match"] for c in reconcile(http, query)["q0"]["result"])  # a draft is not public
    published = http.post("/api/initiatives/new-hub/publish", headers={**tokens["reviewer"], "If-Match": created.headers["etag"]})
    assert published.status_code == 200, published.text
    found = best(reconcile(http, query))
    assert found["id"] == "https://w3id.org/symbios/id/initiative/new-hub" and found["match"]


def test_the_service_follows_each_publish_and_is_built_once_per_version(real_app):
    catalogue = real_app.state.catalogue
    first = catalogue.reconciliation_entities()
    assert catalogue.reconciliation_entities() is first  # the same state: built once
    catalogue.version = "changed-by-a-publish"  # what Catalogue.refresh does after a publish or withdrawal
    try:
        rebuilt = catalogue.reconciliation_entities()
        assert rebuilt is not first and rebuilt.version == "changed-by-a-publish"
        assert set(rebuilt.entities) == set(first.entities)
    finally:
        catalogue.refresh()


def test_the_manifest_speaks_the_language_asked_for(real_client):
    sv = real_client.get("/reconcile", headers={"Accept-Language": "sv"}).json()
    en = real_client.get("/reconcile", headers={"Accept-Language": "sv;q=0, en"}).json()
    assert sv["name"] != en["name"] and "Sweden" in en["name"]
    assert {t["name"] for t in en["defaultTypes"]} >= {"Actor", "Initiative", "Municipality"}


def test_every_answer_allows_cross_origin_reads(real_client):
    origin = {"Origin": "http://127.0.0.2:3333"}
    for path in ("/reconcile", "/reconcile/suggest/entity?prefix=bor", f"/reconcile/preview?id={BOREALIS}",
                 f"/reconcile/properties?type={RESOURCE_TYPES}"):
        assert real_client.get(path, headers=origin).headers.get("access-control-allow-origin") == "*", path
    posted = real_client.post("/reconcile", data={"queries": json.dumps({"q0": {"query": "Borealis"}})}, headers=origin)
    assert posted.headers.get("access-control-allow-origin") == "*"


# -- reconciliation queries -----------------------------------------------------------------------

def test_a_company_name_as_a_spreadsheet_writes_it_is_a_match(real_client):
    body = reconcile(real_client, {"a": {"query": "BOREALIS AB", "type": ACTOR},
                                   "b": {"query": "Perstorp Oxo AB (publ)", "type": ACTOR},
                                   "c": {"query": "Ragn-Sells AB", "type": ACTOR},
                                   "d": {"query": "umea energi", "type": ACTOR}})
    assert best(body, "a")["id"] == BOREALIS and best(body, "a")["match"] is True
    assert best(body, "b")["id"].endswith("/actor/perstorp-oxo") and best(body, "b")["match"]
    assert best(body, "c")["id"].endswith("/actor/ragn-sells") and best(body, "c")["match"]
    assert best(body, "d")["id"].endswith("/actor/umea-energi") and best(body, "d")["match"]
    assert best(body, "a")["score"] == 100 and {"id": "name_equal", "value": True} in best(body, "a")["features"]


def test_a_name_the_catalogue_lacks_gets_candidates_but_no_match(real_client):
    result = reconcile(real_client, {"q0": {"query": "Stora Enso Skoghall AB", "type": ACTOR}})["q0"]["result"]
    assert not any(c["match"] for c in result)
    assert all(c["score"] < 90 for c in result)


def test_a_long_description_or_punctuation_alone_is_answered_not_refused(real_client):
    long = " ".join(["flygaska"] + ["från"] * 40)[:200]
    body = reconcile(real_client, {"long": {"query": long, "type": RESOURCE_TYPES}, "marks": {"query": "!!! ???"}})
    assert best(body, "long")["id"] == FLY_ASH
    assert not any(c["match"] for c in body["marks"]["result"])


def test_candidates_are_sorted_by_score_and_cut_to_the_limit(real_client):
    result = reconcile(real_client, {"q0": {"query": "Energi", "type": ACTOR, "limit": 3}})["q0"]["result"]
    assert 1 <= len(result) <= 3
    assert [c["score"] for c in result] == sorted((c["score"] for c in result), reverse=True)


def test_the_type_restricts_the_candidates_and_is_given_with_them(real_client):
    body = reconcile(real_client, {"actor": {"query": "Stenungsund", "type": ACTOR},
                                   "place": {"query": "Stenungsund", "type": MUNICIPALITY},
                                   "any": {"query": "Stenungsund"}})
    assert all(c["type"][0]["id"] == ACTOR for c in body["actor"]["result"])
    assert best(body, "place")["id"] == STENUNGSUND and best(body, "place")["match"]
    assert {c["type"][0]["id"] for c in body["any"]["result"]} >= {MUNICIPALITY}


def test_a_type_may_be_named_by_its_last_part(real_client):
    body = reconcile(real_client, {"q0": {"query": "Borealis", "type": "actor"}})
    assert best(body)["id"] == BOREALIS


def test_a_waste_description_finds_its_resource_type_in_swedish_and_english(real_client):
    body = reconcile(real_client, {"sv": {"query": "Flygaska", "type": RESOURCE_TYPES},
                                   "en": {"query": "fly ash", "type": RESOURCE_TYPES},
                                   "heat_sv": {"query": "spillvärme", "type": RESOURCE_TYPES},
                                   "heat_en": {"query": "surplus heat", "type": RESOURCE_TYPES}})
    assert best(body, "sv")["id"] == FLY_ASH and best(body, "en")["id"] == FLY_ASH
    assert best(body, "heat_sv")["id"] == best(body, "heat_en")["id"]


def test_a_list_of_waste_code_names_its_resource_type(real_client):
    for code in ("19 01 14", "190114"):
        found = best(reconcile(real_client, {"q0": {"query": code, "type": RESOURCE_TYPES}}))
        assert found["id"] == FLY_ASH and found["match"], code


def test_a_compound_with_a_generic_ending_is_found_but_not_certain(real_client):
    found = best(reconcile(real_client, {"q0": {"query": "Glasavfall", "type": RESOURCE_TYPES}}))
    assert found["id"].endswith("/resource-types/glass") and not found["match"] and found["score"] >= 90


def test_names_come_in_the_language_asked_for(real_client):
    sv = best(reconcile(real_client, {"q0": {"query": "fly ash", "type": RESOURCE_TYPES}}, lang="sv"))
    en = best(reconcile(real_client, {"q0": {"query": "fly ash", "type": RESOURCE_TYPES}}, lang="en"))
    assert (sv["name"], en["name"]) == ("Flygaska", "Fly ash")


def test_an_iri_as_query_names_that_entity(real_client):
    found = best(reconcile(real_client, {"q0": {"query": BOREALIS}}))
    assert found["id"] == BOREALIS and found["match"]


def test_a_property_constraint_raises_the_candidates_that_meet_it(real_client):
    body = reconcile(real_client, {
        "here": {"query": "Borealis", "type": ACTOR, "properties": [{"pid": "municipality", "v": "Stenungsund"}]},
        "id": {"query": "Borealis", "type": ACTOR, "properties": [{"pid": "municipality", "v": {"id": STENUNGSUND}}]},
        "elsewhere": {"query": "Borealis", "type": ACTOR, "properties": [{"pid": "municipality", "v": "Umeå"}]}})
    here, elsewhere = best(body, "here"), best(body, "elsewhere")
    assert here["id"] == BOREALIS and here["match"] and {"id": "properties", "value": 1.0} in here["features"]
    assert best(body, "id")["match"]
    assert elsewhere["id"] == BOREALIS and not elsewhere["match"] and elsewhere["score"] < here["score"]


def test_a_query_of_properties_alone_finds_what_meets_them(real_client):
    result = reconcile(real_client, {"q0": {"type": ACTOR, "properties": [
        {"pid": "municipality", "v": "Stenungsund"}, {"pid": "provides", "v": "Restvärme"}]}})["q0"]["result"]
    assert result and all(c["type"][0]["id"] == ACTOR for c in result)
    extended = extend(real_client, [result[0]["id"]], [{"id": "municipality"}])
    assert STENUNGSUND in {v["id"] for v in extended["rows"][result[0]["id"]]["municipality"]}


def test_the_specifications_minimal_query_batch_is_answered(real_client):
    example = {"q0": {"query": "Christel Hanewinckel"}, "q1": {"query": "Ernst Abbe"}}
    conforms(example, "reconciliation-query-batch")
    body = reconcile(real_client, example)
    assert set(body) == {"q0", "q1"}


def test_queries_also_come_by_get(real_client):
    response = real_client.get("/reconcile", params={"queries": json.dumps({"q0": {"query": "Borealis AB", "type": ACTOR}})})
    assert response.status_code == 200 and best(response.json())["id"] == BOREALIS


# -- errors ------------------------------------------------------------------------------------

@pytest.mark.parametrize("queries, says", [
    ("{not json", "not JSON"),
    ("[]", "JSON object"),
    ('{"q0": "Borealis"}', "must be an object"),
    ('{"q0": {"name": "Borealis"}}', "unknown field 'name'"),
    ('{"q0": {"query": ""}}', "non-empty"),
    ('{"q0": {"query": "Borealis", "limit": 0}}', "positive whole number"),
    ('{"q0": {"query": "Borealis", "type": "Spaceship"}}', "Unknown type"),
    ('{"q0": {"query": "Borealis", "type": "actor", "properties": [{"pid": "P17", "v": "Q34"}]}}', "Unknown property 'P17'"),
    ('{"q0": {"type": "actor"}}', "needs a 'query'"),
    ("[" * 100_000, "JSON"),
])
def test_a_bad_query_batch_is_a_400_that_says_what_to_send(real_client, queries, says):
    response = real_client.post("/reconcile", data={"queries": queries})
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["ok"] is False and body["parameter"] == "queries" and says in body["error"]


def test_a_batch_larger_than_the_manifest_says_is_a_413(real_client):
    size = real_client.app.state.settings.reconcile_batch_size
    queries = {f"q{n}": {"query": "Borealis"} for n in range(size + 1)}
    response = real_client.post("/reconcile", data={"queries": json.dumps(queries)})
    assert response.status_code == 413 and response.json()["limit"] == size


def test_a_query_text_longer_than_the_limit_is_a_400(real_client):
    limit = real_client.app.state.settings.query_text_max
    response = real_client.post("/reconcile", data={"queries": json.dumps({"q0": {"query": "x" * (limit + 1)}})})
    assert response.status_code == 400 and response.json()["limit"] == limit


def test_jsonp_is_refused_with_a_pointer_to_cors(real_client):
    response = real_client.get("/reconcile", params={"callback": "jQuery123"})
    assert response.status_code == 400 and "CORS" in response.json()["error"]


def test_queries_and_extend_together_are_a_400(real_client):
    response = real_client.get("/reconcile", params={"queries": "{}", "extend": "{}"})
    assert response.status_code == 400 and "either" in response.json()["error"]


# -- suggest -------------------------------------------------------------------------------------

def test_entity_suggestions_start_with_what_was_typed(real_client):
    response = real_client.get("/reconcile/suggest/entity", params={"prefix": "boreal"})
    assert response.status_code == 200
    body = response.json()
    conforms(body, "suggest-entities-response")
    assert body["result"][0]["id"] == BOREALIS and body["result"][0]["notable"][0]["id"] == ACTOR


def test_entity_suggestions_page_with_cursor_and_narrow_by_type(real_client):
    first = real_client.get("/reconcile/suggest/entity", params={"prefix": "kommun", "type": ACTOR}).json()["result"]
    second = real_client.get("/reconcile/suggest/entity", params={"prefix": "kommun", "type": ACTOR, "cursor": 10}).json()["result"]
    assert len(first) == 10 and second
    assert not {e["id"] for e in first} & {e["id"] for e in second}
    assert all(e["notable"][0]["id"] == ACTOR for e in first + second)


def test_an_iri_as_prefix_suggests_that_entity(real_client):
    body = real_client.get("/reconcile/suggest/entity", params={"prefix": FLY_ASH}).json()
    assert body["result"][0]["id"] == FLY_ASH


def test_type_and_property_suggestions_are_valid(real_client):
    types = real_client.get("/reconcile/suggest/type", params={"prefix": "resurs"}).json()
    conforms(types, "suggest-types-response")
    assert types["result"][0]["id"] == RESOURCE_TYPES
    properties = real_client.get("/reconcile/suggest/property", params={"prefix": "kom", "type": ACTOR}).json()
    conforms(properties, "suggest-properties-response")
    assert [p["id"] for p in properties["result"]] == ["municipality"]
    english = real_client.get("/reconcile/suggest/property", params={"prefix": "waste", "lang": "en"}).json()
    assert "list_of_waste" in {p["id"] for p in english["result"]}


def test_a_suggestion_needs_a_prefix(real_client):
    response = real_client.get("/reconcile/suggest/entity")
    assert response.status_code == 400 and response.json()["ok"] is False


# -- data extension --------------------------------------------------------------------------------

def test_property_proposals_are_those_of_the_type(real_client):
    response = real_client.get("/reconcile/properties", params={"type": RESOURCE_TYPES, "limit": 50})
    body = response.json()
    conforms(body, "data-extension-property-proposal")
    assert body["type"] == RESOURCE_TYPES and body["limit"] == 50
    assert {"list_of_waste", "broader", "initiative"} <= {p["id"] for p in body["properties"]}
    actor = real_client.get("/reconcile/properties", params={"type": ACTOR}).json()
    assert {"municipality", "provides", "receives", "initiative", "nace"} <= {p["id"] for p in actor["properties"]}


def test_extension_gives_a_resource_types_list_of_waste_codes(real_client):
    body = extend(real_client, [FLY_ASH], [{"id": "list_of_waste"}, {"id": "list_of_waste_title"}])
    assert {v["str"] for v in body["rows"][FLY_ASH]["list_of_waste"]} == {"19 01 14", "10 01 02"}
    assert any(v["str"].startswith("19 01 14 fly ash") for v in body["rows"][FLY_ASH]["list_of_waste_title"])
    assert [m["id"] for m in body["meta"]] == ["list_of_waste", "list_of_waste_title"]


def test_extension_gives_an_actors_places_initiatives_and_flows_as_entities(real_client):
    body = extend(real_client, [BOREALIS], [{"id": "municipality"}, {"id": "initiative"}, {"id": "provides"},
                                            {"id": "receives"}, {"id": "actor_type"}])
    row = body["rows"][BOREALIS]
    assert STENUNGSUND in {v["id"] for v in row["municipality"]}
    assert "https://w3id.org/symbios/id/initiative/kemiklustret-stenungsund" in {v["id"] for v in row["initiative"]}
    assert row["provides"] or row["receives"]
    assert all(set(v) == {"id", "name"} for values in row.values() for v in values)
    meta = {m["id"]: m for m in body["meta"]}
    assert meta["municipality"]["type"]["id"] == MUNICIPALITY


def test_extension_limits_values_and_gives_empty_rows_for_unknown_ids(real_client):
    body = extend(real_client, [BOREALIS, "https://example.org/unknown"],
                  [{"id": "initiative", "settings": {"limit": "1"}}])
    assert len(body["rows"][BOREALIS]["initiative"]) == 1
    assert body["rows"]["https://example.org/unknown"] == {"initiative": []}


def test_extension_of_an_unknown_property_is_a_400_listing_them(real_client):
    response = real_client.get("/reconcile", params={"extend": json.dumps({"ids": [BOREALIS], "properties": [{"id": "P17"}]})})
    assert response.status_code == 400 and "municipality" in response.json()["accepted"]


def test_the_specifications_extension_query_shape_is_read(real_client):
    query = {"ids": [BOREALIS], "properties": [{"id": "municipality"}, {"id": "initiative", "settings": {"limit": 0}}]}
    conforms(query, "data-extension-query")
    response = real_client.post("/reconcile", data={"extend": json.dumps(query)})
    assert response.status_code == 200
    conforms(response.json(), "data-extension-response")


# -- preview and view -------------------------------------------------------------------------------

def test_the_preview_is_a_small_page_another_site_may_frame(real_client):
    response = real_client.get("/reconcile/preview", params={"id": BOREALIS, "lang": "en"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "Borealis AB" in response.text and "Stenungsund" in response.text
    assert "frame-ancestors *" in response.headers["content-security-policy"]
    assert "script-src" not in response.headers["content-security-policy"] and "<script" not in response.text


def test_other_pages_still_refuse_to_be_framed(real_client):
    assert "frame-ancestors 'none'" in real_client.get("/reconcile").headers["content-security-policy"]


def test_the_view_redirects_to_the_entitys_page_and_only_for_entities(real_client):
    response = real_client.get("/reconcile/view", params={"id": FLY_ASH}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/concept/resource-types/fly-ash"
    unknown = real_client.get("/reconcile/view", params={"id": "https://evil.example/"}, follow_redirects=False)
    assert unknown.status_code == 404 and "location" not in unknown.headers
