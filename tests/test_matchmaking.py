"""Matchmaking: providers and receivers of the same or related resource types that do not exchange yet."""

from __future__ import annotations

import pytest

from catalogue.service import Catalogue

RT = "https://w3id.org/symbios/concept/resource-types/"


@pytest.fixture(scope="module")
def catalogue(real_store) -> Catalogue:
    return Catalogue(real_store)


def test_existing_exchanges_are_never_proposed(catalogue):
    matchmaker = catalogue.matchmaker
    for item in matchmaker.opportunities(limit=200):
        assert (item["provider"]["iri"], item["receiver"]["iri"]) not in matchmaker.existing_pairs
        assert item["provider"]["iri"] != item["receiver"]["iri"]


def test_a_resource_filter_keeps_only_that_resource_or_related_ones(catalogue):
    items = catalogue.matchmaker.opportunities(resource=RT + "waste-heat", limit=200)
    assert items
    for item in items:
        assert "restvärme" in item["provides"]["label"].lower(), "the provider offers the resource asked for"


def test_waste_heat_providers_are_matched_with_greenhouse_operators_with_precedents(catalogue):
    items = catalogue.matchmaker.opportunities(resource=RT + "low-temperature-waste-heat", limit=50, lang="en")
    wa3rm = [i for i in items if i["receiver"]["slug"] == "wa3rm"]
    assert wa3rm, "Wa3rm receives low-temperature waste heat in Frövi; other providers are candidates"
    assert any(p["slug"] == "regenergy-frovi" for p in wa3rm[0]["precedents"])
    assert wa3rm[0]["reason"]["en"].endswith("receives in another initiative")


def test_distance_and_county_narrow_the_pairs(catalogue):
    near = catalogue.matchmaker.opportunities(max_km=50, limit=200)
    assert near and all(i["distance_km"] is not None and i["distance_km"] <= 50 for i in near)
    everything = catalogue.matchmaker.opportunities(limit=200)
    assert len(near) < len(everything)
    west = catalogue.matchmaker.opportunities(region="https://w3id.org/symbios/id/place/vastra-gotalands-lan", limit=200)
    assert west and len(west) < len(everything)


def test_the_api_checks_its_parameters(client):
    assert client.get("/api/opportunities").status_code == 200
    assert client.get("/api/opportunities?resource=unobtainium").json()["parameter"] == "resource"
    assert client.get("/api/opportunities?max_km=-5").status_code == 400
    assert client.get("/api/opportunities?colour=red").json()["parameter"] == "colour"
