"""Readable review: the changes between two versions of a record in words, not N-Triples (#20 item 5)."""

from __future__ import annotations

import random
import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from catalogue.labels import Labels
from catalogue.loading import read_shapes
from catalogue.namespaces import ID, SYM
from catalogue.review_diff import changes_since, readable_changes, state_name, when
from catalogue.settings import PROJECT_ROOT


SHAPES = read_shapes(PROJECT_ROOT / "shapes")
ASH2SALT = f"{ID}initiative/ash2salt"
ARCTIC = f"{ID}initiative/arctic-food-arena"
PARK = f"{ID}initiative/test-park"
ES = "https://w3id.org/symbios/concept/exchange-status/"
RT = "https://w3id.org/symbios/concept/resource-types/"
#: What no change may show: catalogue IRIs, N-Triples syntax, blank nodes, prefixed names.
JARGON = re.compile(r"w3id\.org|https?://|\^\^|_:|\"@(sv|en)\b|<[a-z]+:|\b(sym|skos|dcterms|rdf|rdfs|xsd|owl|ik|rt|es|ist|ar|at|"
                    r"bt|dt|sf|ind|u|of|fp|pp|crit|lp|actor|place|src|initiative|org|schema|geo|oa|prov):[A-Za-z]")


@pytest.fixture(scope="module")
def real_labels(real_store) -> Labels:
    return Labels.build(real_store)


def copy(graph: Graph) -> Graph:
    new = Graph()
    for triple in graph:
        new.add(triple)
    return new


def texts(old, new, record, labels, lang="sv") -> list[str]:
    return [change.text for change in readable_changes(old, new, record, labels, SHAPES, lang)]


def with_start_year(graph: Graph, record: str, year: int) -> Graph:
    new = copy(graph)
    new.set((URIRef(record), SYM.startYear, Literal(year)))
    return new


def with_supported_start_year(graph: Graph, record: str, year: int) -> Graph:
    """A new start year with a new quote for it (a write of a changed fact must bring its evidence)."""
    new = with_start_year(graph, record, year)
    evidence = URIRef(f"{record}#ev-start-{year}")
    for p, o in ((RDF.type, SYM.Evidence), (DCTERMS.source, URIRef(f"{ID}source/test-source")),
                 (SYM.locator, Literal("Avsnitt 2")), (SYM.supportsProperty, SYM.startYear),
                 (SYM.quote, Literal("Den nya resurshubben i Testby planeras och ska starta 2025.", lang="sv"))):
        new.add((evidence, p, o))
    new.add((URIRef(record), SYM.evidence, evidence))
    return new


def test_a_changed_start_year_reads_startar_2021_to_2019(real_store, real_labels):
    record = real_store.graph(ASH2SALT)
    assert texts(with_start_year(record, ASH2SALT, 2021), with_start_year(record, ASH2SALT, 2019),
                 ASH2SALT, real_labels) == ["Startår: 2021 → 2019"]


def test_on_an_english_page_the_same_change_reads_start_year_2021_to_2019(real_store, real_labels):
    record = real_store.graph(ASH2SALT)
    assert texts(with_start_year(record, ASH2SALT, 2021), with_start_year(record, ASH2SALT, 2019),
                 ASH2SALT, real_labels, "en") == ["Start year: 2021 → 2019"]


def test_a_start_year_given_for_the_first_time_reads_from_a_dash(real_store, real_labels):
    record = real_store.graph(ASH2SALT)
    change, = readable_changes(record, with_start_year(record, ASH2SALT, 2019), ASH2SALT, real_labels, SHAPES, "sv")
    assert change.text == "Startår: – → 2019" and change.action == "added" and change.area == "field"


def new_exchange(graph: Graph, record: str) -> Graph:
    new = copy(graph)
    node = URIRef(record + "#exchange-new-steam")
    for p, o in ((RDF.type, SYM.ResourceExchange), (SYM.provider, URIRef(f"{ID}actor/eon")),
                 (SYM.receiver, URIRef(f"{ID}actor/ragn-sells")), (SYM.resourceType, URIRef(RT + "steam")),
                 (SYM.exchangeStatus, URIRef(ES + "planned")), (SYM.evidence, URIRef(record + "#ev-steam"))):
        new.add((node, p, o))
    new.add((URIRef(record), SYM.hasExchange, node))
    return new


def test_a_new_exchange_names_its_resource_provider_and_receiver(real_store, real_labels):
    record = real_store.graph(ASH2SALT)
    assert "Nytt resursutbyte: Ånga, E.ON → Ragnsells" in texts(record, new_exchange(record, ASH2SALT), ASH2SALT, real_labels)
    assert "New resource exchange: Steam, E.ON → Ragnsells" in texts(record, new_exchange(record, ASH2SALT), ASH2SALT,
                                                                      real_labels, "en")


def test_an_exchange_whose_status_changed_reads_its_resource_and_the_status_old_to_new(real_store, real_labels):
    record = real_store.graph(ASH2SALT)
    new = copy(record)
    new.set((URIRef(ASH2SALT + "#exchange-steam"), SYM.exchangeStatus, URIRef(ES + "existing")))  # planned since #24
    assert texts(record, new, ASH2SALT, real_labels) == ["Resursutbyte Ånga: utbytesstatus Planerat → Befintligt"]


def test_a_changed_quantity_reads_as_amounts_with_their_unit_inside_its_exchange(real_store, real_labels):
    record = real_store.graph(ASH2SALT)
    new = copy(record)
    new.set((URIRef(ASH2SALT + "#exchange-fly-ash-quantity"), SYM.maxValue, Literal(200000)))
    assert texts(record, new, ASH2SALT, real_labels) == [
        "Resursutbyte Flygaska: mängd högst 150\u00a0000 ton per år → högst 200\u00a0000 ton per år"]


def without(graph: Graph, node: URIRef) -> Graph:
    new = copy(graph)
    new.remove((node, None, None))
    new.remove((None, None, node))
    return new


def test_a_removed_barrier_is_named_by_its_kind_of_barrier(real_store, real_labels):
    record = real_store.graph(ARCTIC)
    barrier = URIRef(ARCTIC + "#barrier-anchor")
    kind = real_labels.get(str(record.value(barrier, SYM.factorType)), "sv")
    said = texts(record, without(record, barrier), ARCTIC, real_labels)
    assert any(text.startswith(f"Borttaget hinder: {kind}") for text in said), said
    assert any(text.startswith(f"Removed barrier: {real_labels.get(str(record.value(barrier, SYM.factorType)), 'en')}")
               for text in texts(record, without(record, barrier), ARCTIC, real_labels, "en"))


def test_a_role_reads_as_its_actor_and_role_types(real_store, real_labels):
    record = real_store.graph(ASH2SALT)
    said = texts(record, without(record, URIRef(ASH2SALT + "#role-eon")), ASH2SALT, real_labels)
    assert "Borttagen roll: E.ON (resursleverantör, resursmottagare)" in said, said


def test_a_new_quote_for_the_start_year_names_the_field_the_quote_and_its_locator(real_store, real_labels):
    record = with_start_year(real_store.graph(ASH2SALT), ASH2SALT, 2021)
    new = copy(record)
    evidence = URIRef(ASH2SALT + "#ev-start")
    for p, o in ((RDF.type, SYM.Evidence), (DCTERMS.source, URIRef(f"{ID}source/rise-kunskapsunderlag-ius")),
                 (SYM.locator, Literal("Bilaga A3")), (SYM.quote, Literal("Anläggningen invigdes 2021", lang="sv")),
                 (SYM.supportsProperty, SYM.startYear)):
        new.add((evidence, p, o))
    new.add((URIRef(ASH2SALT), SYM.evidence, evidence))
    change, = readable_changes(record, new, ASH2SALT, real_labels, SHAPES, "sv")
    assert change.area == "evidence" and change.text.startswith("Nytt belägg för startår: ”Anläggningen invigdes 2021” (Bilaga A3, ")


def test_a_quote_edited_in_place_reads_old_quote_to_new(real_store, real_labels):
    record = real_store.graph(ASH2SALT)
    new = copy(record)
    new.set((URIRef(ASH2SALT + "#ev-place"), SYM.quote, Literal("Lokalisering Bro", lang="sv")))
    assert texts(record, new, ASH2SALT, real_labels) == ["Ändrat belägg för plats: ”Lokalisering Högbytorp, Bro” → ”Lokalisering Bro”"]


def test_the_same_parts_under_new_names_are_no_change(real_store, real_labels):
    record = real_store.graph(ASH2SALT)
    renamed = Graph()
    rename = {ASH2SALT + "#exchange-steam": ASH2SALT + "#exchange-1", ASH2SALT + "#role-eon": ASH2SALT + "#role-2"}
    for s, p, o in record:
        renamed.add((URIRef(rename.get(str(s), str(s))), p, URIRef(rename[str(o)]) if str(o) in rename else o))
    assert texts(record, renamed, ASH2SALT, real_labels) == []


def test_two_versions_with_the_same_triples_have_no_changes(real_store, real_labels):
    record = real_store.graph(ASH2SALT)
    assert readable_changes(record, copy(record), ASH2SALT, real_labels, SHAPES, "sv") == []


def test_a_long_text_is_shortened_and_quoted(real_store, real_labels):
    record = real_store.graph(ASH2SALT)
    new = copy(record)
    new.remove((URIRef(ASH2SALT), DCTERMS.description, None))
    new.add((URIRef(ASH2SALT), DCTERMS.description, Literal("Kort.", lang="sv")))
    said = texts(record, new, ASH2SALT, real_labels)
    assert said[0].startswith("Beskrivning (svenska): ”Ragnsells anläggning") and "…” → ”Kort.”" in said[0]
    assert said[1].startswith("Beskrivning (engelska): ”Ragnsells' plant") and said[1].endswith("→ –")


def test_an_actor_the_catalogue_does_not_know_yet_reads_by_a_readable_name_not_its_iri(real_store, real_labels):
    record = real_store.graph(ASH2SALT)
    new = copy(record)
    new.set((URIRef(ASH2SALT + "#role-eon"), SYM.agent, URIRef(f"{ID}actor/biogas-bolaget-ab")))
    assert texts(record, new, ASH2SALT, real_labels) == ["Roll Biogas bolaget ab: aktör E.ON → Biogas bolaget ab"]


def test_a_new_record_lists_every_field_and_part_as_added(real_store, real_labels):
    changes = readable_changes(None, real_store.graph(ASH2SALT), ASH2SALT, real_labels, SHAPES, "sv")
    assert {c.action for c in changes} == {"added"}
    assert "Namn (svenska): – → ”Ash2Salt”" in [c.text for c in changes]
    assert "Nytt resursutbyte: Ånga, E.ON → Ragnsells" in [c.text for c in changes]


def random_edit(graph: Graph, record: str, rng: random.Random, pool: dict) -> Graph:
    """Remove, swap and add a few triples: objects come from what the catalogue uses for the same property."""
    new = copy(graph)
    triples = sorted(graph, key=str)
    for _ in range(rng.randint(1, 6)):
        s, p, o = rng.choice(triples)
        move = rng.random()
        if move < 0.4:
            new.remove((s, p, o))
        elif move < 0.8 and pool.get(p):
            new.remove((s, p, o))
            new.add((s, p, rng.choice(pool[p])))
        else:
            node = URIRef(f"{record}#added-{rng.randint(0, 10**6)}")
            kind = rng.choice([SYM.Role, SYM.ResourceExchange, SYM.Barrier, SYM.Outcome, SYM.Funding, SYM.Evidence])
            new.add((node, RDF.type, kind))
            for prop in rng.sample(sorted(pool), 3):
                new.add((node, prop, rng.choice(pool[prop])))
            new.add((URIRef(record), SYM.hasExchange if kind == SYM.ResourceExchange else SYM.hasRole, node))
    return new


def test_no_prefixed_name_or_iri_in_any_change_of_any_curated_record_edited_at_random(real_store, real_labels):
    rng = random.Random(20)
    records = sorted(g for g in real_store.graph_names() if g.startswith((f"{ID}initiative/", f"{ID}actor/")))
    graphs = {g: real_store.graph(g) for g in records}
    pool: dict = {}
    for graph in graphs.values():
        for _, p, o in graph:
            if not (isinstance(o, URIRef) and "#" in str(o)):
                pool.setdefault(p, []).append(o)
    pool = {p: sorted(set(objects), key=str)[:50] for p, objects in pool.items()}
    seen = 0
    for record in records:
        for lang in ("sv", "en"):
            edited = random_edit(graphs[record], record, rng, pool)
            for change in readable_changes(graphs[record], edited, record, real_labels, SHAPES, lang):
                seen += 1
                assert not JARGON.search(change.text), (record, change.text)
    assert len(records) > 200 and seen > 400


def test_dates_read_the_way_people_write_them_in_swedish_time():
    assert when("2026-12-02T18:04:00+00:00", "sv") == "2 dec. 2026 19:04"
    assert when("2026-12-02T18:04:00+00:00", "en") == "2 Dec 2026 19:04"
    assert when("2026-07-01T10:00:00+00:00", "sv") == "1 juli 2026 12:00"  # summer time


def test_state_names_read_in_the_pages_language():
    assert [state_name(s, "sv") for s in ("draft", "in-review", "published", "withdrawn")] == [
        "utkast", "granskas", "publicerad", "tillbakadragen"]
    assert [state_name(s, "en") for s in ("draft", "in-review", "published", "withdrawn")] == [
        "draft", "in review", "published", "withdrawn"]


def test_changes_since_the_version_someone_edited_name_who_saved_and_what_they_changed(curation_app):
    curation = curation_app.state.curation
    labels = curation_app.state.catalogue.labels
    edited = curation.current("initiative", "test-park")
    theirs = with_supported_start_year(edited.graph(), PARK, 2001)
    curation.save("initiative", "test-park", theirs, "test-reviewer", "Rättat år", edited.etag)
    since = changes_since(curation, "initiative", "test-park", edited.etag, labels, SHAPES, "sv")
    assert since.edited.number == edited.number and since.authors == ["test-reviewer"]
    assert [c.text for c in since.changes] == [
        "Startår: 1998 → 2001",
        "Nytt belägg för startår: ”Den nya resurshubben i Testby planeras och ska starta 2025.” (Avsnitt 2, Testkälla)"]
    assert since.as_dict("en")["versions"][0]["state_label"] == "draft"


def test_changes_since_an_etag_that_names_no_version_names_the_current_version_and_no_changes(curation_app):
    curation = curation_app.state.curation
    since = changes_since(curation, "initiative", "test-park", '"not-a-version"', curation_app.state.catalogue.labels,
                          SHAPES, "sv")
    assert since.edited is None and since.changes == [] and since.versions[-1].number == 1
