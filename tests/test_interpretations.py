"""An interpretation is marked (#24): evidence whose fact the curator reads out of the quote rather
than finds stated in it carries ``sym:interpretation`` (the reasoning, sv and en). The ontology
declares it, the shapes accept it only as language-tagged text, and the initiative page and the JSON
view show it next to the quote."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from api.app import create_app
from catalogue.loading import validator_for
from catalogue.namespaces import SYM
from catalogue.settings import PROJECT_ROOT, Settings

PARK = "https://w3id.org/symbios/id/initiative/test-park"
EVIDENCE = URIRef(PARK + "#ev-start")
RECORD = Path(__file__).parent / "fixtures" / "catalogue" / "initiatives" / "test-park.ttl"
REASONING = {"sv": "Källan anger året bara som parkens start; att det är initiativets start är en tolkning.",
             "en": "The source gives the year only as the park's start; that it is the initiative's start is an interpretation."}


def _interpreted(*values: Literal) -> Graph:
    graph = Graph().parse(RECORD)
    for value in values:
        graph.add((EVIDENCE, SYM.interpretation, value))
    return graph


@pytest.fixture(scope="module")
def validator():
    return validator_for(Settings())


@pytest.fixture
def interpreted_client(fixture_settings, loaded_store) -> TestClient:
    loaded_store.replace_graphs({PARK: _interpreted(*(Literal(t, lang=l) for l, t in REASONING.items()))})
    return TestClient(create_app(fixture_settings, store=loaded_store))


def test_the_ontology_declares_interpretation_on_evidence_as_language_tagged_text_in_swedish_and_english():
    core = Graph().parse(PROJECT_ROOT / "ontology" / "core.ttl")
    assert (SYM.interpretation, RDF.type, OWL.DatatypeProperty) in core
    assert core.value(SYM.interpretation, RDFS.domain) == SYM.Evidence
    assert core.value(SYM.interpretation, RDFS.range) == RDF.langString
    for predicate in (RDFS.label, RDFS.comment, SKOS.definition):
        assert {o.language for o in core.objects(SYM.interpretation, predicate)} == {"sv", "en"}, predicate


def test_the_shapes_accept_an_interpretation_in_swedish_and_english(validator):
    result = validator.validate(_interpreted(*(Literal(t, lang=l) for l, t in REASONING.items())))
    assert result.conforms, [p.message_en for p in result.problems]
    assert not [p for p in result.problems if p.path == str(SYM.interpretation)]


def test_the_shapes_refuse_an_interpretation_without_a_language_tag(validator):
    result = validator.validate(_interpreted(Literal("Källan anger inte orten.")))
    assert not result.conforms
    assert {p.shape for p in result.violations} == {"https://w3id.org/symbios/shapes#Evidence-interpretation"}


@pytest.mark.parametrize("lang, label", [("sv", "Tolkning:"), ("en", "Interpretation:")])
def test_the_initiative_page_shows_the_interpretation_next_to_the_quote(interpreted_client, lang, label):
    response = interpreted_client.get(f"/id/initiative/test-park?lang={lang}", headers={"Accept": "text/html"})
    assert response.status_code == 200, response.text[:300]
    page = lxml_html.fromstring(response.text)
    listed = page.xpath('//ol[@class="references"]/li[q[normalize-space()="Parken startade 1998"]]')
    assert listed, "the quote is in the list of sources"
    for place in (listed[0], page.xpath('//details[@class="ref"]')[0]):  # the list and the badge that opens in place
        shown = place.xpath('.//span[@class="interpretation"]')
        assert shown and shown[0].xpath("string(strong)") == label
        assert REASONING[lang] in shown[0].text_content()


def test_a_quote_without_interpretation_shows_none(client):
    response = client.get("/id/initiative/test-park?lang=sv", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert not lxml_html.fromstring(response.text).xpath('//span[@class="interpretation"]')


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_json_view_carries_the_interpretation_with_its_evidence(interpreted_client, lang):
    body = interpreted_client.get(f"/api/initiatives/test-park?lang={lang}").json()
    assert body["evidence"]["ev-start"]["interpretation"] == REASONING[lang]


def test_the_json_view_says_null_for_evidence_that_is_no_interpretation(client):
    assert client.get("/api/initiatives/test-park").json()["evidence"]["ev-start"]["interpretation"] is None


# -- the curated data (#24, "Tense and inference") ----------------------------------------------------

DATA = PROJECT_ROOT / "data" / "initiatives"
ES = "https://w3id.org/symbios/concept/exchange-status/"
#: record -> the evidence whose fact the curator reads out of the quote, not finds stated in it
INTERPRETED = [
    ("industriell-symbios-i-halland", "ev-inspired"),  # "Norrköping" read as the Händelö park
    ("brg-strategi-industriell-symbios", "ev-funder-city"),  # the 2 MSEK's funder
    ("karlstad-pyrolys-demonstrationsanlaggning", "ev-place"),  # the place, from the builder's name
    ("cirkular-kraftsamling-ostergotland-orebro", "ev-kind"),  # "a regional effort", from who leads it
    ("cirkular-kraftsamling-ostergotland-orebro", "ev-ongoing"),  # the status, from the present tense
]


def _record(slug: str) -> Graph:
    return Graph().parse(DATA / f"{slug}.ttl")


@pytest.mark.parametrize("slug, evidence", INTERPRETED)
def test_each_curated_inference_is_marked_as_an_interpretation_in_swedish_and_english(slug, evidence):
    graph = _record(slug)
    node = URIRef(f"https://w3id.org/symbios/id/initiative/{slug}#{evidence}")
    assert {o.language for o in graph.objects(node, SYM.interpretation)} == {"sv", "en"}


def test_a_plant_its_source_speaks_of_in_the_future_tense_is_planned_and_nothing_it_will_do_is_existing():
    # 002 A15: "Kraftvärmeverket ska leverera upp till 7 MW", "Anläggning kommer att kunna behandla …"
    graph = _record("ash2salt")
    subject = URIRef("https://w3id.org/symbios/id/initiative/ash2salt")
    assert str(graph.value(subject, SYM.status)).endswith("/initiative-status/planned")
    status = {str(x).rsplit("#", 1)[-1]: str(graph.value(x, SYM.exchangeStatus)) for x in graph.objects(subject, SYM.hasExchange)}
    assert {k: v for k, v in status.items() if k != "exchange-fuel"} == dict.fromkeys(
        ["exchange-steam", "exchange-fly-ash", "exchange-salts"], ES + "planned")
    assert status["exchange-fuel"] == ES + "existing"  # "har sedan tidigare en anläggning … som levererar"


def test_a_decade_stays_a_decade_the_stenungsund_cluster_has_no_start_year():
    # 002 §2.1.1: "etablerades på 1960-talet"; 1963 is the year Esso's plant started (A1)
    graph = _record("kemiklustret-stenungsund")
    assert graph.value(URIRef("https://w3id.org/symbios/id/initiative/kemiklustret-stenungsund"), SYM.startYear) is None


def test_region_ostergotlands_2020_2023_project_has_its_own_record_linked_both_ways_its_place_marked():
    # 002 A22: "Region Östergötland har under åren 2020–2023 genomfört projektet Cirkulär ekonomi genom
    # industriell samverkan, …" (no place stated: the county is read from the region that carried it out)
    project, kraftsamling = "cirkular-ekonomi-genom-industriell-samverkan", "cirkular-kraftsamling-ostergotland-orebro"
    graph = _record(project)
    subject = URIRef(f"https://w3id.org/symbios/id/initiative/{project}")
    assert (graph.value(subject, SYM.startYear).toPython(), graph.value(subject, SYM.endYear).toPython()) == (2020, 2023)
    assert str(graph.value(subject, SYM.status)).endswith("/initiative-status/ended")
    assert (subject, SYM.relatedInitiative, URIRef(f"https://w3id.org/symbios/id/initiative/{kraftsamling}")) in graph
    assert (URIRef(f"https://w3id.org/symbios/id/initiative/{kraftsamling}"), SYM.relatedInitiative, subject) in _record(kraftsamling)
    place_evidence = [e for e in graph.subjects(SYM.supportsProperty, SYM.place)]
    assert place_evidence and all({o.language for o in graph.objects(e, SYM.interpretation)} == {"sv", "en"}
                                  for e in place_evidence)
