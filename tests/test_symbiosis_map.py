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
