"""Similar initiatives: scores from the knowledge graph, reasons in sv and en, API, profile and CLI."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import main
from catalogue.service import Catalogue
from catalogue.labels import in_sentence
from catalogue.similarity import ConceptSimilarity, SimilarityIndex
from catalogue.similarity_reasons import Reasons, with_article

RT = "https://w3id.org/symbios/concept/resource-types/"
PLACE = "https://w3id.org/symbios/id/place/"
WEST = PLACE + "vastra-gotalands-lan"


@pytest.fixture(scope="module")
def catalogue(real_store) -> Catalogue:
    return Catalogue(real_store)


def test_the_same_concept_counts_more_than_a_broader_one_and_siblings_less(catalogue):
    alike = ConceptSimilarity(catalogue.concepts)
    same = alike(RT + "low-temperature-waste-heat", RT + "low-temperature-waste-heat")[0]
    parent = alike(RT + "low-temperature-waste-heat", RT + "waste-heat")[0]
    sibling = alike(RT + "low-temperature-waste-heat", RT + "industrial-waste-heat")[0]
    unrelated = alike(RT + "low-temperature-waste-heat", RT + "technical-water")[0]
    assert same == 1.0 and same > parent > sibling > unrelated == 0.0


def test_initiatives_sharing_only_a_top_category_are_not_called_alike(catalogue):
    assert ConceptSimilarity(catalogue.concepts)(RT + "steam", RT + "electricity")[0] == 0.0


def test_perstorps_technical_water_resembles_the_gothenburg_technical_water_cases(catalogue):
    found = catalogue.similarity.similar_to("perstorp-oxo", 3, "sv")
    assert found[0]["slug"] == "goteborg-novo-gryaab-goteborg-energi"
    assert "Båda utbyter tekniskt vatten" in [r["sv"] for r in found[0]["reasons"]]
    assert "Both exchange technical water" in [r["en"] for r in found[0]["reasons"]]


def test_resource_hub_saevsjoe_resembles_malmoe_first(catalogue):
    assert catalogue.similarity.similar_to("resurshubb-savsjo", 1)[0]["slug"] == "resurshubb-malmo"


def test_the_api_gives_scores_components_and_reasons(client):
    response = client.get("/api/initiatives/test-park/similar")
    assert response.status_code == 200
    assert response.json()["weights"]["resources"] > 0


def test_a_municipality_profile_finds_greenhouses_on_waste_heat(real_client):
    http = real_client
    profile = {"flows": [{"provider_type": "company", "resource": "low-temperature-waste-heat"}],
               "kinds": ["place-based-symbiosis"], "drivers": ["local-food-production"], "lang": "en"}
    response = http.post("/api/similar", json=profile)
    assert response.status_code == 200, response.text
    top = [item["slug"] for item in response.json()["items"][:3]]
    assert "regenergy-frovi" in top
    assert any(r["en"].startswith("Both") for r in response.json()["items"][0]["reasons"])


def test_an_unknown_concept_in_a_profile_names_the_key_and_the_scheme(client):
    response = client.post("/api/similar", json={"resource_types": ["unobtainium"]})
    assert response.status_code == 400
    assert response.json()["parameter"] == "resource_types" and "resource-types" in response.json()["error"]
    assert client.post("/api/similar", json={}).status_code == 400
    assert client.post("/api/similar", json={"colour": ["red"]}).json()["parameter"] == "colour"


def test_an_unknown_initiative_gets_404(client):
    assert client.get("/api/initiatives/nowhere/similar").status_code == 404


def test_symbios_similar_prints_the_reasons(tmp_path, monkeypatch):
    import shutil

    from .conftest import FIXTURES

    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "catalogue", data)
    park = (data / "initiatives" / "test-park.ttl").read_text(encoding="utf-8")
    (data / "initiatives" / "twin-park.ttl").write_text(park.replace("initiative/test-park", "initiative/twin-park")
                                                        .replace("Testparken", "Tvillingparken"), encoding="utf-8")
    monkeypatch.setenv("SYMBIOS_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("SYMBIOS_DATA", str(data))
    runner = CliRunner()
    assert runner.invoke(main, ["load"]).exit_code == 0
    result = runner.invoke(main, ["similar", "test-park", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1. Test Park (twin-park)")
    assert "Both exchange waste heat" in result.output
    missing = runner.invoke(main, ["similar", "nowhere"])
    assert missing.exit_code == 1 and "nowhere" in missing.output


def test_the_initiative_page_shows_similar_initiatives_with_reasons(real_client):
    page = real_client.get(
        "/id/initiative/perstorp-oxo?lang=sv", headers={"Accept": "text/html"})
    assert 'id="similar"' in page.text and "Båda utbyter tekniskt vatten" in page.text


def pairwise_ranking(index, profile, limit):
    """The ranking by the pair-by-pair definition of the score, to check the all-at-once one against."""
    scored = [(round(index.compare(profile, other)[0], 9), other.iri) for other in index.profiles.values()
              if other.iri != profile.iri]
    return sorted([s for s in scored if s[0] > 0], key=lambda s: (-s[0], s[1]))[:limit]


def reweighted(catalogue, weights) -> SimilarityIndex:
    """The curated catalogue's similarity index with other weights."""
    index = catalogue.similarity
    return SimilarityIndex(index.profiles, catalogue.concepts, catalogue.labels, weights, index.places)


@pytest.mark.parametrize("weights", [{}, {"distance": 1.0, "barriers": 2.0}, {"region": 1.0},
                                     {"region": 2.0, "distance": 1.0, "roles": 0.0}])
def test_ranking_all_initiatives_at_once_gives_the_pairwise_scores_and_order(catalogue, weights):
    index = reweighted(catalogue, weights)
    for profile in list(index.profiles.values()):
        expected = pairwise_ranking(index, profile, 10)
        found = index.ranked(profile, 10)
        assert [iri for _, iri in found] == [iri for _, iri in expected], profile.iri
        assert [score for score, _ in found] == pytest.approx([score for score, _ in expected], abs=1e-9)


@pytest.mark.parametrize("place", [{}, {"region": "vastra-gotalands-lan"}, {"municipality": "stenungsund-kommun"},
                                   {"region": ["skane-lan", "orebro-lan"]}])
def test_a_free_profile_is_ranked_like_its_pairwise_scores(catalogue, place):
    index = reweighted(catalogue, {"region": 1.0, "distance": 1.0})
    profile = index.profile_from({"flows": [{"provider_type": "company", "resource": "low-temperature-waste-heat"}],
                                  "kinds": ["place-based-symbiosis"], **place})
    expected = pairwise_ranking(index, profile, 8)
    found = index.rank(profile, 8)
    assert [item["iri"] for item in found] == [iri for _, iri in expected]
    assert [item["score"] for item in found] == pytest.approx([score for score, _ in expected], abs=1e-4)


# -- where a plan is: region and municipality in a profile (#7) --------------------------------------

def test_a_profile_naming_a_county_scores_initiatives_in_it_on_the_region_component(catalogue):
    index = reweighted(catalogue, {"region": 1.0})
    profile = index.profile_from({"resource_types": ["technical-water"], "region": "vastra-gotalands-lan"})
    assert profile.sets["region"] == {WEST} and profile.point is None  # the county record has no point
    found = index.rank(profile, 10, "en")
    assert found and all("region" in item["components"] for item in found if item["iri"] in index.matrix.row)
    western = [item for item in found if WEST in index.profiles[item["iri"]].sets.get("region", ())]
    assert western and all(item["components"]["region"] == 1.0 for item in western)
    assert all("Both are in Västra Götalands län" in [r["en"] for r in item["reasons"]] for item in western)
    elsewhere = index.rank(index.profile_from({"resource_types": ["technical-water"], "region": "skane-lan"}), 10)
    assert [item["iri"] for item in found] != [item["iri"] for item in elsewhere], "the county changes the ranking"


def test_a_profile_naming_a_municipality_gets_its_county_and_its_seat_for_distance(catalogue):
    index = reweighted(catalogue, {"distance": 1.0})
    profile = index.profile_from({"resource_types": ["steam"], "municipality": "stenungsund-kommun"})
    assert profile.sets["region"] == {WEST}
    assert profile.point == pytest.approx((58.07046, 11.8181))  # Stenungsund's seat, from its place record
    top = index.rank(profile, 5, "sv")
    assert all("distance" in item["components"] for item in top)
    assert any(item["slug"] == "kemiklustret-stenungsund" and item["components"]["distance"] > 0.99 for item in top)
    assert index.profile_from({"resource_types": ["steam"], "region": "stenungsund-kommun"}).point == profile.point, \
        "a municipality given as the region stands for its county and its seat"


def test_an_unknown_region_in_a_profile_is_a_400_naming_the_parameter_and_the_accepted_values(real_client):
    http = real_client
    response = http.post("/api/similar", json={"resource_types": ["steam"], "region": "atlantis"})
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and body["parameter"] == "region" and "atlantis" in body["error"]
    assert "vastra-gotalands-lan" in body["accepted"] and "/api/initiatives" in body["error"]
    county = http.post("/api/similar", json={"resource_types": ["steam"], "municipality": "skane-lan"})
    assert county.status_code == 400 and county.json()["parameter"] == "municipality"
    assert "stenungsund-kommun" in county.json()["accepted"]
    assert http.post("/api/similar", json={"resource_types": ["steam"], "region": 7}).json()["parameter"] == "region"
    ok = http.post("/api/similar", json={"resource_types": ["steam"], "region": "vastra-gotalands-lan"})
    assert ok.status_code == 200, ok.text


# -- explanations: every component that scores has a reason (#7) ------------------------------------

@pytest.mark.parametrize("weights", [{}, {"distance": 1.0, "region": 1.0}])
def test_every_component_that_scores_in_a_top_five_has_a_reason_in_swedish_and_english(catalogue, weights):
    index = reweighted(catalogue, weights)
    checked = 0
    for iri in index.profiles:
        for item in index.similar_to(iri.rsplit("/", 1)[-1], 5):
            explained = {reason["component"] for reason in item["reasons"] if reason["sv"] and reason["en"]}
            scoring = {name for name, value in item["components"].items() if value > 0}
            assert scoring <= explained, (iri, item["slug"], scoring - explained)
            checked += 1
    assert checked > 100


def test_reasons_keep_each_components_best_before_filling_up_to_the_cap():
    from catalogue.similarity_reasons import shown

    reasons = [{"component": "resources", "en": f"r{n}", "sv": f"r{n}"} for n in range(8)]
    reasons += [{"component": "barriers", "en": "b", "sv": "b"}, {"component": "roles", "en": "o", "sv": "o"}]
    kept = shown(reasons, cap=6)
    assert [r["en"] for r in kept] == ["r0", "r1", "r2", "r3", "b", "o"]
    many = [{"component": f"c{n}", "en": str(n), "sv": str(n)} for n in range(8)]
    assert shown(many, cap=6) == many, "more components than the cap: each keeps its reason"


# -- the weights setting (#7) -----------------------------------------------------------------------

@pytest.mark.parametrize("text, part", [("bogus=1", "bogus=1"), ("resources=abc", "resources=abc"),
                                        ("resources=3,flows", "flows"), ("kinds=-1", "kinds=-1")])
def test_a_bad_weights_setting_is_refused_naming_the_variable_the_part_and_the_components(text, part):
    from catalogue.errors import BadSetting
    from catalogue.settings import Settings

    with pytest.raises(BadSetting) as refused:
        Settings.from_env({"SYMBIOS_SIMILARITY_WEIGHTS": text})
    message = refused.value.message
    assert message.startswith("SYMBIOS_SIMILARITY_WEIGHTS:") and repr(part) in message
    assert "resources, flows, kinds" in message and "region" in message


def test_the_app_refuses_to_start_with_bad_weights(real_store, monkeypatch):
    from api.app import create_app
    from catalogue.errors import BadSetting
    from catalogue.settings import Settings

    monkeypatch.setenv("SYMBIOS_SIMILARITY_WEIGHTS", "bogus=1")
    monkeypatch.setenv("SYMBIOS_STORE", ":memory:")
    with pytest.raises(BadSetting, match=r"SYMBIOS_SIMILARITY_WEIGHTS: 'bogus=1' names no similarity component"):
        create_app()
    with pytest.raises(BadSetting, match=r"SYMBIOS_SIMILARITY_WEIGHTS: 'bogus=1' names no similarity component"):
        create_app(Settings(store=":memory:", similarity_weights={"bogus": 1}), store=real_store)


def test_good_weights_are_read_as_numbers():
    from catalogue.settings import Settings

    weights = Settings.from_env({"SYMBIOS_SIMILARITY_WEIGHTS": " resources=2 , region=0.5,distance=1 "}).similarity_weights
    assert weights == {"resources": 2.0, "region": 0.5, "distance": 1.0}


@pytest.mark.parametrize("noun, phrase", [
    ("industrial cluster", "an industrial cluster"), ("eco-industrial park", "an eco-industrial park"),
    ("company", "a company"), ("university", "a university"), ("EU body", "an EU body"),
    ("UN agency", "a UN agency"), ("intermediary", "an intermediary"),
])
def test_english_reasons_put_a_or_an_by_the_sound_the_noun_begins_with(noun, phrase):
    assert with_article(noun) == phrase


def test_labels_keep_their_acronyms_when_lowered_into_a_sentence():
    assert [in_sentence(label) for label in ("Industrikluster", "EU body", "CO2", "Biogenic CO2")] == [
        "industrikluster", "EU body", "CO2", "biogenic CO2"]


def test_the_reason_for_a_shared_kind_reads_as_english(catalogue):
    cluster = "https://w3id.org/symbios/concept/initiative-kinds/industrial-cluster"
    reason = Reasons(catalogue.labels).concept("kinds", cluster, cluster, 1.0, cluster)
    assert reason["en"] == "Both are an industrial cluster" and reason["sv"] == "Båda är industrikluster"
