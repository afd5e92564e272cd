"""Similar initiatives: scores from the knowledge graph, reasons in sv and en, API, profile and CLI."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from catalogue.cli import main
from catalogue.service import Catalogue
from catalogue.similarity import ConceptSimilarity

RT = "https://w3id.org/symbios/concept/resource-types/"


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


def test_a_municipality_profile_finds_greenhouses_on_waste_heat(real_settings, real_store):
    from fastapi.testclient import TestClient

    from api.app import create_app

    http = TestClient(create_app(real_settings, store=real_store))
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


def test_the_initiative_page_shows_similar_initiatives_with_reasons(real_settings, real_store):
    from fastapi.testclient import TestClient

    from api.app import create_app

    page = TestClient(create_app(real_settings, store=real_store)).get(
        "/id/initiative/perstorp-oxo?lang=sv", headers={"Accept": "text/html"})
    assert 'id="similar"' in page.text and "Båda utbyter tekniskt vatten" in page.text


def pairwise_ranking(index, profile, limit):
    """The ranking by the pair-by-pair definition of the score, to check the all-at-once one against."""
    scored = [(round(index.compare(profile, other)[0], 9), other.iri) for other in index.profiles.values()
              if other.iri != profile.iri]
    return sorted([s for s in scored if s[0] > 0], key=lambda s: (-s[0], s[1]))[:limit]


@pytest.mark.parametrize("weights", [{}, {"distance": 1.0, "barriers": 2.0}])
def test_ranking_all_initiatives_at_once_gives_the_pairwise_scores_and_order(real_store, weights):
    from catalogue.similarity import SimilarityIndex

    catalogue = Catalogue(real_store)
    index = SimilarityIndex(catalogue.similarity.profiles, catalogue.concepts, catalogue.labels, weights)
    for profile in list(index.profiles.values()):
        expected = pairwise_ranking(index, profile, 10)
        found = index.ranked(profile, 10)
        assert [iri for _, iri in found] == [iri for _, iri in expected], profile.iri
        assert [score for score, _ in found] == pytest.approx([score for score, _ in expected], abs=1e-9)


def test_a_free_profile_is_ranked_like_its_pairwise_scores(catalogue):
    index = catalogue.similarity
    profile = index.profile_from({"flows": [{"provider_type": "company", "resource": "low-temperature-waste-heat"}],
                                  "kinds": ["place-based-symbiosis"]})
    expected = pairwise_ranking(index, profile, 8)
    assert [item["iri"] for item in index.rank(profile, 8)] == [iri for _, iri in expected]
