"""The record's parts in the edit form (#20 item 2): roles, exchanges with their quantity, factors,
outcomes, funding and status history are repeatable groups derived from the shapes, each item with
its own evidence block; what the form shows posts back unchanged."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from starlette.datastructures import FormData

from api.app import create_app
from catalogue.accounts import Accounts
from catalogue.database import Database
from catalogue.forms import apply_form, form_fields, form_groups, number_literal
from catalogue.loading import read_shapes
from catalogue.namespaces import SYM
from catalogue.settings import PROJECT_ROOT, Settings

from .backends import REMOTE, store_settings
from .form_post import form_post
from .test_curator_pages import login

PARK = URIRef("https://w3id.org/symbios/id/initiative/test-park")
SOURCE = "https://w3id.org/symbios/id/source/test-source"
MILL = "https://w3id.org/symbios/id/actor/test-mill"
GREENHOUSE = "https://w3id.org/symbios/id/actor/test-greenhouse"
FACILITATOR = "https://w3id.org/symbios/concept/actor-roles/facilitator"
FUNDER = "https://w3id.org/symbios/concept/actor-roles/funder"
CONCEPT = "https://w3id.org/symbios/concept/"


def shapes() -> Graph:
    return read_shapes(Settings().shapes_dir)


def groups_of(cls=SYM.Initiative, graph=None):
    return {g.key: g for g in form_groups(graph or shapes(), cls)}


def turtle(http, tokens):
    answer = http.get("/api/initiatives/test-park/draft", headers=tokens["curator"])
    assert answer.status_code == 200, answer.text
    return Graph().parse(data=answer.text, format="turtle")


def edit(http, lang="sv"):
    page = http.get(f"/curate/initiative/test-park?lang={lang}")
    assert page.status_code == 200, page.text[:300]
    return page.text, form_post(page.text)


def post(http, data, lang="sv"):
    return http.post(f"/curate/initiative/test-park?lang={lang}", data=data, follow_redirects=False)


def blank_number(data, group):
    """The number of the blank item the form offers at the end of a group."""
    numbers = [int(m.group(1)) for name in data if (m := re.match(re.escape(group) + r"\.(\d+)\.", name))]
    return max(numbers)


# -- derived from the shapes --------------------------------------------------------------------------

def test_every_part_of_an_initiative_is_a_group_in_shape_order_with_its_own_evidence():
    groups = form_groups(shapes(), SYM.Initiative)
    assert [g.key for g in groups] == ["hasRole", "hasExchange", "hasDriver", "hasBarrier", "hasSuccessFactor",
                                       "hasOutcome", "hasFunding", "statusHistory"]
    assert all(g.evidence and g.item_names.get("sv") and g.item_names.get("en") for g in groups)


def test_an_exchange_holds_one_quantity_whose_value_range_and_unit_are_fields():
    exchange = groups_of()["hasExchange"]
    quantity = {g.key: g for g in exchange.groups}["quantity"]
    assert quantity.single and not quantity.evidence  # the exchange's evidence covers its quantity
    widgets = {f.key: f.widget for f in quantity.fields}
    assert widgets == {"numericValue": "number", "minValue": "number", "maxValue": "number", "unit": "concept",
                       "valueText": "text"}
    assert [f.key for f in quantity.fields][:3] == ["numericValue", "minValue", "maxValue"]  # sh:order


def test_the_fields_of_parts_get_their_widgets_from_the_shapes():
    groups = groups_of()
    role = {f.key: f for f in groups["hasRole"].fields}
    assert role["agent"].widget == "record" and role["agent"].record_kind == "actor" and role["agent"].required
    assert role["roleType"].widget == "concept" and role["roleType"].multiple
    funding = {f.key: f.widget for f in groups["hasFunding"].fields}
    assert (funding["amount"], funding["currency"], funding["funder"]) == ("number", "string", "record")
    outcome = {f.key: f.widget for f in groups["hasOutcome"].fields}
    assert outcome["derived"] == "boolean" and outcome["indicator"] == "concept"


def test_a_new_part_in_the_shapes_appears_as_a_group_without_new_code():
    graph = shapes() + Graph().parse(format="turtle", data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix sym: <https://w3id.org/symbios/def#> .
        @prefix symsh: <https://w3id.org/symbios/shapes#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        symsh:Initiative sh:property symsh:Initiative-subnodes-milestone .
        symsh:Initiative-subnodes-milestone a sh:PropertyShape ; sh:path sym:hasMilestone ;
            sh:name "milstolpar"@sv, "milestones"@en ; sh:class sym:Milestone ; sh:order 9 .
        symsh:Milestone a sh:NodeShape ; sh:targetClass sym:Milestone ; rdfs:label "Milstolpe"@sv, "Milestone"@en ;
            sh:property [ sh:path sym:year ; sh:name "år"@sv ; sh:maxCount 1 ; sh:datatype xsd:integer ] .
    """)
    milestone = groups_of(graph=graph)["hasMilestone"]
    assert milestone.item_name("en") == "Milestone" and [f.widget for f in milestone.fields] == ["integer"]


@pytest.mark.parametrize("typed,value", [("2,5", "2.5"), ("2.5", "2.5"), ("7 018 141", "7018141"), ("16", "16"),
                                         ("7\u00a0018\u00a0141", "7018141"), ("-3", "-3")])
def test_a_number_is_read_as_typed_in_swedish_or_english(typed, value):
    assert str(number_literal(typed)) == value and number_literal(typed).datatype is not None


def test_a_number_box_holding_words_keeps_them_for_the_shapes_to_name():
    assert number_literal("cirka 5").datatype is None


def test_items_a_form_does_not_post_are_kept_and_blank_new_items_add_nothing(loaded_store):
    graph = loaded_store.graph(str(PARK))
    fields, groups = form_fields(shapes(), SYM.Initiative), form_groups(shapes(), SYM.Initiative)
    form = FormData([("hasRole.0.iri", str(PARK) + "#role-mill"), ("hasRole.0.agent", MILL),
                     ("hasRole.0.roleType", "https://w3id.org/symbios/concept/actor-roles/resource-provider"),
                     ("hasRole.1.ev.locator", ""), ("hasRole.1.agent", "")])
    result = apply_form(graph, PARK, fields, form, groups)
    assert set(result.objects(PARK, SYM.hasExchange)) == set(graph.objects(PARK, SYM.hasExchange))
    assert set(result.objects(PARK, SYM.hasRole)) == {URIRef(str(PARK) + "#role-mill")}


def test_a_posted_iri_of_a_node_the_record_does_not_hold_makes_a_new_node_instead(loaded_store):
    graph = loaded_store.graph(str(PARK))
    fields, groups = form_fields(shapes(), SYM.Initiative), form_groups(shapes(), SYM.Initiative)
    other = "https://w3id.org/symbios/id/initiative/another#role-1"
    form = FormData([("hasRole.0.iri", other), ("hasRole.0.agent", MILL), ("hasRole.0.roleType", FACILITATOR)])
    result = apply_form(graph, PARK, fields, form, groups)
    assert (None, None, URIRef(other)) not in result
    assert (URIRef(str(PARK) + "#role-1"), SYM.agent, URIRef(MILL)) in result


def test_more_items_than_a_person_posts_are_refused_as_a_bad_request(loaded_store):
    from catalogue.errors import BadRequest

    form = FormData([(f"hasDriver.{n}.description.sv", "x") for n in range(201)])
    with pytest.raises(BadRequest, match="at most 200"):
        apply_form(loaded_store.graph(str(PARK)), PARK, [], form, form_groups(shapes(), SYM.Initiative))


# -- over HTTP ----------------------------------------------------------------------------------------

def test_the_form_shows_each_part_as_an_item_with_its_values_and_a_blank_one_to_add(http, tokens):
    login(http, tokens)
    page, data = edit(http)
    assert data["hasRole.0.iri"] == [str(PARK) + "#role-mill"] and data["hasRole.0.agent"] == [MILL]
    assert data["hasExchange.0.quantity.0.numericValue"] == ["12"]
    assert data["hasFunding.0.currency"] == ["SEK"] and data["hasFunding.0.amount"] == ["1000000"]
    assert "Lägg till: roll" in page and "Lägg till: resursutbyte" in page
    assert "hasRole.__n__.agent" in page  # the script's copy, inside a <template> (never posted)
    assert not any("__n__" in name for name in data)


def test_a_role_added_with_its_quote_is_saved_as_a_node_with_its_own_evidence(http, tokens):
    login(http, tokens)
    _, data = edit(http)
    n = blank_number(data, "hasRole")
    data.update({f"hasRole.{n}.agent": [GREENHOUSE], f"hasRole.{n}.roleType": [FACILITATOR],
                 f"hasRole.{n}.ev.source": [SOURCE], f"hasRole.{n}.ev.locator": ["Avsnitt 2"],
                 f"hasRole.{n}.ev.quote": ["Testväxthuset är ett företag i Testby."], "message": ["Ny roll"]})
    saved = post(http, data)
    assert saved.status_code == 303, saved.text[:2000]
    graph = turtle(http, tokens)
    role = URIRef(str(PARK) + "#role-1")
    assert (PARK, SYM.hasRole, role) in graph and (role, SYM.agent, URIRef(GREENHOUSE)) in graph
    evidence = graph.value(role, SYM.evidence)
    assert str(evidence) == str(PARK) + "#ev-role-1"
    assert graph.value(evidence, SYM.quote) == Literal("Testväxthuset är ett företag i Testby.", lang="sv")


def test_a_new_part_without_evidence_is_refused_at_its_evidence_block_and_stays_in_the_form(http, tokens):
    login(http, tokens)
    _, data = edit(http)
    n = blank_number(data, "hasBarrier")
    data.update({f"hasBarrier.{n}.factorType": [CONCEPT + "barrier-types/regulation"],
                 f"hasBarrier.{n}.description.sv": ["Tillstånden tog lång tid."], "message": ["Nytt hinder"]})
    refused = post(http, data)
    assert refused.status_code == 200
    assert f'id="field-hasBarrier-{n}-ev"' in refused.text and "Hinder: ange ett belägg" in refused.text
    assert "Tillstånden tog lång tid." in refused.text and 'value="Nytt hinder"' in refused.text
    assert f'href="#field-hasBarrier-{n}-ev"' in refused.text  # the summary at the top links to it
    assert (PARK, SYM.hasBarrier, None) not in turtle(http, tokens)


def test_a_quote_of_a_part_that_the_source_does_not_hold_is_refused_at_that_part(http, tokens):
    login(http, tokens)
    _, data = edit(http)
    n = blank_number(data, "hasDriver")
    data.update({f"hasDriver.{n}.factorType": [CONCEPT + "driver-types/reduced-costs"],
                 f"hasDriver.{n}.ev.source": [SOURCE], f"hasDriver.{n}.ev.locator": ["Avsnitt 1"],
                 f"hasDriver.{n}.ev.quote": ["Parken startade 1998 i Uppsala."]})
    refused = post(http, data)
    block = refused.text.split(f'id="field-hasDriver-{n}-ev"', 1)[1].split("<details", 1)[0]
    assert "Parken startade 1998 i Testby”" in block  # the closest passage, at the part's evidence


def test_a_quantity_typed_with_a_decimal_comma_is_stored_as_a_number(http, tokens):
    login(http, tokens)
    _, data = edit(http)
    data.update({"hasExchange.0.quantity.0.numericValue": ["12,5"], "hasExchange.0.ev.source": [SOURCE],
                 "hasExchange.0.ev.locator": ["Avsnitt 1"], "hasExchange.0.ev.quote": ["omkring 12 GWh per år"]})
    saved = post(http, data)
    assert saved.status_code == 303, saved.text[:2000]
    quantity = URIRef(str(PARK) + "#exchange-heat-quantity")
    assert turtle(http, tokens).value(quantity, SYM.numericValue).toPython() == pytest.approx(12.5)


def test_a_removed_part_leaves_with_its_quantity_and_the_evidence_nothing_else_cites(http, tokens):
    login(http, tokens)
    _, data = edit(http)
    data["hasExchange.0.remove"] = ["1"]
    saved = post(http, data)
    assert saved.status_code == 303, saved.text[:2000]
    graph = turtle(http, tokens)
    assert (PARK, SYM.hasExchange, None) not in graph
    assert (URIRef(str(PARK) + "#exchange-heat-quantity"), None, None) not in graph
    assert (URIRef(str(PARK) + "#ev-start"), RDF.type, SYM.Evidence) in graph  # the start year still cites it


def test_a_refused_removal_shows_the_item_still_marked_for_removal(http, tokens):
    login(http, tokens)
    _, data = edit(http)
    n = blank_number(data, "hasBarrier")
    data.update({"hasFunding.0.remove": ["1"], f"hasBarrier.{n}.factorType": [CONCEPT + "barrier-types/regulation"]})
    refused = post(http, data)
    assert refused.status_code == 200 and "field-error" in refused.text
    again = form_post(refused.text)
    assert again.get("hasFunding.0.remove") == ["1"]


def test_the_english_form_names_the_parts_in_english(http, tokens):
    login(http, tokens)
    page, _ = edit(http, "en")
    assert "Add: role" in page and "Roles" in page and "Resource exchange 1" in page and "Lägg till" not in page
    assert ">Swedish<" in page and ">svenska<" not in page  # the language of each text box, in the page's language


@pytest.mark.skipif(REMOTE, reason="the form's logic does not depend on the store; once on the embedded one")
def test_every_curated_initiative_posted_back_as_its_form_shows_it_changes_nothing(tmp_path, real_store):
    settings = Settings(**store_settings(), data_dir=PROJECT_ROOT / "data", curation_db=str(tmp_path / "c.sqlite"))
    token = Accounts(Database(settings.curation_location)).create("round-trip", "curator")
    http = TestClient(create_app(settings, store=real_store))
    login(http, {"curator": {"Authorization": f"Bearer {token}"}})
    records = [iri for iri in real_store.graph_names() if re.search(r"/id/initiative/[a-z0-9-]+$", iri)]
    assert len(records) >= 42
    for iri in sorted(records):
        kind, slug = iri.rsplit("/", 2)[-2:]
        page = http.get(f"/curate/{kind}/{slug}")
        answer = http.post(f"/curate/{kind}/{slug}", data=form_post(page.text), follow_redirects=False)
        assert answer.status_code == 200 and "Inget ändrades" in answer.text, (iri, answer.text[:3000])


def test_a_save_over_someone_elses_shows_what_they_changed_and_stores_nothing(http, tokens):
    login(http, tokens)
    _, opened = edit(http)
    first = post(http, {**opened, "prefLabel.sv": ["Testparken i Testby"], "message": ["Nytt namn"]})
    assert first.status_code == 303, first.text[:2000]
    late = post(http, {**opened, "altLabel.sv": ["Parken"], "message": ["Mitt byte"]})
    assert late.status_code == 409
    assert "Någon har sparat posten" in late.text and "Det här ändrade de:" in late.text
    assert "Testparken i Testby" in late.text.split("Det här ändrade de:", 1)[1].split("</ul>", 1)[0]
    graph = turtle(http, tokens)
    assert (PARK, URIRef("http://www.w3.org/2004/02/skos/core#altLabel"), Literal("Parken", lang="sv")) not in graph
