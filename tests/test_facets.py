"""The facet index: filters, counts and sort orders from arrays agree with counting entry by entry."""

from __future__ import annotations

from collections import Counter

import pytest

from catalogue.facets import COUNTED, Hierarchy, fold
from catalogue.service import Catalogue


@pytest.fixture(scope="module")
def index(real_store):
    return Catalogue(real_store).index


def by_hand(index, filters, before=None, after=None):
    """The initiatives matching every filter (values OR-ed), found one entry at a time."""
    chosen = []
    for entry in index.entries.values():
        if all(any(index.resolve(facet, v) in entry.values.get(facet, ()) for v in values)
               for facet, values in filters.items()):
            year = entry.start_year
            if before is not None and (year is None or year >= before):
                continue
            if after is not None and (year is None or year <= after):
                continue
            chosen.append(entry)
    return chosen


SEARCHES = [
    ({}, None, None),
    ({"resource": ["waste-heat"]}, None, None),
    ({"resource": ["technical-water", "steam"], "status": ["active"]}, None, None),
    ({"region": ["vastra-gotalands-lan"]}, 2015, None),
    ({"kind": ["place-based-symbiosis", "bilateral-symbiosis"]}, None, 2000),
    ({"barrier": ["permits"]}, None, None),
    ({"driver": ["green-jobs", "local-food-production"]}, None, None),
]


@pytest.mark.parametrize("filters,before,after", SEARCHES)
def test_totals_and_facet_counts_equal_counting_entry_by_entry(index, filters, before, after):
    expected = by_hand(index, filters, before, after)
    assert expected or not filters  # every search finds something in the curated catalogue
    result = index.search(filters, started_before=before, started_after=after, limit=1000)
    assert result.total == len(expected)
    assert {e.iri for e in result.items} == {e.iri for e in expected}
    for facet in COUNTED:
        counts = Counter(v for e in expected for v in e.values.get(facet, ()))
        assert dict(result.facets[facet]) == dict(counts), facet
        assert [n for _, n in result.facets[facet]] == sorted(counts.values(), reverse=True)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_pages_follow_the_sort_order_in_the_chosen_language(index, lang):
    label = lambda e: fold(e.labels.get(lang) or e.labels.get("sv") or e.iri)  # noqa: E731
    everything = index.search({}, lang=lang, limit=1000).items
    assert [label(e) for e in everything] == sorted(label(e) for e in everything)
    backwards = index.search({}, sort="-label", lang=lang, limit=1000).items
    assert [label(e) for e in backwards] == sorted((label(e) for e in everything), reverse=True)
    by_year = [e.start_year for e in index.search({}, sort="start_year", lang=lang, limit=1000).items]
    known = [y for y in by_year if y is not None]
    assert known == sorted(known) and by_year[:len(known)] == known  # initiatives without a year come last
    newest = [e.start_year for e in index.search({}, sort="-start_year", lang=lang, limit=1000).items]
    assert [y for y in newest if y is not None] == sorted(known, reverse=True) and newest[0] == max(known)


def test_offset_and_limit_cut_the_same_ordered_list(index):
    whole = [e.iri for e in index.search({"resource": ["waste-heat"]}, limit=1000).items]
    assert [e.iri for e in index.search({"resource": ["waste-heat"]}, limit=3, offset=2).items] == whole[2:5]


def test_steam_counts_under_energy_and_under_gases(index):
    """Steam has two broader concepts (energy, gases; issue #2): an initiative that exchanges
    steam and no other gas (Ash2Salt) is found under both categories."""
    ash2salt = "https://w3id.org/symbios/id/initiative/ash2salt"
    for category in ("energy", "gases"):
        found = index.search({"resource_category": [category]}, limit=1000).items
        assert ash2salt in {e.iri for e in found}, category


def test_the_resource_facet_tree_draws_steam_once_under_energy(real_store):
    from api.routes.pages import _tree
    from catalogue.listing import search_initiatives

    catalogue = Catalogue(real_store)
    values = search_initiatives(catalogue, {}, None, None, None, None, "en", 10, 0)["facets"]["resource"]

    def walk(nodes, parent=None):
        for node in nodes:
            yield parent, node
            yield from walk(node["children"], node["slug"])

    placed = [(parent, node["slug"]) for parent, node in walk(_tree(values, catalogue)) if node["slug"] == "steam"]
    assert placed == [("energy", "steam")]


def test_a_concept_counts_for_every_concept_above_it_and_its_top_category():
    hierarchy = Hierarchy([{"concept": "low", "broader": "mid"}, {"concept": "mid", "broader": "top"},
                           {"concept": "top", "top": True}, {"concept": "other", "top": True}])
    values = {"resource": {"low"}, "kind": {"mid"}, "status": {"active"}}
    hierarchy.expand(values)
    assert values["resource"] == {"low", "mid", "top"} and values["resource_direct"] == {"low"}
    assert values["resource_category"] == {"top"}
    assert values["kind"] == {"mid", "top"} and values["kind_direct"] == {"mid"}
    assert values["status"] == {"active"}  # not a hierarchy


def test_a_cycle_of_broader_links_ends_the_expansion():
    hierarchy = Hierarchy([{"concept": "a", "broader": "b"}, {"concept": "b", "broader": "a"}])
    assert hierarchy.up("a") == {"a", "b"}
