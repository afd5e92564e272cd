"""The symbiosis map data: actors that provide or receive, exchanges as edges with category and status."""

from __future__ import annotations

from catalogue.concepts import ConceptIndex
from catalogue.symbiosis_map import map_data, top_category
from catalogue.views import initiative_view


def test_a_resource_type_belongs_to_its_top_category(real_store):
    concepts = ConceptIndex.build(real_store)
    assert top_category("https://w3id.org/symbios/concept/resource-types/low-temperature-waste-heat", concepts) == "energy"
    assert top_category("https://w3id.org/symbios/concept/resource-types/technical-water", concepts) == "water"
    assert top_category("https://w3id.org/symbios/concept/resource-types/water", concepts) == "water"


def test_steam_under_energy_and_gases_is_drawn_as_energy(real_store):
    """A concept with two broader concepts gets one category on the map: the first by IRI (see rt:steam's scope note)."""
    concepts = ConceptIndex.build(real_store)
    assert top_category("https://w3id.org/symbios/concept/resource-types/steam", concepts) == "energy"


def test_the_stenungsund_map_draws_borealis_delivering_to_the_other_companies(real_store):
    from catalogue.labels import Labels

    item = initiative_view(real_store, Labels.build(real_store), "kemiklustret-stenungsund", "sv")
    data = map_data(item, ConceptIndex.build(real_store), "okänd")
    borealis = "https://w3id.org/symbios/id/actor/borealis"
    from_borealis = {e["resource"] for e in data["edges"] if e["source"] == borealis}
    assert {"hydrogen", "ethene-propene"} <= from_borealis
    assert len(data["edges"]) == len(item["exchanges"])
    steam = next(e for e in data["edges"] if e["resource"] == "steam")  # provider and receiver both "ej angivet"
    assert steam["source"] != steam["target"], "an unstated provider is never its own receiver"
    drawn = {n["id"] for n in data["nodes"]}
    assert drawn == {e["source"] for e in data["edges"]} | {e["target"] for e in data["edges"]}


def test_descriptions_of_one_party_share_a_key_and_a_note_in_parentheses_does_not_count():
    from catalogue.symbiosis_map import party_key

    assert party_key("en gemensam reningsanläggning") == party_key("den gemensamma reningsanläggningen")
    assert party_key("biogasanläggningen") == party_key("Biogasanläggning")
    assert party_key("växthusen (Regenergy Frövi)") == party_key("växthus för tomatodling (Regenergy Frövi)"), \
        "a parenthesis that names the party is the party"
    assert party_key("tekniskt vatten (leverantör ej angiven)") == party_key("tekniskt vatten")
    assert party_key("ej angivet (framtida vätgasförsörjning)") is None, "not stated, whatever the note"
    assert party_key("landbaserad laxodling") != party_key("kiselalgodling")
    assert party_key("sjömatsindustrierna") != party_key("livsmedels- och sjömatsindustrierna")


def _exchange(provider=None, provider_description=None, receiver=None, receiver_description=None):
    return {"provider": provider, "provider_description": provider_description, "receiver": receiver,
            "receiver_description": receiver_description, "resource_type": None, "status": None}


def test_the_same_plant_described_twice_is_one_node_and_each_exchange_still_one_edge(real_store):
    concepts = ConceptIndex.build(real_store)
    item = {"roles": [], "exchanges": [
        _exchange(provider_description="sjömatsindustrierna", receiver_description="en gemensam reningsanläggning"),
        _exchange(provider_description="den gemensamma reningsanläggningen", receiver_description="biogasanläggningen"),
        _exchange(provider_description="ej angivet", receiver_description="ej angivet"),
    ]}
    data = map_data(item, concepts, "okänd")
    assert len(data["edges"]) == 3
    assert data["edges"][0]["target"] == data["edges"][1]["source"]
    assert data["nodes"][1]["label"] == "en gemensam reningsanläggning", "the first description names the node"
    assert data["edges"][2]["source"] != data["edges"][2]["target"]
    assert len(data["nodes"]) == 5


def test_a_description_that_names_an_actor_of_the_initiative_joins_the_actors_node(real_store):
    concepts = ConceptIndex.build(real_store)
    perstorp = {"iri": "https://w3id.org/symbios/id/actor/perstorp-oxo", "slug": "perstorp-oxo", "label": "Perstorp Oxo AB"}
    item = {"roles": [{"actor": perstorp}], "exchanges": [
        _exchange(provider_description="kommunen", receiver=perstorp),
        _exchange(provider_description="Perstorp Oxo AB", receiver_description="fjärrvärmenätet"),
    ]}
    data = map_data(item, concepts, "okänd")
    assert data["edges"][1]["source"] == perstorp["iri"]
    assert [n["kind"] for n in data["nodes"]].count("actor") == 1


def test_the_sotenas_map_draws_the_shared_treatment_plant_once(real_store):
    from catalogue.labels import Labels

    item = initiative_view(real_store, Labels.build(real_store), "sotenas-symbiosnatverk", "sv")
    data = map_data(item, ConceptIndex.build(real_store), "okänd")
    plants = [n for n in data["nodes"] if "reningsanläggning" in n["label"]]
    assert len(plants) == 1
    assert len(data["edges"]) == len(item["exchanges"])
    assert data["legend"]["kinds"] == ["actor", "described"]
    assert [s["slug"] for s in data["legend"]["statuses"]] == ["existing"]
