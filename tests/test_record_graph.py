"""RecordGraph, the read-only graph record pages are built from, answers exactly as an rdflib Graph."""

from __future__ import annotations

import itertools

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from catalogue.record_graph import RecordGraph

PARK = "https://w3id.org/symbios/id/initiative/test-park"


@pytest.fixture
def pair(loaded_store) -> tuple[RecordGraph, Graph]:
    light, full = loaded_store.graph(PARK, light=True), loaded_store.graph(PARK)
    assert isinstance(light, RecordGraph) and len(full) > 20
    return light, full


def test_every_triple_pattern_gives_the_same_triples_as_an_rdflib_graph(pair):
    light, full = pair
    s, p, o = next(iter(full.triples((URIRef(PARK), None, None))))
    missing = URIRef("https://example.org/missing")
    for pattern in itertools.product((None, s, missing), (None, p, missing), (None, o, missing)):
        assert sorted(light.triples(pattern)) == sorted(full.triples(pattern)), pattern


def test_the_lookups_the_views_make_agree_with_an_rdflib_graph(pair):
    light, full = pair
    for subject, predicate, value in full:
        assert sorted(light.objects(subject, predicate)) == sorted(full.objects(subject, predicate))
        assert sorted(light.subjects(predicate, value)) == sorted(full.subjects(predicate, value))
        assert sorted(light.predicate_objects(subject)) == sorted(full.predicate_objects(subject))
        assert light.value(subject, predicate) in set(full.objects(subject, predicate))
        assert (subject, predicate, value) in light
    assert len(light) == len(full) and sorted(light) == sorted(full)
    assert light.value(URIRef(PARK), URIRef("https://example.org/none"), default="none") == "none"
    assert (URIRef(PARK), RDF.type, Literal("not a class")) not in light


@pytest.mark.parametrize("fmt", ["turtle", "nt", "json-ld", "xml"])
def test_it_serialises_to_the_same_graph(pair, fmt):
    light, full = pair
    assert isomorphic(Graph().parse(data=light.serialize(format=fmt), format=fmt), full)


def test_it_refuses_changes_and_says_to_copy_it(pair):
    light, _ = pair
    with pytest.raises(TypeError, match="read-only"):
        light.add((URIRef(PARK), RDF.type, RDF.Property))
    assert len(light) == len(pair[1])
