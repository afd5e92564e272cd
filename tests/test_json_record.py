"""Writes in the JSON shape GET returns: GET then PUT stores the same triples; edits change only what they say."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.compare import graph_diff, isomorphic
from rdflib.namespace import DCTERMS

from catalogue.errors import InvalidData
from catalogue.json_record import record_from_json
from catalogue.labels import Labels
from catalogue.namespaces import SYM, record_iri
from catalogue.views import actor_view, initiative_view

from .conftest import PROJECT_ROOT


def slugs(kind: str) -> list[str]:
    return sorted(p.stem for p in (PROJECT_ROOT / "data" / f"{kind}s").glob("*.ttl"))


@pytest.fixture(scope="module")
def labels(real_store):
    return Labels.build(real_store)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_curated_initiative_read_as_json_and_written_back_is_unchanged(real_store, labels, lang):
    for slug in slugs("initiative"):
        current = real_store.graph(record_iri("initiative", slug))
        written = record_from_json(initiative_view(real_store, labels, slug, lang), "initiative", slug, current, lang)
        if not isomorphic(written, current):
            _, lost, added = graph_diff(current, written)
            pytest.fail(f"{slug} ({lang}): lost {sorted(lost)[:3]}, added {sorted(added)[:3]}")


def test_every_curated_actor_read_as_json_and_written_back_is_unchanged(real_store, labels):
    for slug in slugs("actor"):
        current = real_store.graph(record_iri("actor", slug))
        written = record_from_json(actor_view(real_store, labels, slug, "en"), "actor", slug, current, "en")
        assert isomorphic(written, current), slug


def test_an_edited_text_replaces_only_its_own_language(real_store, labels):
    current = real_store.graph(record_iri("initiative", "ash2salt"))
    view = initiative_view(real_store, labels, "ash2salt", "en")
    view["description"] = "A corrected English description."
    written = record_from_json(view, "initiative", "ash2salt", current, "en")
    subject = URIRef(record_iri("initiative", "ash2salt"))
    descriptions = {(str(d), d.language) for d in written.objects(subject, DCTERMS.description)}
    assert ("A corrected English description.", "en") in descriptions
    assert any(language == "sv" for _, language in descriptions) and len(descriptions) == 2


def test_a_left_out_exchange_is_removed_with_its_quantity_and_a_new_one_gets_an_iri(real_store, labels):
    current = real_store.graph(record_iri("initiative", "ash2salt"))
    view = initiative_view(real_store, labels, "ash2salt", "sv")
    steam = next(e for e in view["exchanges"] if e["iri"].endswith("#exchange-steam"))
    view["exchanges"] = [e for e in view["exchanges"] if e is not steam] + [
        {"provider": {"iri": record_iri("actor", "eon")}, "resource_type": "https://w3id.org/symbios/concept/resource-types/steam",
         "status": {"iri": "https://w3id.org/symbios/concept/exchange-status/planned"},
         "quantities": [{"max": 9, "unit": {"iri": "https://w3id.org/symbios/concept/units/mw"}}]}]
    written = record_from_json(view, "initiative", "ash2salt", current, "sv")
    assert (URIRef(steam["iri"]), None, None) not in written
    assert (URIRef(steam["iri"] + "-quantity"), None, None) not in written
    new = URIRef(record_iri("initiative", "ash2salt") + "#exchange")
    assert (new, SYM.resourceType, None) in written and (new, SYM.quantity, URIRef(str(new) + "-quantity")) in written
    assert (URIRef(str(new) + "-quantity"), SYM.maxValue, Literal(9)) in written


@pytest.mark.parametrize("body,path", [
    ({"start_year": "tjugohundra"}, "start_year"),
    ({"kind": "bilateral"}, "kind"),
    ({"exchanges": [{"iri": "https://elsewhere.example/x"}]}, "exchanges[0].iri"),
    ({"colour": "green"}, "colour"),
    ({"description": 12}, "description"),
])
def test_a_malformed_json_body_is_refused_naming_the_field(real_store, body, path):
    current = real_store.graph(record_iri("initiative", "ash2salt"))
    with pytest.raises(InvalidData) as error:
        record_from_json(body, "initiative", "ash2salt", current, "sv")
    assert error.value.details["path"] == path
