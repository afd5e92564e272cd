"""Place records come from packaged gazetteers, with precision and source stated."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from catalogue.errors import NotFound
from catalogue.loading import validator_for
from catalogue.places import add_countries, add_places, find_country, find_county, find_municipality, fold, slugify
from catalogue.settings import Settings


def test_fold_handles_swedish_letters_and_geonames_transliteration():
    assert fold("Örnsköldsvik") == "ornskoldsvik"
    assert fold("OEstergoetland") == "ostergotland"


def test_slug_of_a_municipality_is_ascii_kebab():
    assert slugify("Dals-Ed") == "dals-ed"
    assert slugify("Upplands Väsby") == "upplands-vasby"


def test_a_municipality_gets_its_county_and_iso_code_from_the_gazetteers():
    municipality = find_municipality("Stenungsund")
    assert municipality.county.code == "SE-O"
    assert municipality.county.slug == "vastra-gotalands-lan"
    assert municipality.seat_found
    assert 57 < municipality.latitude < 59 and 11 < municipality.longitude < 13


def test_a_locality_is_pointed_to_its_municipality():
    with pytest.raises(NotFound) as caught:
        find_municipality("Frövi")
    assert "Lindesberg" in caught.value.message


def test_an_unknown_county_lists_the_known_ones():
    with pytest.raises(NotFound) as caught:
        find_county("Atlantis län")
    assert "Skåne län" in caught.value.message


def test_written_place_records_conform_to_the_shapes(tmp_path):
    paths = add_places(["Sotenäs"], tmp_path)
    assert {p.name for p in paths} == {"sotenas-kommun.ttl", "vastra-gotalands-lan.ttl"}
    validator = validator_for(Settings())
    for path in paths:
        graph = Graph().parse(path)
        assert validator.validate(graph).conforms
    municipality = Graph().parse(tmp_path / "places" / "sotenas-kommun.ttl")
    subject = URIRef("https://w3id.org/symbios/id/place/sotenas-kommun")
    assert (subject, SKOS.prefLabel, Literal("Sotenäs", lang="sv")) in municipality
    assert "municipality" in municipality.serialize(format="nt")


def test_a_country_gets_its_swedish_name_and_iso_3166_1_code_from_pycountry():
    for name in ("Sverige", "Sweden", "SE"):
        country = find_country(name)
        assert (country.code, country.name, country.slug) == ("SE", "Sverige", "sverige")


def test_an_unknown_country_says_how_to_name_one():
    with pytest.raises(NotFound) as caught:
        find_country("Atlantis")
    assert "Sverige" in caught.value.message


def test_a_written_country_record_conforms_to_the_shapes(tmp_path):
    (path,) = add_countries(["Sverige"], tmp_path)
    graph = Graph().parse(path)
    assert validator_for(Settings()).validate(graph).conforms
    subject = URIRef("https://w3id.org/symbios/id/place/sverige")
    assert (subject, SKOS.notation, Literal("SE", datatype=URIRef("https://w3id.org/symbios/def#Iso3166-1Code"))) in graph
